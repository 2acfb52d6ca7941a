import ArgumentParser
import Foundation
import Report
import RunRecord

/// `fitreport`: train a model with a custom loop and write figures and a static HTML report.
@main
struct Fitreport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fitreport",
        abstract: "Train a model with a custom training loop and write publication-ready figures and an HTML report.",
        discussion: """
            With no arguments, reproduces the classic custom-training-loop example: 100 points of \
            y = 20x² + 5x − 3 + N(0, 1) on [0, 1], model f(x) = ax² + bx + c, MSE, SGD lr 1e-3, 15000 epochs. \
            The run is written to output/runs/<run-id>/ and the last line printed is the path of report.html.

            Exit codes: 0 success · 1 internal error · 2 bad usage, config, formula or data · \
            3 training diverged (report still written) · 4 output not writable · \
            5 sweep members missing or failed (sweep status/collect) · 130 interrupted.
            """,
        version: fitreportVersion,
        subcommands: [Run.self, Fit.self, Import.self, Sweep.self, Reproduce.self, Index.self, Compare.self, Bench.self],
        defaultSubcommand: Run.self
    )

    /// Parses, runs, and maps every failure to one message on stderr and a documented exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as Failure {
            FileHandle.standardError.write(Data("fitreport: error: \(failure.message)\n".utf8))
            Foundation.exit(failure.code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)  // --help, --version
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? Failure.Code.badInput.rawValue : code.rawValue)
        }
    }
}
