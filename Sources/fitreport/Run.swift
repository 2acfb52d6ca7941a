import ArgumentParser
import Foundation
import Report
import Training

/// `fitreport run`: train, then write the run folder.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the model and write figures, data files and report.html to a new run folder.")

    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    @Flag(name: .shortAndLong, help: "Print only the path of report.html.")
    var quiet = false

    func run() throws {
        let config = training.config()
        let result: TrainingRun
        do {
            result = try Trainer.run(config)
        } catch {
            throw ValidationError(error.description)
        }
        let written = try ReportWriter(outputRoot: output.out, settings: output.settings).write(result)
        if !quiet {
            let names = result.parameterNames
            func list(_ values: [Double]) -> String {
                zip(names, values).map { "\($0)=\(String(format: "%.6g", $1))" }.joined(separator: " ")
            }
            print("trained   \(list(result.finalParameters))  \(config.loss.displayName) \(String(format: "%.6g", result.finalLoss))")
            if let ls = result.leastSquares {
                print("lstsq     \(list(ls.parameters))  \(config.loss.displayName) \(String(format: "%.6g", ls.loss))")
            }
            print("run       \(written.directory)")
        }
        print(written.reportPath)
    }
}
