import Foundation

/// One metric file dvclive writes under `plots/metrics/` (`train/loss.tsv`): a tab-separated header naming `step`,
/// the value column (named like the file) and, with `timestamp=True`, `timestamp`; then one line per logged step.
/// Read line by line here, in the optimised target; `DVCLiveImporter` (in `Importers`) turns the points into a series.
package enum DVCLiveMetricFile {
    /// The points of one metric TSV and its earliest timestamp.
    package static func read(_ path: String, name: String) throws(ImportError)
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
}
