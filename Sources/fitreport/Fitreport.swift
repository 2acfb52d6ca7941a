import ArgumentParser
import Report

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
            """,
        version: fitreportVersion,
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )
}
