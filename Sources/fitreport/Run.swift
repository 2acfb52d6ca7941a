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
        let config: RunConfig
        do {
            config = try options.runConfig()
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        let interruption = Interruption()
        let (result, written) = try RunExecution.execute(config, output: output, interruption: interruption)
        if !quiet { print(Summary.lines(result).joined(separator: "\n")) }
        print(written.reportPath)
        if case .diverged(let epoch) = result.status {
            throw Failure(code: .diverged, message: "training diverged at epoch \(epoch); the report was written "
                + "with the history up to that point. Try a smaller learning rate (--lr).")
        }
    }
}

/// One run from settings to folder, shared by `run` and `sweep`, with every failure mapped to its exit code.
enum RunExecution {
    static func execute(_ config: RunConfig, output: OutputOptions, interruption: Interruption) throws
        -> (TrainingRun, WrittenRun)
    {
        let resolved: ResolvedRun
        do {
            resolved = try config.resolve()
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        let result: TrainingRun
        do {
            result = try Trainer.run(resolved.training) { _, _ in !interruption.requested }
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        if case .cancelled = result.status {
            throw Failure(code: .interrupted, message: "interrupted during training; no run folder was written")
        }
        do {
            let written = try ReportWriter(outputRoot: output.out, settings: try output.settings())
                .write(result, resolved: resolved, shouldStop: { interruption.requested })
            return (result, written)
        } catch let error as ReportError {
            switch error {
            case .notWritable: throw Failure(code: .notWritable, message: error.description)
            case .interrupted: throw Failure(code: .interrupted, message: error.description)
            default: throw Failure(code: .badInput, message: error.description)
            }
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
