import DataLoading
import RunRecord

/// A table of data and predictions to show beside an imported run: inputs, the target `y`, and prediction columns.
package enum PredictionsFile {
    /// Reads a CSV/TSV (separator detected) whose header names the columns.
    ///
    /// - Inputs: every column named `x` or starting with `x` (case-insensitive: `x`, `x1`, `x_2`), in order; when
    ///   there is none, the first column that is not `y`.
    /// - Target: the column `y` (case-insensitive); required.
    /// - Every other column is a prediction, its role suggested by its name (`PredictionRole(suggestedBy:)`:
    ///   `y_before`, `y_pred`, `least_squares`, …). With no `.after` column, the first `.other` one becomes `.after`.
    /// - Every cell must be a finite number.
    ///
    /// - Throws: `ImportError` naming the file and, for a bad cell, its line and column; a missing `y` lists the
    ///   header.
    package static func read(_ path: String) throws(ImportError) -> RunData {
        let (records, header, headerLine) = try HistoryTable.openWithHeader(
            path, addHeader: "Add one naming the columns (x,y,…).")
        let lowered = header.map { $0.lowercased() }
        guard let targetIndex = lowered.firstIndex(of: "y") else {
            throw ImportError(path: path, location: "line \(headerLine)",
                              reason: "no column is named y (the target). The header has "
                              + "\(HistoryTable.headerList(header)); name the target column y.")
        }
        var inputIndices = lowered.indices.filter { $0 != targetIndex && lowered[$0].hasPrefix("x") }
        if inputIndices.isEmpty, let first = lowered.indices.first(where: { $0 != targetIndex }) {
            inputIndices = [first]
        }
        guard !inputIndices.isEmpty else {
            throw ImportError(path: path, location: "line \(headerLine)",
                              reason: "the file has only the column y; add an input column named x before it.")
        }
        var seen: [String: Int] = [:]
        for (column, name) in header.enumerated() {
            if let earlier = seen[name] {
                throw ImportError(path: path, location: Located.cell(line: headerLine, column: column + 1, name: name),
                                  reason: "columns \(earlier + 1) and \(column + 1) are both named "
                                  + "\(Located.quote(name)). Rename one of them.")
            }
            seen[name] = column
        }
        let predictionIndices = header.indices.filter { $0 != targetIndex && !inputIndices.contains($0) }
        var roles = predictionIndices.map { PredictionRole(suggestedBy: header[$0]) }
        if !roles.contains(.after), let first = roles.firstIndex(of: .other) { roles[first] = .after }

        var columns = [[Double]](repeating: [], count: header.count)
        var rows = 0
        while try next(records, path: path) {
            if records.fieldCount < header.count {
                let location = Located.cell(line: records.line, column: records.fieldCount + 1,
                                            name: header[records.fieldCount])
                throw ImportError(path: path, location: location,
                                  reason: "the row has \(records.fieldCount) cells, the header \(header.count): "
                                  + "\(Located.quote(records.recordText)). Complete the row or delete it.")
            }
            for column in header.indices {
                guard case .number(let value) = records.value(at: column), value.isFinite else {
                    let text = records.text(at: column)
                    let found = text.isEmpty ? "an empty cell" : Located.quote(text)
                    throw ImportError(path: path, location: Located.cell(records.location(column: column)),
                                      reason: "found \(found), which is not a finite number. Every cell of a "
                                      + "predictions file must be one; fix the cell or delete the row.")
                }
                columns[column].append(value)
            }
            rows += 1
        }
        guard rows > 0 else {
            throw ImportError(path: path, location: "line \(headerLine)",
                              reason: "the file has a header but no rows. Add rows of values.")
        }
        return RunData(
            inputs: inputIndices.map { Column(header[$0], columns[$0]) },
            target: Column(header[targetIndex], columns[targetIndex]),
            predictions: zip(predictionIndices, roles).map {
                Prediction(name: header[$0], role: $1, values: columns[$0])
            })
    }

    private static func next(_ records: DelimitedRecords, path: String) throws(ImportError) -> Bool {
        do {
            return try records.next()
        } catch {
            throw ImportError(error, path: path)
        }
    }
}
