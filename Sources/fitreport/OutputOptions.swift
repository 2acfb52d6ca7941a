import ArgumentParser
import Report

/// Options that decide where the report is written.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output folder; runs go to DIR/runs/<run-id>. (default: output)",
                                            valueName: "DIR"))
    var out: String = "output"

    @Option(help: ArgumentHelp("Folder with your own report.html template.", valueName: "DIR"))
    var templates: String?

    var settings: ReportSettings { ReportSettings(templatesDirectory: templates) }
}
