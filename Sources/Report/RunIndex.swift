import Foundation
import RunRecord

/// `index.html`: one row per finished run under `<outputRoot>/runs`, newest first, opened straight from disk —
/// native, Swift-logged and imported runs alike, and runs written by earlier fitreport versions.
public struct RunIndex: Sendable {
    public var outputRoot: String
    public var templatesDirectory: String?

    public init(outputRoot: String = "output", templatesDirectory: String? = nil) {
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
    }

    /// Writes `<outputRoot>/index.html` (replacing the previous index in one atomic rename) and returns its path.
    @discardableResult
    public func write(date: Date = Date()) throws -> String {
        let templates = try TemplateSet(explicit: templatesDirectory)
        let template = try templates.template("index.html")
        let runs = StoredRun.all(in: outputRoot)
        let rows: [[String: Any]] = runs.map { run in
            let folder = "runs/" + (run.directory as NSString).lastPathComponent
            let thumbnail = ["after.png", "after.svg", "loss.png", "loss.svg"].map { "figures/" + $0 }
                .first { FileManager.default.fileExists(atPath: run.directory + "/" + $0) }
            let loss = run.finalLoss
            return [
                "report": folder + "/report.html",
                "runID": run.runID,
                "name": run.name ?? "",
                "date": run.createdAt,
                "title": run.title,
                "model": run.model ?? "—",
                "source": run.source.kind.rawValue,
                "steps": "\(run.stepCount) \(run.stepAxis == .epoch ? "epochs" : "steps")",
                "lossName": loss?.name ?? "—",
                "finalLoss": loss.map { NumberFormat.short($0.value, digits: 6) } ?? "—",
                "status": run.status,
                "statusClass": run.status == "complete" || run.status == "imported" ? "ok" : "bad",
                "thumbnail": thumbnail.map { folder + "/" + $0 } as Any,
            ]
        }
        let context: [String: Any] = [
            "runs": rows, "count": runs.count, "hasRuns": !runs.isEmpty,
            "generatedAt": Timestamp.iso8601(ReportSettings.sourceDateFromEnvironment() ?? date),
            "toolVersion": fitreportVersion,
        ]
        try FileOps.createDirectory(outputRoot)
        let path = outputRoot + "/index.html"
        // A temporary file with a unique name and one rename: two indexers at once each leave a complete page.
        try StagedFolder.writeFile(path, Data(try templates.render(template, context).utf8))
        return path
    }
}
