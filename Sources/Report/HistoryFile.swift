import Foundation
import RunRecord

/// `history.csv`: every scalar series of a run in one wide table, one row per step that any series logged.
///
/// The first column is the step (`epoch` for epoch-level records, else `step`), then `epoch` when the record has
/// an epoch axis beside its steps, then one column per series, named as logged. A cell is empty where that series
/// was not logged at that step. The built-in trainer's history is therefore `epoch,loss`, one row per epoch.
enum HistoryFile {
    /// The file's text.
    static func text(_ record: RunRecord) -> String {
        let series = record.series
        let stepName = record.stepAxis == .epoch ? "epoch" : "step"
        let epochColumn = record.stepAxis == .step && series.contains { $0.epochs != nil }
        var out = ([stepName] + (epochColumn ? ["epoch"] : []) + series.map(\.name))
            .map(CSVText.field).joined(separator: ",") + "\n"
        out.reserveCapacity(series.reduce(0) { $0 + $1.count } * 24)
        var cursors = [Int](repeating: 0, count: series.count)
        var cells = [String](repeating: "", count: series.count)
        while true {
            // The smallest step any series has left.
            var next: Int?
            for (i, s) in series.enumerated() where cursors[i] < s.steps.count {
                let step = s.steps[cursors[i]]
                next = Swift.min(next ?? step, step)
            }
            guard let step = next else { break }
            var epoch: Double?
            for (i, s) in series.enumerated() {
                if cursors[i] < s.steps.count, s.steps[cursors[i]] == step {
                    cells[i] = NumberFormat.exact(s.values[cursors[i]])
                    if epoch == nil, let e = s.epochs?[cursors[i]] { epoch = e }
                    cursors[i] += 1
                } else {
                    cells[i] = ""
                }
            }
            out += String(step)
            if epochColumn { out += "," + (epoch.map(NumberFormat.compact) ?? "") }
            for cell in cells { out += "," + cell }
            out += "\n"
        }
        return out
    }

    /// Reads the series of `infos` back from a history file written by `text(_:)` (or by version 1: `epoch,loss`).
    static func read(_ path: String, infos: [SeriesInfo]) throws(ReportError) -> [ScalarSeries] {
        let table = try CSVText.readTable(path)
        guard let header = table.first, let stepName = header.first else {
            throw .notARun(path: path, reason: "history.csv is empty")
        }
        let epochIndex = stepName == "epoch" ? nil : header.firstIndex(of: "epoch")
        var out: [ScalarSeries] = []
        for info in infos {
            guard let column = header.firstIndex(of: info.name) else {
                throw .notARun(path: path, reason: "history.csv has no column '\(info.name)'")
            }
            var steps: [Int] = [], values: [Double] = [], epochs: [Double] = []
            steps.reserveCapacity(table.count)
            values.reserveCapacity(table.count)
            for (row, fields) in table.enumerated().dropFirst() where column < fields.count && !fields[column].isEmpty {
                guard let step = Int(fields[0]), let value = NumberFormat.parse(fields[column]) else {
                    throw .notARun(path: path, reason: "line \(row + 1) of history.csv is not a number")
                }
                steps.append(step)
                values.append(value)
                if let epochIndex, epochIndex < fields.count, let e = Double(fields[epochIndex]) { epochs.append(e) }
            }
            out.append(ScalarSeries(name: info.name, displayName: info.displayName, split: info.split,
                                    lowerIsBetter: .some(info.lowerIsBetter), steps: steps, values: values,
                                    epochs: info.hasEpochs && epochs.count == steps.count ? epochs : nil))
        }
        return out
    }
}

/// Minimal CSV for the files fitreport itself writes: quoting of names, and reading them back.
enum CSVText {
    /// A field, quoted when it holds a comma, quote or line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows of fields; quoted fields may hold commas and doubled quotes (not line breaks).
    static func readTable(_ path: String) throws(ReportError) -> [[String]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notARun(path: path, reason: "the file is missing or unreadable")
        }
        var rows: [[String]] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            rows.append(splitLine(line.hasSuffix("\r") ? line.dropLast() : line))
        }
        return rows
    }

    static func splitLine(_ line: Substring) -> [String] {
        guard line.contains("\"") else { return line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { current.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(current); current = "" }
            else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
