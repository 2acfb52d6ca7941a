import ArgumentParser
import Report

/// Options that decide where and how the report is written.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output folder; runs go to DIR/runs/<run-id>.", valueName: "DIR"))
    var out: String = "output"

    @Option(help: "PNG scale: 1 gives 640×480 px figures, 2 gives 1280×960 for HiDPI screens.")
    var scale: Double = 1

    @Option(help: ArgumentHelp("Folder with your own report.html template.", valueName: "DIR"))
    var templates: String?

    func validate() throws {
        guard scale.isFinite, scale >= 0.25, scale <= 8 else {
            throw ValidationError("--scale must be between 0.25 and 8, got \(scale)")
        }
    }

    var settings: ReportSettings { ReportSettings(scale: scale, templatesDirectory: templates) }
}
