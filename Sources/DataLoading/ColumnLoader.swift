/// The one parsing pipeline behind `readColumns`, whatever the byte source: look at the first bytes (byte-order
/// mark, separator, header), resolve the two columns, then stream the records and parse the two cells of each.
extension DelimitedFileReader {
    func load<Source: ByteSource>(
        from source: Source, x: ColumnSelector, y: ColumnSelector, minimumRows: Int
    ) throws(DataError) -> LoadedColumns {
        let path = name
        var stream = RecordStream(
            source: source, chunkSize: chunkSize,
            scanner: RecordScanner(separator: separator ?? .comma, skipsCommentLines: skipsCommentLines))
        // The separator and header are judged from the first lines: at least 50 line-break bytes (so 25 or more
        // lines) unless the input or 16 MiB end first.
        try stream.fillSample(minimumLineBreaks: 50, maximumBytes: 16 << 20)
        try stream.skipByteOrderMark(path: path)

        let separator = self.separator ?? FormatDetector.separator(
            stream.base, from: stream.start, to: stream.end, isFinal: stream.isAtEndOfInput,
            skipsCommentLines: skipsCommentLines)
        let scanner = RecordScanner(separator: separator, skipsCommentLines: skipsCommentLines)
        stream.scanner = scanner
        let hasHeader: Bool
        switch header {
        case .present: hasHeader = true
        case .absent: hasHeader = false
        case .auto:
            hasHeader = FormatDetector.looksLikeHeader(
                stream.base, from: stream.start, to: stream.end, isFinal: stream.isAtEndOfInput, scanner: scanner)
        }
        let estimatedRows = estimateRows(stream: stream, scanner: scanner)

        let fields = FieldBounds()
        guard let first = try stream.next(into: fields, path: path) else { throw .emptyFile(path: path) }
        let headerNames: [String]? = hasHeader
            ? (0..<fields.count).map { RecordScanner.fieldText(stream.base, from: fields.start($0), to: fields.end($0)) }
            : nil
        let columns = (
            x: try resolve(x, header: headerNames, columnCount: fields.count, line: first.line, separator: separator),
            y: try resolve(y, header: headerNames, columnCount: fields.count, line: first.line, separator: separator))

        var cells = CellParser(path: path, header: headerNames, separator: separator)
        var xs: [Double] = []
        var ys: [Double] = []
        xs.reserveCapacity(estimatedRows)
        ys.reserveCapacity(estimatedRows)
        var lastLine = first.line
        if !hasHeader {
            xs.append(try cells.value(column: columns.x, of: first, fields: fields, stream: stream))
            ys.append(try cells.value(column: columns.y, of: first, fields: fields, stream: stream))
        }
        while let record = try stream.next(into: fields, path: path) {
            xs.append(try cells.value(column: columns.x, of: record, fields: fields, stream: stream))
            ys.append(try cells.value(column: columns.y, of: record, fields: fields, stream: stream))
            lastLine = record.line
        }

        if xs.isEmpty { throw .noDataRows(path: path, headerLine: first.line) }
        if xs.count < minimumRows {
            throw .tooFewRows(path: path, found: xs.count, minimum: minimumRows, lastLine: lastLine)
        }
        let names = (
            x: headerNames?[columns.x] ?? "column \(columns.x + 1)",
            y: headerNames?[columns.y] ?? "column \(columns.y + 1)")
        return LoadedColumns(
            x: xs, y: ys, xName: names.x, yName: names.y, xColumn: columns.x + 1, yColumn: columns.y + 1,
            separator: separator, hadHeader: hasHeader)
    }

    /// The 0-based position of `selector` given the header (nil if none) or the first row's field count.
    private func resolve(
        _ selector: ColumnSelector, header: [String]?, columnCount: Int, line: Int, separator: Separator
    ) throws(DataError) -> Int {
        switch selector {
        case .index(let index):
            guard index >= 1, index <= columnCount else {
                throw .columnOutOfRange(path: name, line: line, index: index, columnCount: columnCount, separator: separator)
            }
            return index - 1
        case .name(let wanted):
            guard let header else {
                throw .unknownColumn(path: name, line: line, name: wanted, header: nil, columnCount: columnCount)
            }
            let matches = header.indices.filter { header[$0] == wanted }
            guard let match = matches.first else {
                throw .unknownColumn(path: name, line: line, name: wanted, header: header, columnCount: columnCount)
            }
            guard matches.count == 1 else {
                throw .ambiguousColumn(path: name, line: line, name: wanted, columns: matches.map { $0 + 1 })
            }
            return match
        }
    }

    /// Rows to reserve room for: the input's size over the sample's bytes per record (never more than one row
    /// per two bytes, nor more than 2^26 rows: past that the arrays grow as usual), or 0 when the size is unknown.
    private func estimateRows<Source>(stream: RecordStream<Source>, scanner: RecordScanner) -> Int {
        guard let size = stream.sizeHint, size > 0,
              let perRecord = FormatDetector.bytesPerRecord(
                  stream.base, from: stream.start, to: stream.end, isFinal: stream.isAtEndOfInput, scanner: scanner),
              perRecord > 0
        else { return 0 }
        let estimate = Double(size) / perRecord * 1.02 + 16
        return Int(min(estimate, Double(size / 2 + 16), Double(1 << 26)))
    }
}

/// Turns one selected cell of a record into a `Double`, or into the `DataError` that says why it cannot be.
struct CellParser {
    let path: String
    let header: [String]?
    let separator: Separator
    /// Reused for quoted cells, whose content differs from their bytes.
    private var scratch: [UInt8] = []

    init(path: String, header: [String]?, separator: Separator) {
        self.path = path
        self.header = header
        self.separator = separator
    }

    /// The number in field `column` (0-based) of `record`.
    @inline(__always)
    mutating func value<Source>(
        column: Int, of record: RecordPosition, fields: FieldBounds, stream: RecordStream<Source>
    ) throws(DataError) -> Double {
        guard column < fields.count else { throw missingField(column: column, of: record, fields: fields, stream: stream) }
        let base = stream.base
        let start = fields.start(column)
        let end = fields.end(column)
        let parsed: ParsedNumber
        if start < end, base[start] == ASCII.quote {
            scratch.removeAll(keepingCapacity: true)
            RecordScanner.appendFieldContent(base, from: start, to: end, into: &scratch)
            parsed = scratch.withUnsafeBufferPointer { buffer in
                guard let address = buffer.baseAddress else { return .empty }
                return NumberParser.parse(address, count: buffer.count)
            }
        } else {
            parsed = NumberParser.parse(base + start, count: end - start)
        }
        if case .finite(let value) = parsed { return value }
        throw failure(parsed, column: column, of: record, fields: fields, stream: stream)
    }

    private func location(column: Int, line: Int) -> CellLocation {
        let name = header.flatMap { column < $0.count ? $0[column] : nil }
        return CellLocation(path: path, line: line, column: column + 1, columnName: name)
    }

    private func failure<Source>(
        _ parsed: ParsedNumber, column: Int, of record: RecordPosition, fields: FieldBounds, stream: RecordStream<Source>
    ) -> DataError {
        let start = fields.start(column)
        let cell = location(column: column, line: stream.line(of: start, in: record))
        let text = RecordScanner.fieldText(stream.base, from: start, to: fields.end(column))
        switch parsed {
        case .empty: return .emptyCell(cell)
        case .notFinite: return .notFinite(cell, found: text)
        case .notANumber, .finite: return .notANumber(cell, found: text)
        }
    }

    private func missingField<Source>(
        column: Int, of record: RecordPosition, fields: FieldBounds, stream: RecordStream<Source>
    ) -> DataError {
        let end = fields.count > 0 ? fields.end(fields.count - 1) : record.start
        let row = String(decoding: UnsafeBufferPointer(start: stream.base + record.start, count: min(end - record.start, 160)),
                         as: UTF8.self)
        return .missingField(location(column: column, line: record.line),
                             fieldCount: fields.count, found: row, separator: separator)
    }
}
