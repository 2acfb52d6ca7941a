import Foundation
import ImportReaders
import RunRecord

/// Reads the folder dvclive's `Live` writes (`Live(dir="dvclive")`) into a run record.
///
/// - `plots/metrics/**/*.tsv`: one series per file, named by its path under `plots/metrics/` without `.tsv`
///   (`train/loss`, `acc`). The header names a `step` column and a value column named like the file (`loss` in
///   `train/loss.tsv`), in any order, plus the `timestamp` column (milliseconds) dvclive adds with
///   `log_metric(..., timestamp=True)`. Values may be `nan` or `inf`. Series are ordered by name. A step logged
///   twice keeps its last value (with a note).
/// - `params.yaml` → `settings`, in the file's order, nested mappings as `.object` (see `YAMLSettings`).
/// - `metrics.json` (the final values `Live` keeps) → `metrics`: nested objects flattened with `/`
///   (`train/loss`), numbers only (`NaN` and `Infinity` included), dvclive's own `step` key left out.
///
/// The record has `stepAxis` `.step`, status `.imported`, title `dvclive run <folder name>`, and `createdAt` from
/// the earliest timestamp when the files have a `timestamp` column (else `nil`). `dvc.yaml`, `report.html` and the
/// other `plots/` folders (images, sklearn, custom) are not read.
enum DVCLiveImporter {
    /// The version stored as the record's `RunSource.toolVersion`: fitreport's, which the importer is part of.
    static let version = fitreportVersion

    /// Imports the dvclive output folder at `path`.
    ///
    /// - Throws: `ImportError` naming the file and line of the first problem: no dvclive files in the folder, a
    ///   TSV without a `step` or value column, a cell that is not a number, invalid YAML or JSON.
    static func importRun(_ path: String) throws(ImportError) -> ImportedRun {
        guard TrackerFiles.isDirectory(path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ImportError(path: path, reason: (exists ? "is a file; " : "not found; ")
                + "expected the folder dvclive writes (Live(dir=...), 'dvclive' by default), which holds "
                + "plots/metrics/, params.yaml and metrics.json.")
        }
        let folderName = TrackerFiles.folderName(path)
        let metricsFolder = TrackerFiles.join(path, "plots/metrics")
        let paramsPath = TrackerFiles.join(path, "params.yaml")
        let summaryPath = TrackerFiles.join(path, "metrics.json")
        let hasMetricsFolder = TrackerFiles.isDirectory(metricsFolder)
        let hasParams = TrackerFiles.isFile(paramsPath)
        let hasSummary = TrackerFiles.isFile(summaryPath)
        guard hasMetricsFolder || hasParams || hasSummary else {
            var reason = "not a dvclive folder: it has none of plots/metrics/, params.yaml, metrics.json."
            if TrackerFiles.isDirectory(TrackerFiles.join(path, "dvclive")) {
                reason += " It holds a 'dvclive' folder: import " + TrackerFiles.join(path, "dvclive") + " instead."
            } else {
                reason += " Pass the folder dvclive wrote (Live(dir=...), 'dvclive' by default)."
            }
            throw ImportError(path: path, reason: reason)
        }

        var files: [(path: String, storedAs: String)] = []
        var record = RunRecord(title: "dvclive run \(folderName)",
                               source: RunSource(kind: .dvclive, toolVersion: version),
                               stepAxis: .step, status: .imported)
        var earliest: Int?

        let metricFiles = hasMetricsFolder
            ? TrackerFiles.filesBelow(metricsFolder).filter { $0.hasSuffix(".tsv") } : []
        for relative in metricFiles {
            let filePath = TrackerFiles.join(metricsFolder, relative)
            let name = String(relative.dropLast(".tsv".count))
            let read = try DVCLiveMetricFile.read(filePath, name: name)
            files.append((filePath, folderName + "/plots/metrics/" + relative))
            guard !read.points.isEmpty else {
                record.notes.append("dvclive metric '\(name)' has a header but no values; it is left out.")
                continue
            }
            let collapsed = TrackerFiles.collapse(read.points)
            if collapsed.repeatedSteps > 0 {
                record.notes.append("dvclive metric '\(name)': \(collapsed.repeatedSteps) step(s) were logged more "
                    + "than once; the last value at each step is kept.")
            } else if collapsed.reordered {
                record.notes.append("dvclive metric '\(name)': rows were not in step order and have been sorted.")
            }
            record.series.append(ScalarSeries(name: name, steps: collapsed.steps, values: collapsed.values))
            if let first = read.earliestTimestamp { earliest = min(earliest ?? first, first) }
        }
        if metricFiles.isEmpty {
            record.notes.append(hasMetricsFolder
                ? "dvclive folder \(folderName): plots/metrics/ holds no .tsv files."
                : "dvclive folder \(folderName): there is no plots/metrics/ folder, so no step was logged "
                    + "(Live.log_metric followed by Live.next_step writes one).")
        }
        if let earliest { record.createdAt = Timestamp.iso8601(Date(timeIntervalSince1970: Double(earliest) / 1000)) }

        if hasParams {
            record.settings = try YAMLSettings.read(paramsPath)
            files.append((paramsPath, folderName + "/params.yaml"))
        }
        if hasSummary {
            record.metrics = try readSummary(summaryPath)
            files.append((summaryPath, folderName + "/metrics.json"))
        }
        return ImportedRun(record: record, files: files)
    }

    /// The numbers of `metrics.json`, flattened with `/`, without the top-level `step`.
    static func readSummary(_ path: String) throws(ImportError) -> [KeyValue<Double>] {
        let pairs = try YAMLSettings.parse(
            try TrackerFiles.readText(path, what: "dvclive's metrics.json (the final values)"), path: path)
        var out: [KeyValue<Double>] = []
        func add(_ key: String, _ value: JSONValue) {
            switch value {
            case .number(let d): out.append(KeyValue(key, d))
            case .string(let s):
                // Python's json writes bare NaN and Infinity, which YAML reads as text.
                if let d = TrackerFiles.number(s), !d.isFinite { out.append(KeyValue(key, d)) }
            case .object(let members): for m in members { add(key + "/" + m.key, m.value) }
            case .null, .bool, .array: break
            }
        }
        for pair in pairs where pair.key != "step" {
            add(pair.key, pair.value)
        }
        return out
    }
}
