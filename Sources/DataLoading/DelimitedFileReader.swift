/// Reads two numeric columns from delimited text: CSV, semicolon-separated, TSV or whitespace-separated.
///
/// The input is streamed in chunks and parsed as bytes, so a 10-million-row file needs little more memory than
/// the two result arrays. Handled: a UTF-8 byte-order mark, LF, CR LF and CR line endings, blank lines, `#`
/// comment lines, quoted fields (`"a,b"`, with `""` for a quote inside), an optional header. Only the two
/// selected columns must hold numbers; other columns may hold anything.
///
/// ```swift
/// let columns = try DelimitedFileReader(path: "data.csv")
///     .readColumns(x: ColumnSelector(parsing: "time"), y: ColumnSelector(parsing: "3"))
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

    /// A reader for the file at `path`; nothing is opened until `readColumns`.
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

    /// Reads the columns `x` and `y` as numbers, one pair per data row.
    ///
    /// - Parameter minimumRows: fewer data rows than this throw `DataError.tooFewRows` (default 2, the least a
    ///   fit needs; pass 1 to accept a single row). No data rows at all is always an error.
    /// - Throws: `DataError`, naming the file, line and column of the problem.
    public func readColumns(
        x: ColumnSelector, y: ColumnSelector, minimumRows: Int = 2
    ) throws(DataError) -> LoadedColumns {
        switch input {
        case .file(let path):
            return try load(from: FileByteSource(path: path), x: x, y: y, minimumRows: minimumRows)
        case .memory(let bytes):
            return try load(from: MemoryByteSource(bytes: bytes), x: x, y: y, minimumRows: minimumRows)
        }
    }
}
