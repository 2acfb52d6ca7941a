import Foundation
import RunRecord

/// `params_history.csv`: the record's parameter snapshots, one row per snapshot — `epoch` (or `step`), then one
/// column per parameter, in the record's order, numbers written exactly (they read back to the same bits).
package enum ParamsHistoryFile {
    package static let fileName = "params_history.csv"

    /// Writes the file to `path`, hashed as it is written; returns its SHA-256.
    package static func write(_ history: ParameterHistory, stepAxis: StepAxis, to path: String) throws(ReportError) -> String {
        let file = try HashedFileWriter(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity((1 << 20) + 4096)
        buffer += (([stepAxis == .epoch ? "epoch" : "step"] + history.names).map(CSVText.field)
            .joined(separator: ",") + "\n").utf8
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        for (step, row) in zip(history.steps, history.values) {
            NumberFormat.appendInteger(step, to: &buffer)
            for v in row {
                buffer.append(comma)
                NumberFormat.appendExact(v, to: &buffer)
            }
            buffer.append(newline)
            if buffer.count >= 1 << 20 { try file.write(&buffer) }
        }
        return try file.finish(&buffer)
    }

    /// Reads the snapshots back from a run folder's file.
    package static func read(_ path: String) throws(ReportError) -> ParameterHistory {
        let table = try CSVText.readTable(path)
        guard let header = table.first, header.count >= 1 else {
            throw .notARun(path: path, reason: "\(fileName) is empty")
        }
        var history = ParameterHistory(names: Array(header.dropFirst()))
        for (line, row) in table.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard row.count == header.count, let step = Int(row[0]) else {
                throw .notARun(path: path, reason: "line \(line + 2) of \(fileName) is not a step and numbers")
            }
            var values: [Double] = []
            values.reserveCapacity(row.count - 1)
            for cell in row.dropFirst() {
                guard let v = NumberFormat.parse(cell) else {
                    throw .notARun(path: path, reason: "line \(line + 2) of \(fileName) is not a step and numbers")
                }
                values.append(v)
            }
            history.steps.append(step)
            history.values.append(values)
        }
        return history
    }
}
