import Foundation
import ImportReaders
import RunRecord
import YAML

/// Reads one run of MLflow's local file store (`mlruns/<experiment_id>/<run_id>/`) into a run record.
///
/// - `meta.yaml` → title `MLflow run <run_name>`, `createdAt` from `start_time` (ISO 8601 UTC), a `run` duration
///   from `end_time − start_time`, and the status: FINISHED (3) → `.imported` with the note "MLflow status FINISHED";
///   FAILED (4) and KILLED (5) → `.interrupted(epoch:)` at the last logged step, with a note; RUNNING (1) and
///   SCHEDULED (2) → `.imported` with a note that the run had not ended.
/// - `metrics/<name>` (a name with `/` is a nested path): lines `timestamp value step` separated by spaces; lines
///   with only `timestamp value` (older MLflow) are at step 0; fields after the step are ignored. Values may be
///   `nan`, `inf` or `-inf`. Several values at one step keep the last by timestamp, with a note — except when every
///   value of a metric is at the same step (`log_metric` called without `step=`): then the values are numbered
///   0, 1, 2, … in logging order, with a note, so the history is not lost.
///   **A metric with exactly one value goes to `RunRecord.metrics` (a final number), not to `series`.**
///   Series and metrics are ordered by name.
/// - `params/<name>` → `settings`, ordered by name: the file's text as JSON: `true`/`True`/`false`/`False` → bool,
///   `None` → null, a decimal number → number (non-finite numbers and zero-padded digits stay text), else string.
/// - `tags/`: `mlflow.user`, `mlflow.source.name`, `mlflow.source.git.commit`, `mlflow.parentRunId` and every tag
///   not starting with `mlflow.` go to `overview` (not `settings`); `mlflow.runName` names the run when `meta.yaml`
///   has no `run_name`; `mlflow.note.content` (the run's description) becomes a note. Other `mlflow.*` tags are
///   not read.
///
/// The experiment folder is accepted when it holds exactly one run; an experiment with several runs, or the
/// `mlruns/` store itself, is an error listing the runs to choose from.
enum MLflowImporter {
    /// The version stored as the record's `RunSource.toolVersion`: fitreport's, which the importer is part of.
    static let version = fitreportVersion

    /// Imports the MLflow run folder at `path` (or the experiment folder holding exactly one run).
    ///
    /// - Throws: `ImportError` naming the file and line of the first problem: not a run folder (with the runs to
    ///   choose from when `path` is an experiment or the store), a missing `meta.yaml`, a malformed metric line.
    static func importRun(_ path: String) throws(ImportError) -> ImportedRun {
        guard TrackerFiles.isDirectory(path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ImportError(path: path, reason: (exists ? "is a file; " : "not found; ")
                + "expected an MLflow run folder, mlruns/<experiment_id>/<run_id>/, which holds meta.yaml, "
                + "metrics/, params/ and tags/.")
        }
        switch kind(of: path) {
        case .run:
            return try importRunFolder(path, storedPrefix: TrackerFiles.folderName(path))
        case .incompleteRun:
            throw ImportError(path: TrackerFiles.join(path, "meta.yaml"),
                              reason: "not found: an MLflow run folder holds meta.yaml (run name, start time, "
                                  + "status) next to metrics/ and params/. Import the complete run folder "
                                  + "mlruns/<experiment_id>/<run_id>/ as MLflow wrote it.")
        case .experiment:
            let runs = runFolders(in: path)
            guard runs.count == 1, let run = runs.first else {
                let name = experimentName(path).map { " '\($0)'" } ?? ""
                if runs.isEmpty {
                    throw ImportError(path: path, reason: "this MLflow experiment\(name) holds no runs. Import a "
                        + "run folder, mlruns/<experiment_id>/<run_id>/.")
                }
                throw ImportError(path: path, reason: "this MLflow experiment\(name) holds \(runs.count) runs: "
                    + list(runs.map { ($0, TrackerFiles.join(path, $0)) }) + ". Import one run folder, e.g. "
                    + TrackerFiles.join(path, runs[0]) + ".")
            }
            return try importRunFolder(TrackerFiles.join(path, run),
                                       storedPrefix: TrackerFiles.folderName(path) + "/" + run)
        case .store:
            var runs: [(shown: String, folder: String)] = []
            for experiment in TrackerFiles.entries(of: path, directories: true) {
                let experimentPath = TrackerFiles.join(path, experiment)
                guard isExperiment(experimentPath) else { continue }
                for run in runFolders(in: experimentPath) {
                    runs.append((experiment + "/" + run, TrackerFiles.join(experimentPath, run)))
                }
            }
            let which = runs.isEmpty ? "it holds no runs"
                : "it holds \(runs.count) run\(runs.count == 1 ? "" : "s"): " + list(runs)
            throw ImportError(path: path, reason: "this is an MLflow store (mlruns/), not a run folder; \(which). "
                + "Import one run folder, mlruns/<experiment_id>/<run_id>/"
                + (runs.first.map { ", e.g. \($0.folder)." } ?? "."))
        case .other:
            throw ImportError(path: path, reason: "not an MLflow run folder: there is no meta.yaml, metrics/ or "
                + "params/ here. Import a run folder of MLflow's file store, mlruns/<experiment_id>/<run_id>/.")
        }
    }

    // MARK: - Which folder is this

    enum FolderKind: Equatable {
        /// `meta.yaml` with a run id.
        case run
        /// `metrics/` or `params/` without `meta.yaml`.
        case incompleteRun
        /// `meta.yaml` with an experiment id and no run id, or run folders inside.
        case experiment
        /// Experiment folders inside.
        case store
        case other
    }

    static func kind(of folder: String) -> FolderKind {
        let meta = TrackerFiles.join(folder, "meta.yaml")
        let hasMeta = TrackerFiles.isFile(meta)
        let keys = hasMeta ? TrackerFiles.topLevelScalars(meta) : [:]
        if keys["run_uuid"] != nil || keys["run_id"] != nil { return .run }
        if keys["experiment_id"] == nil,
           ["metrics", "params"].contains(where: { TrackerFiles.isDirectory(TrackerFiles.join(folder, $0)) }) {
            // A run's folders; a damaged meta.yaml is reported by `readMeta`.
            return hasMeta ? .run : .incompleteRun
        }
        if keys["experiment_id"] != nil { return .experiment }
        if !runFolders(in: folder).isEmpty { return .experiment }
        let subfolders = TrackerFiles.entries(of: folder, directories: true)
        if subfolders.contains(where: { isExperiment(TrackerFiles.join(folder, $0)) }) { return .store }
        return .other
    }

    /// Whether `folder` is an experiment: its `meta.yaml` has an experiment id and no run id, or runs are inside.
    private static func isExperiment(_ folder: String) -> Bool {
        let keys = TrackerFiles.topLevelScalars(TrackerFiles.join(folder, "meta.yaml"))
        if keys["run_uuid"] != nil || keys["run_id"] != nil { return false }
        return keys["experiment_id"] != nil || !runFolders(in: folder).isEmpty
    }

    /// Names of the subfolders of `experiment` that are runs.
    private static func runFolders(in experiment: String) -> [String] {
        TrackerFiles.entries(of: experiment, directories: true).filter { name in
            let keys = TrackerFiles.topLevelScalars(TrackerFiles.join(TrackerFiles.join(experiment, name), "meta.yaml"))
            return keys["run_uuid"] != nil || keys["run_id"] != nil
        }
    }

    private static func experimentName(_ experiment: String) -> String? {
        TrackerFiles.topLevelScalars(TrackerFiles.join(experiment, "meta.yaml"))["name"]
    }

    /// `1/abc (run name), 1/def`: at most 20 runs, then a count.
    private static func list(_ runs: [(shown: String, folder: String)]) -> String {
        var items = runs.prefix(20).map { run -> String in
            let name = TrackerFiles.topLevelScalars(TrackerFiles.join(run.folder, "meta.yaml"))["run_name"]
            return run.shown + (name.map { " (\($0))" } ?? "")
        }
        if runs.count > 20 { items.append("and \(runs.count - 20) more") }
        return items.joined(separator: ", ")
    }

    // MARK: - Reading a run

    /// Reads the run folder `folder`; stored paths start with `storedPrefix` (`<run_id>` or
    /// `<experiment_id>/<run_id>`).
    static func importRunFolder(_ folder: String, storedPrefix: String) throws(ImportError) -> ImportedRun {
        var files: [(path: String, storedAs: String)] = []
        let metaPath = TrackerFiles.join(folder, "meta.yaml")
        let meta = try readMeta(metaPath)
        files.append((metaPath, storedPrefix + "/meta.yaml"))

        // Tags first: the run name may come from one.
        var tags: [KeyValue<String>] = []
        let tagsFolder = TrackerFiles.join(folder, "tags")
        let usedTags: Set<String> = ["mlflow.runName", "mlflow.user", "mlflow.source.name", "mlflow.source.git.commit",
                                     "mlflow.parentRunId", "mlflow.note.content"]
        for name in TrackerFiles.filesBelow(tagsFolder) where usedTags.contains(name) || !name.hasPrefix("mlflow.") {
            let tagPath = TrackerFiles.join(tagsFolder, name)
            tags.append(KeyValue(name, try TrackerFiles.readText(tagPath, what: "the value of MLflow tag '\(name)'")))
            files.append((tagPath, storedPrefix + "/tags/" + name))
        }
        func tag(_ name: String) -> String? {
            tags.first { $0.key == name }.map(\.value).flatMap { $0.isEmpty ? nil : $0 }
        }

        let runID = meta.runID ?? TrackerFiles.folderName(folder)
        let runName = meta.runName ?? tag("mlflow.runName") ?? runID
        var record = RunRecord(title: "MLflow run \(runName)",
                               source: RunSource(kind: .mlflow, toolVersion: version),
                               stepAxis: .step, status: .imported)
        if let start = meta.startTime {
            record.createdAt = Timestamp.iso8601(Date(timeIntervalSince1970: Double(start) / 1000))
            if let end = meta.endTime, end >= start {
                record.durations.append(KeyValue("run", (Double(end) - Double(start)) / 1000))
            }
        }

        // Metrics.
        let metricsFolder = TrackerFiles.join(folder, "metrics")
        var lastStep: Int?
        for name in TrackerFiles.filesBelow(metricsFolder) {
            let metricPath = TrackerFiles.join(metricsFolder, name)
            let points = try MLflowMetricFile.read(metricPath)
            files.append((metricPath, storedPrefix + "/metrics/" + name))
            guard !points.isEmpty else {
                record.notes.append("MLflow metric '\(name)' has no values; it is left out.")
                continue
            }
            let history = MLflowMetricFile.history(points)
            let steps = history.steps
            let values = history.values
            if let step = history.allAtStep {
                record.notes.append("MLflow metric '\(name)': all \(points.count) values were logged at step "
                    + "\(step) (log_metric without step=); they are numbered 0 to \(points.count - 1) in logging "
                    + "order.")
            } else if history.repeatedSteps > 0 {
                record.notes.append("MLflow metric '\(name)': \(history.repeatedSteps) step(s) have several "
                    + "values (MLflow allows it); the last logged at each step is kept.")
            }
            lastStep = max(lastStep ?? steps.last ?? 0, steps.last ?? 0)
            if steps.count == 1, let value = values.first {
                record.metrics.append(KeyValue(name, value))
            } else {
                record.series.append(ScalarSeries(name: name, steps: steps, values: values))
            }
        }
        if record.series.isEmpty {
            record.notes.append(record.metrics.isEmpty
                ? "The MLflow run logged no metrics."
                : "Every MLflow metric of this run was logged once, so there is no series to draw; the values are "
                    + "among the final metrics.")
        }

        // Params.
        let paramsFolder = TrackerFiles.join(folder, "params")
        for name in TrackerFiles.filesBelow(paramsFolder) {
            let paramPath = TrackerFiles.join(paramsFolder, name)
            let text = try TrackerFiles.readText(paramPath, what: "the value of MLflow parameter '\(name)'")
            record.settings.append(KeyValue(name, paramValue(text)))
            files.append((paramPath, storedPrefix + "/params/" + name))
        }

        // Overview, status, notes.
        record.overview.append(KeyValue("MLflow run ID", runID))
        if let experiment = meta.experimentID { record.overview.append(KeyValue("Experiment ID", experiment)) }
        if let user = tag("mlflow.user") ?? meta.user { record.overview.append(KeyValue("User", user)) }
        if let source = tag("mlflow.source.name") { record.overview.append(KeyValue("Source", source)) }
        if let commit = tag("mlflow.source.git.commit") { record.overview.append(KeyValue("Git commit", commit)) }
        if let parent = tag("mlflow.parentRunId") { record.overview.append(KeyValue("Parent run", parent)) }
        for user in tags where !user.key.hasPrefix("mlflow.") {
            record.overview.append(KeyValue("Tag \(user.key)", user.value))
        }
        if let note = tag("mlflow.note.content") { record.notes.append("MLflow run description: \(note)") }
        if meta.deleted { record.notes.append("MLflow marks this run as deleted.") }

        let stopped = lastStep ?? 0
        switch meta.status {
        case .some(3):
            record.notes.append("MLflow status FINISHED.")
        case .some(4):
            record.status = .interrupted(epoch: stopped)
            record.notes.append("MLflow status FAILED: the run ended with an error; its last logged step is "
                + "\(stopped).")
        case .some(5):
            record.status = .interrupted(epoch: stopped)
            record.notes.append("MLflow status KILLED: the run was stopped before it finished; its last logged "
                + "step is \(stopped).")
        case .some(1):
            record.notes.append("MLflow status RUNNING: the run had not ended when it was imported (or its process "
                + "died without ending it).")
        case .some(2):
            record.notes.append("MLflow status SCHEDULED: the run had not started when it was imported.")
        case .some(let other):
            record.notes.append("MLflow status \(other) is not one MLflow defines (1 to 5).")
        case .none:
            record.notes.append("meta.yaml gives no MLflow status.")
        }
        return ImportedRun(record: record, files: files)
    }

    /// What `meta.yaml` says about a run.
    struct Meta {
        var runID: String?
        var runName: String?
        var experimentID: String?
        var user: String?
        var startTime: Int?
        var endTime: Int?
        /// 1 RUNNING, 2 SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED.
        var status: Int?
        var deleted = false
    }

    static func readMeta(_ path: String) throws(ImportError) -> Meta {
        let contents = try TrackerFiles.readText(path, what: "the run's meta.yaml (run name, start time, status)")
        let root = try YAMLSettings.compose(contents, path: path)
        guard case .mapping(let mapping)? = root else {
            throw ImportError(path: path, reason: "expected MLflow's run metadata (run_id: ..., start_time: ..., "
                + "status: ...), found " + (root == nil ? "an empty file" : "no mapping") + ".")
        }
        func text(_ key: String) -> String? {
            guard let node = mapping[key], case .scalar(let s) = node, node.tag != .null,
                  !s.string.isEmpty
            else { return nil }
            return s.string
        }
        func milliseconds(_ key: String) throws(ImportError) -> Int? {
            guard let raw = text(key) else { return nil }
            guard let value = TrackerFiles.integer(raw) else {
                throw ImportError(path: path, location: line(of: mapping[key]),
                                  reason: "expected \(key) in whole milliseconds since 1970, found "
                                      + "\(TrackerFiles.quoted(raw)). Fix the value or remove the line.")
            }
            return value
        }
        var meta = Meta()
        meta.runID = text("run_id") ?? text("run_uuid")
        meta.runName = text("run_name")
        meta.experimentID = text("experiment_id")
        meta.user = text("user_id")
        meta.startTime = try milliseconds("start_time")
        meta.endTime = try milliseconds("end_time")
        meta.deleted = text("lifecycle_stage") == "deleted"
        if let raw = text("status") {
            let names = ["RUNNING": 1, "SCHEDULED": 2, "FINISHED": 3, "FAILED": 4, "KILLED": 5]
            guard let status = TrackerFiles.integer(raw) ?? names[raw.uppercased()] else {
                throw ImportError(path: path, location: line(of: mapping["status"]),
                                  reason: "expected status 1 to 5 (RUNNING, SCHEDULED, FINISHED, FAILED, KILLED), "
                                      + "found \(TrackerFiles.quoted(raw)). Fix the value or remove the line.")
            }
            meta.status = status
        }
        return meta
    }

    private static func line(of node: YAMLNode?) -> String? {
        node.map { "line \($0.mark.line)" }
    }

    /// A parameter's text as a JSON value: booleans (Python's `True`/`False` too), `None` as null, finite
    /// decimal numbers without leading zeros, else the text.
    static func paramValue(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch trimmed {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        case "None", "null": return .null
        default: break
        }
        let digits = trimmed.drop { $0 == "-" || $0 == "+" }
        let zeroPadded = digits.count > 1 && digits.first == "0" && digits.dropFirst().first?.isNumber == true
        if !zeroPadded, let number = TrackerFiles.number(trimmed), number.isFinite {
            return .number(number)
        }
        return .string(text)
    }
}
