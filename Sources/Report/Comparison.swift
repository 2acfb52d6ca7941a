import Foundation
import Plotting
import RunArtifacts
import RunRecord

/// A comparison page of several finished runs — native, Swift-logged or imported, of any fitreport version: loss
/// curves overlaid, fitted curves over the data when the runs have them, settings that differ, parameters.
public struct Comparison: Sendable {
    public var outputRoot: String
    public var templatesDirectory: String?
    /// Draw the loss axis on a log scale.
    public var logLoss: Bool

    public init(outputRoot: String = "output", templatesDirectory: String? = nil, logLoss: Bool = true) {
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
        self.logLoss = logLoss
    }

    /// Writes `<outputRoot>/comparisons/<id>/compare.html` with its figures and returns the page's path.
    public func write(runDirectories: [String], date: Date = Date()) throws -> String {
        let (templates, runs) = try load(runDirectories)
        var hashInput = Data()
        for run in runs { hashInput.append(Data(run.runID.utf8)) }
        let baseID = RunFolder.makeID(configJSON: hashInput, date: ReportSettings.sourceDateFromEnvironment() ?? date)
        let (_, destination) = try RunFolder.create(in: outputRoot + "/comparisons", baseID: baseID) { _, staging, destination in
            try render(runs, templates: templates, into: staging, linkingFrom: destination, date: date)
        }
        return destination + "/compare.html"
    }

    /// Writes the page into the folder `directory` (for example a sweep's `comparison/`), replacing an earlier page
    /// there only once the new one is complete (`StagedFolder.replace`); returns the page's path. Safe to run
    /// again, and while another process reads the old page.
    public func write(runDirectories: [String], into directory: String, date: Date = Date()) throws -> String {
        let (templates, runs) = try load(runDirectories)
        try StagedFolder.replace(directory) { staging in
            try render(runs, templates: templates, into: staging, linkingFrom: directory, date: date)
        }
        return directory + "/compare.html"
    }

    /// The templates and the runs, checked before anything is written.
    private func load(_ runDirectories: [String]) throws -> (TemplateSet, [StoredRun]) {
        let templates = try TemplateSet(explicit: templatesDirectory)
        _ = try templates.template("compare.html")
        let runs = try runDirectories.map { directory throws(ReportError) in try StoredRun(directory: directory) }
        guard !runs.isEmpty else { throw ReportError.notARun(path: "(none)", reason: "give at least one run folder") }
        return (templates, runs)
    }

    /// Renders `compare.html` and its figures into `staging`; links are relative to `destination`, where the folder
    /// ends up.
    private func render(_ runs: [StoredRun], templates: TemplateSet, into staging: String,
                        linkingFrom destination: String, date: Date) throws
    {
        let template = try templates.template("compare.html")

        let records = try runs.map { run throws(ReportError) in try run.loadRecord() }
        let labels = Self.labels(for: runs)
        let figures = ComparisonFigures.make(records, labels: labels, logLoss: logLoss)

        // Every parameter name of every run, in order of first appearance (a network has hundreds: a set, not a scan).
        var names: [String] = [], seen: Set<String> = []
        for record in records { for p in record.parameters where seen.insert(p.name).inserted { names.append(p.name) } }
        let differing = Self.differingSettings(records)
        let rows: [[String: Any]] = runs.enumerated().map { i, run in
            let record = records[i]
            let loss = record.primaryLoss
            let finals = Dictionary(record.parameters.compactMap { p in p.final.map { (p.name, $0) } },
                                    uniquingKeysWith: { a, _ in a })
            return [
                "label": labels[i],
                "report": run.directory + "/report.html",
                "source": record.source.kind.rawValue,
                "model": record.model ?? record.title,
                "differences": differing.map { key in "\(key) = \(record.setting(key)?.displayText ?? "—")" }
                    .joined(separator: ", "),
                "steps": "\(record.series.map(\.count).max() ?? 0) \(record.stepAxis == .epoch ? "epochs" : "steps")",
                "lossName": loss?.label ?? "—",
                "finalLoss": loss?.last.map { NumberFormat.short($0.value, digits: 6) } ?? "—",
                "status": record.status.name,
                "values": names.map { ["value": finals[$0].map { NumberFormat.short($0, digits: 6) } ?? "—"] },
            ]
        }

        try FileOps.createDirectory(staging + "/figures")
        let canvas = CairoCanvas()
        for (name, figure) in figures {
            for format in [ImageFormat.png, .svg] {
                do {
                    try FileOps.write(staging + "/figures/\(name).\(format.rawValue)",
                                      Data(try canvas.render(figure, format: format)))
                } catch let error as ReportError {
                    throw error
                } catch {
                    throw ReportError.figure(name: name, reason: "\(error)")
                }
            }
        }
        let context: [String: Any] = [
            "title": "Comparison of \(runs.count) runs",
            "parameterNames": names.map { ["name": $0] },
            "runs": rows.map { row in
                var r = row
                r["report"] = Self.relativePath(from: destination, to: (row["report"] as? String) ?? "")
                return r
            },
            "figures": figures.map { ["name": $0.0, "title": $0.1.axes.title ?? $0.0] },
            "generatedAt": Timestamp.iso8601(ReportSettings.sourceDateFromEnvironment() ?? date),
            "toolVersion": fitreportVersion,
        ]
        try FileOps.write(staging + "/compare.html", Data(try templates.render(template, context).utf8))
    }

    /// Setting keys whose values differ between the records (at most 6).
    static func differingSettings(_ records: [RunRecord]) -> [String] {
        var keys: [String] = []
        for record in records { for pair in record.settings where !keys.contains(pair.key) { keys.append(pair.key) } }
        let differing = keys.filter { key in Set(records.map { $0.setting(key)?.displayText ?? "" }).count > 1 }
        return Array(differing.prefix(6))
    }

    /// Short legend labels: the run's name, else what differs between the runs' settings, else the run id.
    static func labels(for runs: [StoredRun]) -> [String] {
        let dicts: [[String: String]] = runs.map { run in
            Dictionary(run.settings.map { ($0.key, $0.value.displayText) }, uniquingKeysWith: { a, _ in a })
        }
        let keys = Set(dicts.flatMap(\.keys)).sorted().filter { key in Set(dicts.map { $0[key] ?? "" }).count > 1 }
        let sameSource = Set(runs.map(\.source.kind)).count == 1
        return runs.enumerated().map { i, run in
            if let name = run.name, !name.isEmpty { return name }
            if !sameSource { return "\(run.source.kind.rawValue) \(run.runID.suffix(8))" }
            let parts = keys.prefix(3).map { "\($0)=\(dicts[i][$0] ?? "")" }
            return parts.isEmpty ? run.runID : parts.joined(separator: " ")
        }
    }

    /// A relative path from folder `from` to file `to` (both absolute or both relative to the same folder).
    static func relativePath(from: String, to: String) -> String {
        let a = URL(fileURLWithPath: from).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: to).standardizedFileURL.pathComponents
        var common = 0
        while common < min(a.count, b.count), a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }
}
