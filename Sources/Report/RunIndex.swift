import Foundation

/// `index.html`: one row per finished run under `<outputRoot>/runs`, newest first, opened straight from disk.
public struct RunIndex: Sendable {
    public var outputRoot: String
    public var templatesDirectory: String?

    public init(outputRoot: String = "output", templatesDirectory: String? = nil) {
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
    }

    /// Writes `<outputRoot>/index.html` (replacing the previous index in one rename) and returns its path.
    @discardableResult
    public func write(date: Date = Date()) throws -> String {
        let templates = try TemplateSet(explicit: templatesDirectory)
        let template = try templates.template("index.html")
        let runs = StoredRun.all(in: outputRoot)
        let rows: [[String: Any]] = runs.map { run in
            let folder = "runs/" + run.runID
            let thumbnail = ["png", "svg"].map { "figures/after.\($0)" }
                .first { FileManager.default.fileExists(atPath: run.directory + "/" + $0) }
            let c = run.config
            return [
                "report": folder + "/report.html",
                "runID": run.runID,
                "name": run.name ?? "",
                "date": run.createdAt,
                "model": run.formula,
                "loss": c.loss,
                "optimizer": c.optimizer,
                "lr": NumberFormat.short(c.lr),
                "epochs": "\(c.epochs)",
                "finalLoss": NumberFormat.short(run.finalLoss, digits: 6),
                "status": run.status,
                "statusClass": run.status == "complete" ? "ok" : "bad",
                "thumbnail": thumbnail.map { folder + "/" + $0 } as Any,
            ]
        }
        let context: [String: Any] = [
            "runs": rows, "count": runs.count, "hasRuns": !runs.isEmpty,
            "generatedAt": RunFolder.timestamp(ReportSettings.sourceDateFromEnvironment() ?? date),
            "toolVersion": fitreportVersion,
        ]
        try FileOps.createDirectory(outputRoot)
        let path = outputRoot + "/index.html"
        let temporary = outputRoot + "/.index.html.partial"
        try FileOps.write(temporary, Data(try templates.render(template, context).utf8))
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw ReportError.notWritable(path: path, reason: error.localizedDescription)
        }
        return path
    }
}
