/// Where a cell is: file, physical line (1-based) and field (1-based), plus the header name when there is one.
public struct CellLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file as the caller named it (or the name given to an in-memory source).
    public var path: String
    /// The 1-based physical line in the file on which the cell starts.
    public var line: Int
    /// The 1-based field position in its row.
    public var column: Int
    /// The column's header name, or nil when the file has no header.
    public var columnName: String?

    /// A location; `line` and `column` are 1-based.
    public init(path: String, line: Int, column: Int, columnName: String?) {
        self.path = path
        self.line = line
        self.column = column
        self.columnName = columnName
    }

    /// `data.csv, line 17, column 3 ("temp")`.
    public var description: String {
        var text = "\(path), line \(line), column \(column)"
        if let columnName { text += " (\(quoted(columnName)))" }
        return text
    }
}

/// Everything that can go wrong reading a data file. Each message names the file, the line and (where it
/// applies) the column, quotes what was found and says what to do.
public enum DataError: Error, CustomStringConvertible, Equatable {
    /// Nothing exists at `path`.
    case fileNotFound(path: String)
    /// The file exists but cannot be opened or read (permissions, a directory, an I/O error).
    case unreadable(path: String, reason: String)
    /// The file starts with a UTF-16 or UTF-32 byte-order mark; only UTF-8 (or ASCII) text is read.
    case unsupportedEncoding(path: String, encoding: String)
    /// No line holds anything but blanks (or comments).
    case emptyFile(path: String)
    /// A header on `headerLine` and no data rows after it.
    case noDataRows(path: String, headerLine: Int)
    /// Fewer data rows than the caller requires; `lastLine` is the line of the last row read.
    case tooFewRows(path: String, found: Int, minimum: Int, lastLine: Int)
    /// No header field equals `name`. `header` is nil when the file has no header; `line` is the header's
    /// line (or the first data line), `columnCount` the number of fields on it.
    case unknownColumn(path: String, line: Int, name: String, header: [String]?, columnCount: Int)
    /// Several header fields equal `name`; `columns` are their 1-based positions.
    case ambiguousColumn(path: String, line: Int, name: String, columns: [Int])
    /// A column number below 1 or beyond the `columnCount` fields found on `line` (header or first row).
    case columnOutOfRange(path: String, line: Int, index: Int, columnCount: Int, separator: Separator)
    /// The cell holds text that is not a decimal number.
    case notANumber(CellLocation, found: String)
    /// The cell is NaN, an infinity, or a number too large for a Double.
    case notFinite(CellLocation, found: String)
    /// The cell is empty (or only blanks).
    case emptyCell(CellLocation)
    /// The row has only `fieldCount` fields, fewer than the selected column needs; `found` is the row.
    case missingField(CellLocation, fieldCount: Int, found: String, separator: Separator)
    /// A quoted field opens at `line`, field `column`, and the file ends before its closing quote.
    case unterminatedQuote(path: String, line: Int, column: Int, found: String)
    /// A data row has `fieldCount` fields, more than the `expectedCount` of the header (or, without a header, of the
    /// first row) on `referenceLine`, and the extra field at `cell` is not empty; `found` is the row. (Extra fields
    /// that are empty, such as those a trailing separator makes, are accepted.)
    case extraField(CellLocation, fieldCount: Int, expectedCount: Int, referenceLine: Int, hasHeader: Bool,
                    found: String, separator: Separator)
    /// Two input selections (`selectors`, as given) name the same column, at 1-based position `column` (`name` is
    /// its header name, nil without a header); `line` is the header's line or the first data line.
    case repeatedInput(path: String, line: Int, column: Int, name: String?, selectors: [ColumnSelector])
    /// The target column (1-based `column`, header `name`) is also selected as an input.
    case targetIsInput(path: String, line: Int, column: Int, name: String?)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "Cannot read data file '\(path)': no such file. Check the path "
                + "(a relative path is taken from the current directory)."
        case .unreadable(let path, let reason):
            return "Cannot read data file '\(path)': \(reason). Check that it is a readable text file."
        case .unsupportedEncoding(let path, let encoding):
            return "Cannot read data file '\(path)', line 1: the file is encoded as \(encoding) (it starts with a "
                + "\(encoding) byte-order mark). Save it as UTF-8 or plain text."
        case .emptyFile(let path):
            return "Data file '\(path)' is empty: no line holds any data (blank lines and lines starting with # "
                + "are skipped). Add rows of x and y values."
        case .noDataRows(let path, let headerLine):
            return "Data file '\(path)' has a header (line \(headerLine)) but no data rows after it. "
                + "Add rows of numbers below the header."
        case .tooFewRows(let path, let found, let minimum, let lastLine):
            let rows = found == 1 ? "1 data row" : "\(found) data rows"
            return "Data file '\(path)' has only \(rows) (the last on line \(lastLine)); fitting needs at least "
                + "\(minimum). Add more rows."
        case .unknownColumn(let path, let line, let name, let header, let columnCount):
            guard let header else {
                return "\(path), line \(line): no column is named \(quoted(name)) because the file has no header "
                    + "(line \(line) holds data). Select the column by its number, 1 to \(columnCount), "
                    + "or add a header line."
            }
            var text = "\(path), line \(line): no column is named \(quoted(name)). The header has "
                + "\(header.count == 1 ? "1 column" : "\(header.count) columns"): \(list(header))."
            if let match = header.first(where: { $0.lowercased() == name.lowercased() }) {
                text += " Did you mean \(quoted(match))? Names are case-sensitive."
            } else {
                text += " Use one of these names or a column number from 1 to \(columnCount)."
            }
            return text
        case .ambiguousColumn(let path, let line, let name, let columns):
            let numbers = columns.map(String.init)
            let which = numbers.count == 2
                ? "columns \(numbers[0]) and \(numbers[1]) are both"
                : "columns \(numbers.joined(separator: ", ")) are all"
            return "\(path), line \(line): the column name \(quoted(name)) is ambiguous: \(which) called "
                + "\(quoted(name)). Select the column by its number instead, or rename the duplicates."
        case .columnOutOfRange(let path, let line, let index, let columnCount, let separator):
            let has = columnCount == 1 ? "1 column" : "\(columnCount) columns"
            var text = "\(path), line \(line): column \(index) is out of range: "
            text += index < 1 ? "column numbers start at 1. " : "the line has only \(has) (separator: \(separator)). "
            text += columnCount == 1 ? "Use column 1." : "Use a column number from 1 to \(columnCount)."
            if columnCount == 1 {
                text += " Only one column was found; if the columns are separated by something other than "
                    + "\(separator), give the separator explicitly."
            }
            return text
        case .notANumber(let cell, let found):
            var text = "\(cell): found \(quoted(found)), which is not a number. "
                + "Fix or remove this row, or select a numeric column."
            if looksLikeDecimalComma(found) {
                text += " It looks like a number written with a decimal comma; write it with a decimal point "
                    + "(e.g. 1.5, not 1,5)."
            }
            return text
        case .notFinite(let cell, let found):
            return "\(cell): found \(quoted(found)), which is not a finite number (NaN, infinity and values beyond "
                + "±1.8e308 cannot be fitted). Replace the value or remove this row."
        case .emptyCell(let cell):
            return "\(cell): the cell is empty, which is not a finite number. Fill in a value or remove this row."
        case .missingField(let cell, let fieldCount, let found, let separator):
            let has = fieldCount == 1 ? "1 field" : "\(fieldCount) fields"
            return "\(cell): the row has only \(has) (separator: \(separator)), so it has no column \(cell.column); "
                + "found \(quoted(found)). Complete this row or remove it."
        case .unterminatedQuote(let path, let line, let column, let found):
            return "\(path), line \(line), column \(column): a quoted field starts here (\(quoted(found))) but its "
                + "closing quote never comes before the end of the file. Add the closing \" or remove the stray one."
        case .extraField(let cell, let fieldCount, let expectedCount, let referenceLine, let hasHeader, let found,
                         let separator):
            let reference = hasHeader ? "the header (line \(referenceLine))" : "the first row (line \(referenceLine))"
            var text = "\(cell.path), line \(cell.line): the row has \(fieldCount) fields but \(reference) has "
                + "\(expectedCount) (separator: \(separator)), so field \(cell.column) belongs to no column; found "
                + "\(quoted(found, limit: 60)). "
            if hasHeader {
                text += "Remove the extra field, or add a name for it to the header (also when every row starts "
                    + "with a row name or number that the header does not name)."
            } else {
                text += "Remove the extra field, or complete the first row: without a header it sets the number "
                    + "of columns."
            }
            return text
        case .repeatedInput(let path, let line, let column, let name, let selectors):
            let what = name.map { "column \(column) (\(quoted($0)))" } ?? "column \(column)"
            let how = selectors.map(\.description)
            let ways = Set(how).count == 1 ? "" : " (as " + how.joined(separator: " and as ") + ")"
            return "\(path), line \(line): \(what) is listed twice among the input columns\(ways). "
                + "List each input column once."
        case .targetIsInput(let path, let line, let column, let name):
            let what = name.map { "column \(column) (\(quoted($0)))" } ?? "column \(column)"
            return "\(path), line \(line): \(what) is selected both as an input and as the target; a model "
                + "cannot be fitted to one of its own inputs. Choose another target, or leave it out of the inputs."
        }
    }
}

/// The text in double quotes with control characters escaped, cut to about 40 characters ("…" marks a cut).
func quoted(_ text: String, limit: Int = 40) -> String {
    guard text.count > limit else { return text.debugDescription }
    return String(text.prefix(limit)).debugDescription.dropLast() + "…\""
}

/// `"a", "b", "c"`, or the first 20 names and a count of the rest.
private func list(_ names: [String]) -> String {
    let shown = names.prefix(20).map { quoted($0) }.joined(separator: ", ")
    return names.count > 20 ? shown + " and \(names.count - 20) more" : shown
}

/// Digits, one comma, digits (e.g. `1,5` or `-0,25`): a decimal comma.
private func looksLikeDecimalComma(_ text: String) -> Bool {
    let parts = text.trimmingBlanks().split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 2, let whole = parts.first, let fraction = parts.last else { return false }
    let digits = whole.drop(while: { $0 == "-" || $0 == "+" })
    return !digits.isEmpty && !fraction.isEmpty
        && digits.allSatisfy(\.isASCIIDigit) && fraction.allSatisfy(\.isASCIIDigit)
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
