import ArgumentParser
import Plotting
import Report

/// Options that decide where and how the report files are written.
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

    @Option(help: ArgumentHelp("Figure formats, comma-separated from png, svg, pdf. (default: png,svg)",
                               valueName: "LIST"))
    var format: String = "png,svg"

    @Flag(name: .customLong("self-contained"), help: "Write one report.html with the figures inlined.")
    var selfContained = false

    func validate() throws {
        _ = try formats()
    }

    func formats() throws -> [ImageFormat] { try Self.parseFormats(format, flag: "--format") }

    /// `png,svg` → [.png, .svg]; errors name `flag`.
    static func parseFormats(_ format: String, flag: String) throws -> [ImageFormat] {
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

    func settings() throws -> ReportSettings {
        ReportSettings(templatesDirectory: templates, formats: try formats(), selfContained: selfContained,
                       name: name, sourceDate: ReportSettings.sourceDateFromEnvironment())
    }
}
