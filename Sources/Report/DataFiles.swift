import Foundation
import RunRecord

/// The run's data files: `data.csv` (inputs, target and the predictions of roles before/after/other) and, when the
/// record has reference predictions, `reference.csv` (the first input and each reference).
enum DataFiles {
    /// Predictions written to data.csv.
    static func dataPredictions(_ data: RunData) -> [Prediction] { data.predictions.filter { $0.role != .reference } }

    /// Writes `data.csv`, streamed in 1 MiB pieces (data sets may have millions of rows).
    static func writeDataCSV(_ data: RunData, to path: String) throws(ReportError) {
        let predictions = dataPredictions(data)
        let columns = data.inputs.map(\.values) + [data.target.values] + predictions.map(\.values)
        let names = data.inputs.map(\.name) + [data.target.name] + predictions.map(\.name)
        try writeTable(names: names, columns: columns, labels: data.split.map { ("split", $0.map(\.rawValue)) },
                       rows: data.rowCount, to: path)
    }

    /// Writes `reference.csv` (x and every reference prediction); `false` when there is none.
    static func writeReferenceCSV(_ data: RunData, to path: String) throws(ReportError) -> Bool {
        let references = data.predictions.filter { $0.role == .reference }
        guard !references.isEmpty, let x = data.inputs.first else { return false }
        try writeTable(names: [x.name] + references.map(\.name), columns: [x.values] + references.map(\.values),
                       rows: data.rowCount, to: path)
        return true
    }

    /// Writes a CSV of number `columns`, then the text column `labels` when given.
    private static func writeTable(names: [String], columns: [[Double]], labels: (name: String, values: [String])? = nil,
                                   rows: Int, to path: String) throws(ReportError)
    {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw .notWritable(path: path, reason: "cannot create the file") }
        defer { try? handle.close() }
        var buffer = (names + [labels?.name].compactMap { $0 }).map(CSVText.field).joined(separator: ",") + "\n"
        func flush() throws(ReportError) {
            do {
                try handle.write(contentsOf: Data(buffer.utf8))
            } catch {
                throw .notWritable(path: path, reason: error.localizedDescription)
            }
            buffer.removeAll(keepingCapacity: true)
        }
        for i in 0..<rows {
            for (j, column) in columns.enumerated() {
                if j > 0 { buffer += "," }
                buffer += NumberFormat.exact(column[i])
            }
            if let labels { buffer += "," + CSVText.field(labels.values[i]) }
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 { try flush() }
        }
        try flush()
    }

    /// Reads data.csv (and reference.csv) back into a `RunData` as described by `info`.
    static func read(directory: String, info: DataInfo) throws(ReportError) -> RunData {
        let table = try CSVText.readTable(directory + "/data.csv")
        guard !table.isEmpty else { throw .notARun(path: directory, reason: "data.csv is empty") }
        func column(_ name: String, in table: [[String]], file: String) throws(ReportError) -> [Double] {
            guard let index = table.first?.firstIndex(of: name) else {
                throw .notARun(path: directory, reason: "\(file) has no column '\(name)'")
            }
            var out: [Double] = []
            out.reserveCapacity(table.count)
            for row in table.dropFirst() {
                guard index < row.count, let v = NumberFormat.parse(row[index]) else {
                    throw .notARun(path: directory, reason: "\(file) has a row that is not numbers")
                }
                out.append(v)
            }
            return out
        }
        var inputs: [Column] = []
        for name in info.inputs { inputs.append(Column(name, try column(name, in: table, file: "data.csv"))) }
        let target = Column(info.target, try column(info.target, in: table, file: "data.csv"))
        var predictions: [Prediction] = []
        var referenceTable: [[String]]?
        for p in info.predictions {
            if p.role == .reference {
                if referenceTable == nil { referenceTable = try CSVText.readTable(directory + "/reference.csv") }
                predictions.append(Prediction(name: p.name, role: p.role,
                                              values: try column(p.name, in: referenceTable ?? [], file: "reference.csv")))
            } else {
                predictions.append(Prediction(name: p.name, role: p.role,
                                              values: try column(p.name, in: table, file: "data.csv")))
            }
        }
        var split: [Split]?
        if let name = info.split {
            guard let index = table.first?.firstIndex(of: name) else {
                throw .notARun(path: directory, reason: "data.csv has no column '\(name)'")
            }
            var values: [Split] = []
            for row in table.dropFirst() {
                guard index < row.count, let value = Split(rawValue: row[index]) else {
                    throw .notARun(path: directory, reason: "data.csv's '\(name)' column holds something other than "
                        + Split.allCases.map(\.rawValue).joined(separator: ", "))
                }
                values.append(value)
            }
            split = values
        }
        return RunData(inputs: inputs, target: target, predictions: predictions, split: split)
    }
}
