import DataLoading
import RunRecord

/// A training history in delimited text (CSV, TSV, semicolon-separated, whitespace-separated): a header naming the
/// columns, one column giving the step, an optional epoch column, and every other column a series.
///
/// Shared by the plain CSV, Keras and Lightning importers. Rules:
/// - a header is required; a first line that holds numbers is reported as a missing header;
/// - empty cells, and cells reading `NA`, `N/A`, `null` or `None` (Keras writes `NA` for a metric missing from an
///   epoch), mean "not logged at this step"; `nan`, `inf`, `-inf`, `Infinity` are values (diverged runs log them);
/// - a column whose first non-empty cell is text (Keras writes list-valued metrics as `"[1, 2]"`) is not a series:
///   it is skipped with a note; text in a column that started with numbers is an error;
/// - a row equal to the header (a logger appending to its own file writes the header again) is skipped, with a note;
/// - steps must be whole numbers; a step logged again keeps the value logged last (see `SeriesAccumulator`);
/// - a row shorter than the header has its missing cells taken as not logged; an unnamed column is skipped.
package struct HistoryTable {
    /// How the step column is chosen.
    package enum StepRule {
        /// The first of these names (case-insensitive) the header has; row numbers from 0 when none.
        case firstOf([String])
        /// This column (case-insensitive); an error when the header lacks it.
        case required(String, hint: String)
    }

    package var series: [ScalarSeries]
    package var notes: [String]
    /// The step column's name as written in the header; nil when steps are row numbers.
    package var stepColumn: String?
    var separator: Separator
    /// Data rows read (repeated headers and empty rows not counted).
    var rowCount: Int

    /// Reads the history at `path`. `epochColumn` (case-insensitive), when the header has it and it is not the step
    /// column, gives each point's epoch.
    package static func read(_ path: String, step rule: StepRule, epochColumn: String?) throws(ImportError)
        -> HistoryTable
    {
        let (records, header, headerLine) = try openWithHeader(path, addHeader: "Add one naming the columns.")
        try checkHeader(header, line: headerLine, path: path, separator: records.separator)

        let lowered = header.map { $0.lowercased() }
        let stepIndex: Int?
        switch rule {
        case .firstOf(let names):
            stepIndex = names.lazy.compactMap { lowered.firstIndex(of: $0) }.first
        case .required(let name, let hint):
            guard let index = lowered.firstIndex(of: name) else {
                throw ImportError(
                    path: path, location: "line \(headerLine)",
                    reason: "the header has no \(Located.quote(name)) column (it has \(headerList(header))). \(hint)")
            }
            stepIndex = index
        }
        let epochIndex = epochColumn.flatMap { lowered.firstIndex(of: $0) }.flatMap { $0 == stepIndex ? nil : $0 }

        var notes: [String] = []
        var accumulators: [SeriesAccumulator] = []
        /// (column, accumulator) of every series column, in header order.
        var seriesColumns: [(column: Int, index: Int)] = []
        var unnamed: [Int] = []
        for (column, name) in header.enumerated() where column != stepIndex && column != epochIndex {
            if name.isEmpty {
                unnamed.append(column + 1)
                continue
            }
            seriesColumns.append((column, accumulators.count))
            accumulators.append(SeriesAccumulator(name: name))
        }
        if !unnamed.isEmpty {
            let which = unnamed.count == 1 ? "Column \(unnamed[0]) has" : "Columns "
                + HistoryNotes.list(unnamed.map(String.init)) + " have"
            notes.append("\(which) no name in the header (a pandas index?) and \(unnamed.count == 1 ? "was" : "were") "
                         + "skipped.")
        }

        enum ColumnState { case undecided, numeric, text }
        var states = [ColumnState](repeating: .undecided, count: seriesColumns.count)
        /// Where each text column's first text was, for the note.
        var firstText: [Int: (line: Int, found: String)] = [:]
        var rows = 0
        var repeatedHeaders: [Int] = []
        var shortRows = (count: 0, firstLine: 0)
        var longRows = (count: 0, firstLine: 0)
        let columnCount = header.count

        func cellError(_ column: Int, _ reason: String) -> ImportError {
            ImportError(path: path, location: Located.cell(records.location(column: column)), reason: reason)
        }
        func notANumber(_ column: Int, what: String) -> ImportError {
            cellError(column, "found \(Located.quote(records.text(at: column))), which is not a number. \(what)")
        }
        /// Whether the current row repeats the header; it is then counted for the note, and the caller skips it.
        func isRepeatedHeader() -> Bool {
            guard records.repeatsHeader() else { return false }
            repeatedHeaders.append(records.line)
            return true
        }

        rowLoop: while try nextRecord(records, path: path) {
            let fieldCount = records.fieldCount
            // The step.
            let step: Int
            if let stepIndex {
                switch records.value(at: stepIndex) {
                case .number(let value):
                    guard let whole = wholeNumber(value) else {
                        throw cellError(stepIndex, "the \(header[stepIndex]) is \(records.text(at: stepIndex)), which "
                                        + "is not a whole number. Steps must be whole numbers; fix the cell or "
                                        + "delete the row.")
                    }
                    step = whole
                case .empty:
                    if isBlankRow(records) { continue rowLoop }
                    throw cellError(stepIndex, "the \(header[stepIndex]) cell is empty. Every row needs a whole-number "
                                    + "\(header[stepIndex]); fill it in or delete the row.")
                case .text:
                    if isRepeatedHeader() { continue rowLoop }
                    throw notANumber(stepIndex, what: "Every row needs a whole-number \(header[stepIndex]); fix the "
                                     + "cell or delete the row.")
                }
            } else {
                step = rows
            }
            // The epoch.
            var epoch: Double? = nil
            if let epochIndex {
                switch records.value(at: epochIndex) {
                case .number(let value):
                    guard value.isFinite else {
                        throw cellError(epochIndex, "the epoch is \(records.text(at: epochIndex)). Epochs must be "
                                        + "finite numbers; fix the cell or delete the row.")
                    }
                    epoch = value
                case .empty:
                    break
                case .text:
                    if isNotLogged(records.text(at: epochIndex)) { break }
                    if isRepeatedHeader() { continue rowLoop }
                    throw notANumber(epochIndex, what: "Epochs must be numbers; fix the cell or delete the row.")
                }
            }
            if fieldCount != columnCount {
                if fieldCount < columnCount {
                    if shortRows.count == 0 { shortRows.firstLine = records.line }
                    shortRows.count += 1
                } else {
                    if longRows.count == 0 { longRows.firstLine = records.line }
                    longRows.count += 1
                }
            }
            // The series.
            for k in seriesColumns.indices {
                let column = seriesColumns[k].column
                switch records.value(at: column) {
                case .number(let value):
                    switch states[k] {
                    case .numeric: break
                    case .text: continue
                    case .undecided: states[k] = .numeric
                    }
                    accumulators[seriesColumns[k].index].append(step: step, value: value, epoch: epoch,
                                                                line: records.line)
                case .empty:
                    continue
                case .text:
                    let text = records.text(at: column)
                    if isNotLogged(text) { continue }
                    switch states[k] {
                    case .text:
                        continue
                    case .undecided:
                        if isRepeatedHeader() { continue rowLoop }
                        states[k] = .text
                        firstText[k] = (records.location(column: column).line, text)
                    case .numeric:
                        if isRepeatedHeader() { continue rowLoop }
                        throw notANumber(column, what: "The column held numbers until here; fix the cell (NaN and "
                                         + "inf are accepted, an empty cell means not logged) or delete the row.")
                    }
                }
            }
            rows += 1
        }

        if rows == 0 {
            throw ImportError(path: path, location: "line \(headerLine)",
                              reason: "the file has a header but no rows of values. Import it once values have "
                              + "been logged.")
        }
        if stepIndex == nil {
            notes.append("The header has no step column (step, epoch, iteration or iter), so steps are row numbers "
                         + "from 0.")
        }
        let textColumns = seriesColumns.indices.compactMap { k -> String? in
            guard let (line, found) = firstText[k] else { return nil }
            return "\(Located.quote(header[seriesColumns[k].column])) (line \(line): \(Located.quote(found)))"
        }
        if !textColumns.isEmpty {
            notes.append("Column\(textColumns.count == 1 ? "" : "s") \(HistoryNotes.list(textColumns)) "
                         + "\(textColumns.count == 1 ? "holds" : "hold") text, not numbers, and "
                         + "\(textColumns.count == 1 ? "is" : "are") not imported as a series.")
        }
        if let first = repeatedHeaders.first {
            let count = repeatedHeaders.count
            notes.append("The header line appears again on line \(first)"
                         + (count > 1 ? " and \(count - 1) more line\(count > 2 ? "s" : "")" : "")
                         + " (a logger appending to its own file); \(count == 1 ? "it was" : "they were") skipped.")
        }
        if shortRows.count > 0 {
            notes.append("\(shortRows.count) row\(shortRows.count == 1 ? " has" : "s have") fewer cells than the "
                         + "header (first on line \(shortRows.firstLine)); the missing cells are taken as not logged.")
        }
        if longRows.count > 0 {
            notes.append("\(longRows.count) row\(longRows.count == 1 ? " has" : "s have") more cells than the "
                         + "header (first on line \(longRows.firstLine)); the extra cells were ignored.")
        }
        let stepName = stepIndex.map { header[$0].lowercased() } ?? "row"
        let finished = HistoryNotes.finish(accumulators, stepName: stepName == "epoch" ? "epoch" : "step")
        notes += finished.notes
        return HistoryTable(series: finished.series, notes: notes, stepColumn: stepIndex.map { header[$0] },
                            separator: records.separator, rowCount: rows)
    }

    /// The records of the delimited file at `path` (separator detected), its header and the header's line number; a
    /// file without a header is an error ending with `addHeader`.
    static func openWithHeader(_ path: String, addHeader: String) throws(ImportError)
        -> (records: DelimitedRecords, header: [String], headerLine: Int)
    {
        let records: DelimitedRecords
        do {
            records = try DelimitedFileReader(path: path, header: .present).records()
        } catch {
            throw ImportError(error, path: path)
        }
        guard let header = records.header, let headerLine = records.headerLine else {
            throw ImportError(path: path, reason: "the file has no header line. \(addHeader)")
        }
        return (records, header, headerLine)
    }

    private static func nextRecord(_ records: DelimitedRecords, path: String) throws(ImportError) -> Bool {
        do {
            return try records.next()
        } catch {
            throw ImportError(error, path: path)
        }
    }

    /// A header must name its columns: numbers there mean the file starts with data; two columns with one name
    /// would make two series with one name.
    private static func checkHeader(_ header: [String], line: Int, path: String, separator: Separator)
        throws(ImportError)
    {
        for (column, name) in header.enumerated() {
            let value = Array(name.utf8).withUnsafeBufferPointer { CellValue.parse($0) }
            if case .number(let number) = value, number.isFinite {
                throw ImportError(
                    path: path, location: Located.cell(line: line, column: column + 1, name: nil),
                    reason: "the first line holds the number \(Located.quote(name)) where a header naming the columns "
                    + "is needed (for example step\(separator == .tab ? "\\t" : ",")loss). Add a header line.")
            }
        }
        var seen: [String: Int] = [:]
        for (column, name) in header.enumerated() where !name.isEmpty {
            if let earlier = seen[name] {
                throw ImportError(
                    path: path, location: Located.cell(line: line, column: column + 1, name: name),
                    reason: "columns \(earlier + 1) and \(column + 1) are both named \(Located.quote(name)). Rename "
                    + "one of them.")
            }
            seen[name] = column
        }
    }

    /// `"a", "b", "c"` (the first 12).
    static func headerList(_ header: [String]) -> String {
        let shown = header.prefix(12).map { Located.quote($0) }.joined(separator: ", ")
        return header.count > 12 ? shown + " and \(header.count - 12) more" : shown
    }

    /// `value` as an `Int` when it is a whole number within ±2^53.
    @inline(__always)
    static func wholeNumber(_ value: Double) -> Int? {
        guard value.isFinite, value == value.rounded(), abs(value) <= 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }

    /// Text that means "no value": `NA` (Keras' CSVLogger), `N/A`, `null`, `None`, any case.
    static func isNotLogged(_ text: String) -> Bool {
        switch text.lowercased() {
        case "na", "n/a", "null", "none": return true
        default: return false
        }
    }

    /// Every cell of the current record is empty (a row of separators only).
    private static func isBlankRow(_ records: DelimitedRecords) -> Bool {
        (0..<records.fieldCount).allSatisfy { records.value(at: $0) == .empty }
    }
}
