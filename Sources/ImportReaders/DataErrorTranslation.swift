import DataLoading

/// Locations and messages in the words of importers, for problems DataLoading's reader finds.
enum Located {
    /// `line 12, column 3 ("val_loss")`.
    static func cell(line: Int, column: Int, name: String?) -> String {
        var text = "line \(line), column \(column)"
        if let name { text += " (\(quote(name)))" }
        return text
    }

    /// `line 12, column 3 ("val_loss")` for a DataLoading cell location.
    static func cell(_ location: CellLocation) -> String {
        cell(line: location.line, column: location.column, name: location.columnName)
    }

    /// The text in double quotes with control characters escaped, cut to about 40 characters.
    static func quote(_ text: String, limit: Int = 40) -> String {
        guard text.count > limit else { return text.debugDescription }
        return String(text.prefix(limit)).debugDescription.dropLast() + "…\""
    }
}

extension ImportError {
    /// The same problem as `error`, for the importer of `path`: the location split from the reason, and the
    /// reason phrased for a history or predictions table rather than for fitting two columns.
    package init(_ error: DataError, path: String) {
        switch error {
        case .fileNotFound:
            self.init(path: path, reason: "no such file. Check the path (a relative path is taken from the current "
                      + "directory).")
        case .unreadable(_, let reason):
            self.init(path: path, reason: "cannot be read: \(reason). Check that it is a readable text file.")
        case .unsupportedEncoding(_, let encoding):
            self.init(path: path, location: "line 1", reason: "the file is encoded as \(encoding). Save it as UTF-8.")
        case .emptyFile:
            self.init(path: path, reason: "the file is empty (blank lines and lines starting with # are skipped). "
                      + "Import a file that holds a header line and rows of values.")
        case .noDataRows(_, let headerLine):
            self.init(path: path, location: "line \(headerLine)",
                      reason: "the file has a header but no rows after it. Import it once values have been logged.")
        case .tooFewRows(_, let found, let minimum, let lastLine):
            self.init(path: path, location: "line \(lastLine)",
                      reason: "only \(found) rows, at least \(minimum) are needed. Add rows.")
        case .unknownColumn(_, let line, let name, _, _):
            self.init(path: path, location: "line \(line)", reason: "no column is named \(Located.quote(name)).")
        case .ambiguousColumn(_, let line, let name, let columns):
            self.init(path: path, location: "line \(line)",
                      reason: "columns \(columns.map(String.init).joined(separator: ", ")) are all named "
                      + "\(Located.quote(name)). Rename all but one.")
        case .columnOutOfRange(_, let line, let index, let columnCount, _):
            self.init(path: path, location: "line \(line)",
                      reason: "there is no column \(index); the line has \(columnCount).")
        case .notANumber(let cell, let found):
            self.init(path: path, location: Located.cell(cell),
                      reason: "found \(Located.quote(found)), which is not a number. Fix the cell or delete the row.")
        case .notFinite(let cell, let found):
            self.init(path: path, location: Located.cell(cell),
                      reason: "found \(Located.quote(found)), which is not a finite number. Replace the value or "
                      + "delete the row.")
        case .emptyCell(let cell):
            self.init(path: path, location: Located.cell(cell),
                      reason: "the cell is empty. Fill in a number or delete the row.")
        case .missingField(let cell, let fieldCount, let found, let separator):
            self.init(path: path, location: Located.cell(cell),
                      reason: "the row has only \(fieldCount) field\(fieldCount == 1 ? "" : "s") (separator: "
                      + "\(separator)): \(Located.quote(found)). Complete the row or delete it.")
        case .unterminatedQuote(_, let line, let column, let found):
            self.init(path: path, location: "line \(line), column \(column)",
                      reason: "a quoted field starts here (\(Located.quote(found))) and its closing quote never "
                      + "comes. Add the closing \" or remove the stray one.")
        case .extraField, .repeatedInput, .targetIsInput:
            // Raised only by `readColumns`/`readTable`, which importers do not use; kept in the reader's words.
            self.init(path: path, reason: error.description)
        }
    }
}
