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
            ? (0..<fields.count).map {
                RecordScanner.fieldText(stream.base, from: fields.start($0), to: fields.end($0))
            }
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
                throw .columnOutOfRange(
                    path: name, line: line, index: index, columnCount: columnCount, separator: separator)
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
