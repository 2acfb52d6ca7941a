import Foundation
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
            let read = try readMetric(filePath, name: name)
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

    /// The points of one metric TSV and its earliest timestamp.
    static func readMetric(_ path: String, name: String) throws(ImportError)
        -> (points: [TrackerFiles.LoggedPoint], earliestTimestamp: Int?)
    {
        let text = try TrackerFiles.readText(path, what: "a dvclive metric file (step<TAB>value lines)")
        let lines = TrackerFiles.lines(text)
        guard let headerLine = lines.first(where: { !$0.text.allSatisfy(\.isWhitespace) }) else {
            throw ImportError(path: path, reason: "is empty; expected a header 'step\t\(valueColumnName(name))' "
                + "and one line per step. Delete the file or re-run the training to rewrite it.")
        }
        let header = headerLine.text.split(separator: "\t", omittingEmptySubsequences: false).map(unquote)
        let shownHeader = TrackerFiles.quoted(headerLine.text)
        guard let stepColumn = header.firstIndex(of: "step") else {
            throw ImportError(path: path, location: "line \(headerLine.number)",
                              reason: "expected a tab-separated header with a 'step' column "
                                  + "('step\t\(valueColumnName(name))'), found \(shownHeader).")
        }
        let wanted = valueColumnName(name)
        let others = header.indices.filter { $0 != stepColumn && header[$0] != "timestamp" }
        let valueColumn: Int
        if let exact = header.firstIndex(of: wanted) {
            valueColumn = exact
        } else if others.count == 1 {
            valueColumn = others[0]
        } else {
            throw ImportError(path: path, location: "line \(headerLine.number)",
                              reason: "expected a column named '\(wanted)' (the file's name) next to 'step', found "
                                  + "\(shownHeader). Rename the column or the file so that they match.")
        }
        let timestampColumn = header.firstIndex(of: "timestamp")
        let needed = max(stepColumn, valueColumn, timestampColumn ?? 0) + 1
        let expected = header.joined(separator: "\t")

        var points: [TrackerFiles.LoggedPoint] = []
        var earliest: Int?
        for line in lines where line.number > headerLine.number {
            if line.text.allSatisfy(\.isWhitespace) { continue }
            let fields = line.text.split(separator: "\t", omittingEmptySubsequences: false)
            let at = "line \(line.number)"
            guard fields.count >= needed else {
                throw ImportError(path: path, location: at,
                                  reason: "expected \(header.count) tab-separated fields "
                                      + "\(TrackerFiles.quoted(expected)) as in the header, found "
                                      + "\(TrackerFiles.quoted(line.text)). Complete or remove the line.")
            }
            let stepText = unquote(fields[stepColumn])
            guard let step = TrackerFiles.integer(stepText) else {
                throw ImportError(path: path, location: at + ", column \(stepColumn + 1) (\"step\")",
                                  reason: "expected a whole-number step, found \(TrackerFiles.quoted(stepText)). "
                                      + "Fix or remove the line.")
            }
            let valueText = unquote(fields[valueColumn])
            guard let value = TrackerFiles.number(valueText) else {
                throw ImportError(path: path, location: at + ", column \(valueColumn + 1) (\"\(header[valueColumn])\")",
                                  reason: "expected a number (or nan, inf), found \(TrackerFiles.quoted(valueText)). "
                                      + "Fix or remove the line.")
            }
            var timestamp: Int?
            if let timestampColumn {
                let stampText = unquote(fields[timestampColumn])
                guard let stamp = TrackerFiles.integer(stampText) else {
                    throw ImportError(path: path, location: at + ", column \(timestampColumn + 1) (\"timestamp\")",
                                      reason: "expected a timestamp in whole milliseconds since 1970, found "
                                          + "\(TrackerFiles.quoted(stampText)). Fix or remove the line.")
                }
                timestamp = stamp
                earliest = min(earliest ?? stamp, stamp)
            }
            points.append(.init(step: step, value: value, timestamp: timestamp, order: points.count))
        }
        return (points, earliest)
    }

    /// The value column's name for metric `name`: its last path component (`loss` for `train/loss`).
    private static func valueColumnName(_ name: String) -> String {
        name.split(separator: "/").last.map(String.init) ?? name
    }

    /// A field without the double quotes Python's csv module puts around text holding a quote or tab.
    private static func unquote(_ field: Substring) -> String {
        let trimmed = field.hasSuffix("\r") ? field.dropLast() : field
        guard trimmed.count >= 2, trimmed.first == "\"", trimmed.last == "\"" else { return String(trimmed) }
        return trimmed.dropFirst().dropLast().replacingOccurrences(of: "\"\"", with: "\"")
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
