/// The one parsing pipeline behind `readColumns` and `readTable`, whatever the byte source: look at the first bytes
/// (byte-order mark, separator, header), resolve the columns, then stream the records and parse the selected cells
/// of each.
extension DelimitedFileReader {
    func load<Source: ByteSource>(
        from source: Source, inputs: [ColumnSelector], target: ColumnSelector, minimumRows: Int,
        allowsTargetAsInput: Bool
    ) throws(DataError) -> LoadedTable {
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
        let columnCount = fields.count
        let headerNames: [String]? = hasHeader
            ? (0..<columnCount).map {
                RecordScanner.fieldText(stream.base, from: fields.start($0), to: fields.end($0))
            }
            : nil
        var inputColumns: [Int] = []
        for selector in inputs {
            let column = try resolve(selector, header: headerNames, columnCount: columnCount, line: first.line,
                                     separator: separator)
            if let earlier = inputColumns.firstIndex(of: column) {
                throw .repeatedInput(path: path, line: first.line, column: column + 1, name: headerNames?[column],
                                     selectors: [inputs[earlier], selector])
            }
            inputColumns.append(column)
        }
        let targetColumn = try resolve(target, header: headerNames, columnCount: columnCount, line: first.line,
                                       separator: separator)
        if !allowsTargetAsInput, inputColumns.contains(targetColumn) {
            throw .targetIsInput(path: path, line: first.line, column: targetColumn + 1,
                                 name: headerNames?[targetColumn])
        }

        var cells = CellParser(path: path, header: headerNames, separator: separator)
        var values = [[Double]](repeating: [], count: inputColumns.count)
        var ys: [Double] = []
        ys.reserveCapacity(estimatedRows)
        var lastLine = first.line
        // One input (`readColumns`, and the common table) streams here, through a plain local array; several in
        // `readRows`. (Both loops in this function, or one loop through the array of columns, read ~10% slower.)
        if inputColumns.count == 1 {
            let column = inputColumns[0]
            var xs: [Double] = []
            xs.reserveCapacity(estimatedRows)
            if !hasHeader {
                xs.append(try cells.value(column: column, of: first, fields: fields, stream: stream))
                ys.append(try cells.value(column: targetColumn, of: first, fields: fields, stream: stream))
            }
            while let record = try stream.next(into: fields, path: path) {
                xs.append(try cells.value(column: column, of: record, fields: fields, stream: stream))
                ys.append(try cells.value(column: targetColumn, of: record, fields: fields, stream: stream))
                // After the selected cells, so a problem in one of them is reported first.
                if fields.count > columnCount {
                    try checkExtraFields(of: record, fields: fields, stream: stream, columnCount: columnCount,
                                         referenceLine: first.line, hasHeader: hasHeader, separator: separator)
                }
                lastLine = record.line
            }
            values[0] = xs
        } else {
            values = try readRows(
                columns: inputColumns, target: targetColumn, from: &stream, fields: fields, cells: &cells,
                first: first, hasHeader: hasHeader, columnCount: columnCount, reserve: estimatedRows, ys: &ys,
                lastLine: &lastLine)
        }

        if ys.isEmpty { throw .noDataRows(path: path, headerLine: first.line) }
        if ys.count < minimumRows {
            throw .tooFewRows(path: path, found: ys.count, minimum: minimumRows, lastLine: lastLine)
        }
        return LoadedTable(
            inputs: values, inputNames: inputColumns.map { headerNames?[$0] ?? "column \($0 + 1)" },
            inputColumns: inputColumns.map { $0 + 1 }, y: ys,
            yName: headerNames?[targetColumn] ?? "column \(targetColumn + 1)", yColumn: targetColumn + 1,
            header: headerNames, columnCount: columnCount, separator: separator, hadHeader: hasHeader)
    }

    /// The streaming loop of `load` for any number of input columns: appends each data record's target to `ys` and
    /// returns one array per input. Kept out of `load`, whose one-input loop it would slow down.
    @inline(never)
    private func readRows<Source>(
        columns: [Int], target: Int, from stream: inout RecordStream<Source>, fields: FieldBounds,
        cells: inout CellParser, first: RecordPosition, hasHeader: Bool, columnCount: Int, reserve: Int,
        ys: inout [Double], lastLine: inout Int
    ) throws(DataError) -> [[Double]] {
        var values = [[Double]](repeating: [], count: columns.count)
        for k in values.indices { values[k].reserveCapacity(reserve) }
        if !hasHeader {
            for k in columns.indices {
                values[k].append(try cells.value(column: columns[k], of: first, fields: fields, stream: stream))
            }
            ys.append(try cells.value(column: target, of: first, fields: fields, stream: stream))
        }
        while let record = try stream.next(into: fields, path: name) {
            for k in columns.indices {
                values[k].append(try cells.value(column: columns[k], of: record, fields: fields, stream: stream))
            }
            ys.append(try cells.value(column: target, of: record, fields: fields, stream: stream))
            if fields.count > columnCount {
                try checkExtraFields(of: record, fields: fields, stream: stream, columnCount: columnCount,
                                     referenceLine: first.line, hasHeader: hasHeader, separator: cells.separator)
            }
            lastLine = record.line
        }
        return values
    }

    /// Throws `extraField` when a field of `record` beyond the first `columnCount` holds anything; fields that are
    /// empty (blanks only, or `""`) are accepted, so a trailing separator on every data line is not an error.
    private func checkExtraFields<Source>(
        of record: RecordPosition, fields: FieldBounds, stream: RecordStream<Source>, columnCount: Int,
        referenceLine: Int, hasHeader: Bool, separator: Separator
    ) throws(DataError) {
        let base = stream.base
        for column in columnCount..<fields.count where !Self.isEmptyField(base, from: fields.start(column),
                                                                           to: fields.end(column)) {
            let end = fields.end(fields.count - 1)
            let row = String(decoding: UnsafeBufferPointer(start: base + record.start,
                                                           count: min(end - record.start, 160)), as: UTF8.self)
            let cell = CellLocation(path: name, line: stream.line(of: fields.start(column), in: record),
                                    column: column + 1, columnName: nil)
            throw .extraField(cell, fieldCount: fields.count, expectedCount: columnCount, referenceLine: referenceLine,
                              hasHeader: hasHeader, found: row, separator: separator)
        }
    }

    /// Whether the field `start..<end` has no content: blanks only, or a quoted field holding nothing but blanks.
    private static func isEmptyField(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end, ASCII.isBlank(base[i]) { i += 1 }
        if i == end { return true }
        if base[i] != ASCII.quote { return false }
        return RecordScanner.fieldContent(base, from: i, to: end).isEmpty
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
