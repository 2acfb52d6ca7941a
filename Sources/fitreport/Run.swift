import ArgumentParser
import Configuration
import Foundation
import Report
import Training

/// `fitreport run`: train, then write the run folder.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the model and write figures, data files and report.html to a new run folder.")

    @OptionGroup(title: "Run settings") var options: RunOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    @Flag(name: .shortAndLong, help: "Print only the path of report.html.")
    var quiet = false

    func run() throws {
        let resolved: ResolvedRun
        do {
            resolved = try options.runConfig().resolve()
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        let result: TrainingRun
        do {
            result = try Trainer.run(resolved.training)
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        let written: WrittenRun
        do {
            written = try ReportWriter(outputRoot: output.out, settings: output.settings).write(result, resolved: resolved)
        } catch let error as ReportError {
            switch error {
            case .notWritable: throw Failure(code: .notWritable, message: error.description)
            default: throw Failure(code: .badInput, message: error.description)
            }
        }
        if !quiet { print(Summary.lines(result).joined(separator: "\n")) }
        print(written.reportPath)
        if case .diverged(let epoch) = result.status {
            throw Failure(code: .diverged, message: "training diverged at epoch \(epoch); the report was written "
                + "with the history up to that point. Try a smaller learning rate (--lr).")
        }
    }
}

/// The short text summary printed after a run.
enum Summary {
    static func lines(_ run: TrainingRun) -> [String] {
        let names = run.parameterNames
        func list(_ values: [Double]) -> String {
            zip(names, values).map { "\($0)=\(String(format: "%.6g", $1))" }.joined(separator: " ")
        }
        let lossName = run.config.loss.displayName
        var lines = ["trained   \(list(run.finalParameters))  \(lossName) \(String(format: "%.6g", run.finalLoss))"]
        if let ls = run.leastSquares {
            lines.append("lstsq     \(list(ls.parameters))  \(lossName) \(String(format: "%.6g", ls.loss))")
        }
        return lines
    }
}
