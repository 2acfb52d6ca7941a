import Foundation
import RunArtifacts
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
        // The runs are read from `<out>/runs` itself, never through a link standing in its place.
        try FileOps.refuseLink(outputRoot + "/runs")
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
        // A temporary name of this process's own, then rename(2), which replaces index.html atomically: concurrent
        // `index` runs never write one file together, and a reader always finds a whole index.
        try StagedFolder.writeFile(path, Data(try templates.render(template, context).utf8))
        return path
    }

    /// The hidden staging folders and files under the output folder that no finished write owns: `.<id>.partial`
    /// folders under `runs/` and `comparisons/` (left by a process that was killed) and `.index.html.*.partial` files.
    /// Only names of that form are listed; a write in progress in another process has one too, so clean only when
    /// no fitreport process is writing to the folder.
    public func leftovers() -> [String] {
        var found: [String] = []
        for folder in [outputRoot + "/runs", outputRoot + "/comparisons"] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            found += names.filter { $0.hasPrefix(".") && $0.hasSuffix(".partial") }.sorted().map { folder + "/" + $0 }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: outputRoot)) ?? []
        found += names.filter { $0.hasPrefix(".index.html.") && $0.hasSuffix(".partial") }.sorted()
            .map { outputRoot + "/" + $0 }
        return found
    }

    /// Removes `leftovers()`, calling `willRemove` with each path first; returns the paths removed.
    @discardableResult
    public func removeLeftovers(_ willRemove: (String) -> Void = { _ in }) throws(ReportError) -> [String] {
        var removed: [String] = []
        for path in leftovers() {
            willRemove(path)
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw .notWritable(path: path, reason: error.localizedDescription)
            }
            removed.append(path)
        }
        return removed
    }
}
