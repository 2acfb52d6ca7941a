import Foundation
import RunRecord

/// `history.csv`: every scalar series of a run in one wide table, one row per step that any series logged.
///
/// The first column is the step (`epoch` for epoch-level records, else `step`), then `epoch` when the record has
/// an epoch axis beside its steps, then one column per series, named as logged. A cell is empty where that series
/// was not logged at that step. The built-in trainer's history is therefore `epoch,loss`, one row per epoch.
package enum HistoryFile {
    /// The file's text.
    static func text(_ record: RunRecord) -> String {
        var out: [UInt8] = []
        encode(record) { (bytes: inout [UInt8]) in out += bytes; bytes.removeAll(keepingCapacity: true) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the file to `path`, streamed in 1 MiB pieces and hashed as it is written; returns its SHA-256.
    package static func write(_ record: RunRecord, to path: String) throws(ReportError) -> String {
        let file = try HashedFileWriter(path: path)
        var rest: [UInt8] = []
        try encode(record) { (bytes: inout [UInt8]) throws(ReportError) in try file.write(&bytes) }
        return try file.finish(&rest)
    }

    /// Produces the file's bytes into a buffer and hands it to `flush` whenever it passes 1 MiB, and at the end.
    /// `flush` must empty the buffer.
    private static func encode<E: Error>(_ record: RunRecord,
                                         flush: (inout [UInt8]) throws(E) -> Void) throws(E) {
        let series = record.series
        let stepName = record.stepAxis == .epoch ? "epoch" : "step"
        let epochColumn = record.stepAxis == .step && series.contains { $0.epochs != nil }
        var out: [UInt8] = []
        out.reserveCapacity((1 << 20) + 4096)
        let names: [String] = [stepName] + (epochColumn ? ["epoch"] : []) + series.map(\.name)
        let header: String = names.map(CSVText.field).joined(separator: ",") + "\n"
        out += header.utf8
        let steps = series.map(\.steps), values = series.map(\.values), epochs = series.map(\.epochs)
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        var cursors = [Int](repeating: 0, count: series.count)
        while true {
            // The smallest step any series has left.
            var next: Int?
            for i in steps.indices where cursors[i] < steps[i].count {
                let step = steps[i][cursors[i]]
                next = Swift.min(next ?? step, step)
            }
            guard let step = next else { break }
            NumberFormat.appendInteger(step, to: &out)
            if epochColumn {
                out.append(comma)
                for i in steps.indices where cursors[i] < steps[i].count && steps[i][cursors[i]] == step {
                    if let e = epochs[i]?[cursors[i]] {
                        NumberFormat.appendCompact(e, to: &out)
                        break
                    }
                }
            }
            for i in steps.indices {
                out.append(comma)
                if cursors[i] < steps[i].count, steps[i][cursors[i]] == step {
                    NumberFormat.appendExact(values[i][cursors[i]], to: &out)
                    cursors[i] += 1
                }
            }
            out.append(newline)
            if out.count >= 1 << 20 { try flush(&out) }
        }
        try flush(&out)
    }

    /// Reads the series of `infos` back from a history file written by `text(_:)` (or by version 1: `epoch,loss`).
    package static func read(_ path: String, infos: [SeriesInfo]) throws(ReportError) -> [ScalarSeries] {
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
