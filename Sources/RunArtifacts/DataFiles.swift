import Foundation
import RunRecord

/// The run's data files: `data.csv` (inputs, target and the predictions of roles before/after/other) and, when the
/// record has reference predictions or a confidence band, `reference.csv` (the first input, each reference, then the
/// band's lower and upper bounds).
package enum DataFiles {
    /// Predictions written to data.csv.
    static func dataPredictions(_ data: RunData) -> [Prediction] { data.predictions.filter { $0.role != .reference } }

    /// Predictions written to reference.csv.
    package static func referencePredictions(_ data: RunData) -> [Prediction] {
        data.predictions.filter { $0.role == .reference }
    }

    /// The names of data.csv's number columns, in order: the inputs, the target, then each prediction of
    /// `dataPredictions` (the `split` text column, when there is one, comes after them).
    package static func dataColumnNames(_ data: RunData) -> [String] {
        data.inputs.map(\.name) + [data.target.name] + dataPredictions(data).map(\.name)
    }

    /// Writes `data.csv`, streamed in 1 MiB pieces (data sets may have millions of rows); returns its SHA-256.
    package static func writeDataCSV(_ data: RunData, to path: String) throws(ReportError) -> String {
        let predictions = dataPredictions(data)
        let columns = data.inputs.map(\.values) + [data.target.values] + predictions.map(\.values)
        return try writeTable(names: dataColumnNames(data), columns: columns,
                              labels: data.split.map { ("split", $0.map(\.rawValue)) }, rows: data.rowCount, to: path)
    }

    /// The reference.csv columns of the band's bounds: `band_lower` and `band_upper`, with `_2`, `_3`, … added when
    /// the first input or a reference prediction already has the name.
    package static func bandColumnNames(_ data: RunData) -> (lower: String, upper: String) {
        var taken = Set([data.inputs.first?.name].compactMap { $0 } + referencePredictions(data).map(\.name))
        func free(_ base: String) -> String {
            var name = base, k = 2
            while taken.contains(name) { name = "\(base)_\(k)"; k += 1 }
            taken.insert(name)
            return name
        }
        return (free("band_lower"), free("band_upper"))
    }

    /// Writes `reference.csv` (x, every reference prediction, then the band's bounds) and returns its SHA-256; `nil`
    /// (and no file) when there is neither a reference nor a band.
    package static func writeReferenceCSV(_ data: RunData, to path: String) throws(ReportError) -> String? {
        let references = referencePredictions(data)
        guard !references.isEmpty || data.band != nil, let x = data.inputs.first else { return nil }
        var names = [x.name] + references.map(\.name)
        var columns = [x.values] + references.map(\.values)
        if let band = data.band {
            let bandNames = bandColumnNames(data)
            names += [bandNames.lower, bandNames.upper]
            columns += [band.lower, band.upper]
        }
        return try writeTable(names: names, columns: columns, rows: data.rowCount, to: path)
    }

    /// Writes a CSV of number `columns`, then the text column `labels` when given; returns its SHA-256, computed while
    /// writing.
    private static func writeTable(names: [String], columns: [[Double]], labels: (name: String, values: [String])? = nil,
                                   rows: Int, to path: String) throws(ReportError) -> String
    {
        let file = try HashedFileWriter(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity((1 << 20) + 4096)
        buffer += ((names + [labels?.name].compactMap { $0 }).map(CSVText.field).joined(separator: ",") + "\n").utf8
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        for i in 0..<rows {
            for (j, column) in columns.enumerated() {
                if j > 0 { buffer.append(comma) }
                NumberFormat.appendExact(column[i], to: &buffer)
            }
            if let labels {
                buffer.append(comma)
                buffer += CSVText.field(labels.values[i]).utf8
            }
            buffer.append(newline)
            if buffer.count >= 1 << 20 { try file.write(&buffer) }
        }
        return try file.finish(&buffer)
    }

    /// Reads data.csv (and reference.csv) back into a `RunData` as described by `info`.
    package static func read(directory: String, info: DataInfo) throws(ReportError) -> RunData {
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
        func referenceColumn(_ name: String) throws(ReportError) -> [Double] {
            if referenceTable == nil { referenceTable = try CSVText.readTable(directory + "/reference.csv") }
            return try column(name, in: referenceTable ?? [], file: "reference.csv")
        }
        for p in info.predictions {
            if p.role == .reference {
                predictions.append(Prediction(name: p.name, role: p.role, values: try referenceColumn(p.name)))
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
        let band = try info.band.map { band throws(ReportError) in
            ConfidenceBand(level: band.level, lower: try referenceColumn(band.lower),
                           upper: try referenceColumn(band.upper))
        }
        return RunData(inputs: inputs, target: target, predictions: predictions, split: split, band: band)
    }
}
