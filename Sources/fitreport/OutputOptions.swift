import ArgumentParser
import Plotting
import Report

/// Options that decide where the report files go and how the page is written (shared by run, sweep and import).
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Output folder; runs go to DIR/runs/<run-id>. (default: output)",
                                            valueName: "DIR"))
    var out: String = "output"

    @Option(help: ArgumentHelp("Folder with your own templates (report.html, report.md, index.html, compare.html).",
                               valueName: "DIR"))
    var templates: String?

    @Option(help: ArgumentHelp("Readable label added to the run id (letters, digits, - and _ are kept).",
                               valueName: "NAME"))
    var name: String?

    @Flag(name: .customLong("self-contained"), help: "Write one report.html with the figures inlined.")
    var selfContained = false

    /// The report settings these options and `formats` describe (timestamps from `SOURCE_DATE_EPOCH` when set).
    func settings(formats: [ImageFormat]) -> ReportSettings {
        ReportSettings(templatesDirectory: templates, formats: formats, selfContained: selfContained,
                       name: name, sourceDate: ReportSettings.sourceDateFromEnvironment())
    }
}

/// `--format`: which figure files `run` and `sweep` write. (`import` names the input format `--format`, so its
/// figure formats are `--figure-formats`, parsed by the same function.)
struct FigureFormatOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Figure formats, comma-separated from png, svg, pdf. (default: png,svg)",
                               valueName: "LIST"))
    var format: String = "png,svg"

    func validate() throws {
        _ = try formats()
    }

    func formats() throws -> [ImageFormat] { try Self.parse(format, flag: "--format") }

    /// `png,svg` → [.png, .svg]; errors name `flag`.
    static func parse(_ format: String, flag: String) throws -> [ImageFormat] {
        var result: [ImageFormat] = []
        for item in format.split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces).lowercased()
            guard let f = ImageFormat(rawValue: text) else {
                throw ValidationError("\(flag): unknown format '\(text)'; choose from png, svg, pdf")
            }
            if !result.contains(f) { result.append(f) }
        }
        guard !result.isEmpty else { throw ValidationError("\(flag): give at least one of png, svg, pdf") }
        return result
    }
}
