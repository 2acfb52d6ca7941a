/// Reads numeric columns from delimited text: CSV, semicolon-separated, TSV or whitespace-separated.
///
/// The input is streamed in chunks and parsed as bytes, so a 10-million-row file needs little more memory than
/// the result arrays. Handled: a UTF-8 byte-order mark, LF, CR LF and CR line endings, blank lines, `#`
/// comment lines, quoted fields (`"a,b"`, with `""` for a quote inside), an optional header. Only the selected
/// columns must hold numbers; other columns may hold anything.
///
/// The header (or, without one, the first row) sets the number of columns. A data row may have fewer fields as
/// long as the selected columns are there (a missing selected field is `DataError.missingField`); it may have
/// more only when the extra fields are empty — a trailing separator — and a non-empty field beyond the header's is
/// `DataError.extraField`, since the row's fields then cannot all line up with the header's names.
///
/// ```swift
/// let columns = try DelimitedFileReader(path: "data.csv")
///     .readColumns(x: ColumnSelector(parsing: "time"), y: ColumnSelector(parsing: "3"))
/// let table = try DelimitedFileReader(path: "data.csv")
///     .readTable(inputs: ColumnSelector.list(parsing: "time,pressure"), target: .name("temp"))
/// ```
public struct DelimitedFileReader: Sendable {
    enum Input: Sendable {
        case file(path: String)
        case memory(bytes: [UInt8])
    }

    let input: Input
    /// The file's path, or the name given to in-memory bytes; used in every error message.
    public let name: String
    /// The separator, or nil to detect it from the first lines.
    public var separator: Separator?
    /// Whether the first line is a header, or `.auto` to decide from the data.
    public var header: HeaderMode
    /// Whether lines whose first non-blank character is `#` are skipped (default true).
    public var skipsCommentLines = true
    /// How many bytes each read asks for (default 1 MiB). Small values are only useful for tests.
    public var chunkSize = 1 << 20

    /// A reader for the file at `path`; nothing is opened until `readColumns`, `readTable` or `records`.
    public init(path: String, separator: Separator? = nil, header: HeaderMode = .auto) {
        input = .file(path: path)
        name = path
        self.separator = separator
        self.header = header
    }

    /// A reader for bytes already in memory, parsed exactly as a file's; `name` stands for the path in messages.
    public init(bytes: [UInt8], name: String = "<memory>", separator: Separator? = nil, header: HeaderMode = .auto) {
        input = .memory(bytes: bytes)
        self.name = name
        self.separator = separator
        self.header = header
    }

    /// Reads the columns `x` and `y` as numbers, one pair per data row. `x` and `y` may be the same column.
    ///
    /// - Parameter minimumRows: fewer data rows than this throw `DataError.tooFewRows` (default 2, the least a
    ///   fit needs; pass 1 to accept a single row). No data rows at all is always an error.
    /// - Throws: `DataError`, naming the file, line and column of the problem.
    public func readColumns(
        x: ColumnSelector, y: ColumnSelector, minimumRows: Int = 2
    ) throws(DataError) -> LoadedColumns {
        let table = try read(inputs: [x], target: y, minimumRows: minimumRows, allowsTargetAsInput: true)
        return LoadedColumns(
            x: table.inputs[0], y: table.y, xName: table.inputNames[0], yName: table.yName,
            xColumn: table.inputColumns[0], yColumn: table.yColumn, separator: table.separator,
            hadHeader: table.hadHeader)
    }

    /// Reads the input columns `inputs` (in that order; possibly none) and the target column `target` as numbers,
    /// one value of each per data row.
    ///
    /// - Parameter minimumRows: fewer data rows than this throw `DataError.tooFewRows` (default 2; pass 1 to accept
    ///   a single row). No data rows at all is always an error.
    /// - Throws: `DataError`, naming the file, line and column of the problem; besides the problems `readColumns`
    ///   reports, `repeatedInput` when two inputs select the same column (by the same or different selectors) and
    ///   `targetIsInput` when the target is also an input.
    public func readTable(
        inputs: [ColumnSelector], target: ColumnSelector, minimumRows: Int = 2
    ) throws(DataError) -> LoadedTable {
        try read(inputs: inputs, target: target, minimumRows: minimumRows, allowsTargetAsInput: false)
    }

    private func read(
        inputs: [ColumnSelector], target: ColumnSelector, minimumRows: Int, allowsTargetAsInput: Bool
    ) throws(DataError) -> LoadedTable {
        switch input {
        case .file(let path):
            return try load(from: FileByteSource(path: path), inputs: inputs, target: target,
                            minimumRows: minimumRows, allowsTargetAsInput: allowsTargetAsInput)
        case .memory(let bytes):
            return try load(from: MemoryByteSource(bytes: bytes), inputs: inputs, target: target,
                            minimumRows: minimumRows, allowsTargetAsInput: allowsTargetAsInput)
        }
    }
}
