/// What one cell holds, read as a number.
public enum CellValue: Sendable, Equatable {
    /// A decimal number; also NaN and ±infinity (`nan`, `inf`, `-inf`, `Infinity` in any case) and numbers beyond
    /// the range of `Double` (±infinity), which histories of diverged runs contain.
    case number(Double)
    /// Nothing but blanks, or no such field in the record.
    case empty
    /// Anything else.
    case text

    /// The value of `bytes` under the reader's number syntax (see `readColumns`): optional blanks and sign, digits
    /// with an optional `.`, an optional exponent; `nan`, `inf`, `infinity` in any case.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue {
        guard let base = bytes.baseAddress else { return .empty }
        switch NumberParser.parse(base, count: bytes.count) {
        case .finite(let value): return .number(value)
        case .empty: return .empty
        case .notANumber: return .text
        case .notFinite: return .number(nonFiniteValue(bytes))
        }
    }

    /// NaN, ±infinity, or the overflowing number's infinity, for bytes `NumberParser` called not finite.
    static func nonFiniteValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        let text = String(decoding: bytes, as: UTF8.self).trimmingBlanks()
        let negative = text.hasPrefix("-")
        let word = text.drop { $0 == "-" || $0 == "+" }.lowercased()
        if word == "nan" { return .nan }
        if word == "inf" || word == "infinity" { return negative ? -.infinity : .infinity }
        return Double(text) ?? (negative ? -.infinity : .infinity)
    }
}

/// The records of delimited text, one at a time, with every field available: for readers that need many
/// columns, empty cells or non-finite numbers (training histories), where `readColumns` gives two finite columns.
///
/// Parsing is exactly `readColumns`': the same separator and header detection, quoting, line endings, blank and
/// comment lines, streaming in chunks. Cells are parsed from the bytes in place; no `String` is made per cell.
///
/// ```swift
/// let records = try DelimitedFileReader(path: "history.csv", header: .present).records()
/// while try records.next() {
///     if case .number(let loss) = records.value(at: 1) { … }
/// }
/// ```
public final class DelimitedRecords {
    /// The file's path (or the in-memory name), as used in messages.
    public let path: String
    /// The separator used (given or detected).
    public let separator: Separator
    /// The header's fields (quotes removed, blanks trimmed), or nil when the file has no header.
    public let header: [String]?
    /// The physical line of the header, or nil when there is none.
    public let headerLine: Int?

    private var stream: RecordStream<EitherByteSource>
    private let fields = FieldBounds()
    private var current: RecordPosition?
    /// The first record when it is data (no header), handed out by the first `next()`.
    private var pendingFirst: Bool
    private var scratch: [UInt8] = []

    init(reader: DelimitedFileReader, source: EitherByteSource) throws(DataError) {
        path = reader.name
        var stream = RecordStream(
            source: source, chunkSize: reader.chunkSize,
            scanner: RecordScanner(separator: reader.separator ?? .comma, skipsCommentLines: reader.skipsCommentLines))
        try stream.fillSample(minimumLineBreaks: 50, maximumBytes: 16 << 20)
        try stream.skipByteOrderMark(path: reader.name)
        let separator = reader.separator ?? FormatDetector.separator(
            stream.base, from: stream.start, to: stream.end, isFinal: stream.isAtEndOfInput,
            skipsCommentLines: reader.skipsCommentLines)
        let scanner = RecordScanner(separator: separator, skipsCommentLines: reader.skipsCommentLines)
        stream.scanner = scanner
        let hasHeader: Bool
        switch reader.header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .auto:
            hasHeader = FormatDetector.looksLikeHeader(
                stream.base, from: stream.start, to: stream.end, isFinal: stream.isAtEndOfInput, scanner: scanner)
        }
        guard let first = try stream.next(into: fields, path: reader.name) else {
            throw .emptyFile(path: reader.name)
        }
        self.separator = separator
        if hasHeader {
            let base = stream.base
            header = (0..<fields.count).map { [fields] in
                RecordScanner.fieldText(base, from: fields.start($0), to: fields.end($0))
            }
            headerLine = first.line
            pendingFirst = false
        } else {
            header = nil
            headerLine = nil
            pendingFirst = true
            current = first
        }
        self.stream = stream
    }

    /// Moves to the next record; false at the end of the input. Throws for an unterminated quote or a read error.
    public func next() throws(DataError) -> Bool {
        if pendingFirst {
            pendingFirst = false
            return true
        }
        current = try stream.next(into: fields, path: path)
        return current != nil
    }

    /// The physical line on which the current record starts.
    public var line: Int { current?.line ?? headerLine ?? 0 }

    /// The number of fields in the current record.
    public var fieldCount: Int { current == nil ? 0 : fields.count }

    /// Field `column` (0-based) of the current record as a number; `.empty` when the record has no such field.
    @inline(__always)
    public func value(at column: Int) -> CellValue {
        guard current != nil, column >= 0, column < fields.count else { return .empty }
        let base = stream.base
        let start = fields.start(column)
        let end = fields.end(column)
        if start < end, base[start] == ASCII.quote {
            scratch.removeAll(keepingCapacity: true)
            RecordScanner.appendFieldContent(base, from: start, to: end, into: &scratch)
            return scratch.withUnsafeBufferPointer { CellValue.parse($0) }
        }
        return CellValue.parse(UnsafeBufferPointer(start: base + start, count: end - start))
    }

    /// Field `column` (0-based) of the current record as text (quotes removed, blanks trimmed); "" when the
    /// record has no such field.
    public func text(at column: Int) -> String {
        guard current != nil, column >= 0, column < fields.count else { return "" }
        return RecordScanner.fieldText(stream.base, from: fields.start(column), to: fields.end(column))
    }

    /// Whether the current record's fields equal the header's, field for field (a header repeated by a writer
    /// that appended to its own file).
    public func repeatsHeader() -> Bool {
        guard let header, current != nil, fields.count == header.count else { return false }
        let base = stream.base
        for (column, name) in header.enumerated() {
            let content = RecordScanner.fieldContent(base, from: fields.start(column), to: fields.end(column))
            if !content.elementsEqual(name.utf8) { return false }
        }
        return true
    }

    /// Where field `column` (0-based) of the current record is: its physical line, 1-based column and header name.
    public func location(column: Int) -> CellLocation {
        var line = self.line
        if let current, column >= 0, column < fields.count {
            line = stream.line(of: fields.start(column), in: current)
        }
        let name = header.flatMap { column >= 0 && column < $0.count ? $0[column] : nil }
        return CellLocation(path: path, line: line, column: column + 1, columnName: name)
    }

    /// The current record's text (at most about 160 bytes), for messages.
    public var recordText: String {
        guard let current else { return "" }
        let end = fields.count > 0 ? fields.end(fields.count - 1) : current.start
        let shown = UnsafeBufferPointer(start: stream.base + current.start, count: min(end - current.start, 160))
        return String(decoding: shown, as: UTF8.self)
    }
}

extension DelimitedFileReader {
    /// Opens the input and reads its header (when `header` says or detection finds there is one), ready to stream
    /// the records with `next()`.
    ///
    /// - Throws: `DataError` for a missing or unreadable file, an unsupported encoding, or an input with no
    ///   records at all (`emptyFile`).
    public func records() throws(DataError) -> DelimitedRecords {
        switch input {
        case .file(let path):
            return try DelimitedRecords(reader: self, source: .file(try FileByteSource(path: path)))
        case .memory(let bytes):
            return try DelimitedRecords(reader: self, source: .memory(MemoryByteSource(bytes: bytes)))
        }
    }
}

/// A file or in-memory bytes, so that `DelimitedRecords` is one concrete type.
enum EitherByteSource: ByteSource {
    case file(FileByteSource)
    case memory(MemoryByteSource)

    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(DataError) -> Int {
        switch self {
        case .file(let source):
            return try source.read(into: buffer, count: count)
        case .memory(var source):
            let n = try source.read(into: buffer, count: count)
            self = .memory(source)
            return n
        }
    }

    var sizeHint: Int? {
        switch self {
        case .file(let source): return source.sizeHint
        case .memory(let source): return source.sizeHint
        }
    }
}
