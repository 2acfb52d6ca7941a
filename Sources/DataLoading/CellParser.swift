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
        guard column < fields.count else {
            throw missingField(column: column, of: record, fields: fields, stream: stream)
        }
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
        _ parsed: ParsedNumber, column: Int, of record: RecordPosition, fields: FieldBounds,
        stream: RecordStream<Source>
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
        let shown = UnsafeBufferPointer(start: stream.base + record.start, count: min(end - record.start, 160))
        let row = String(decoding: shown, as: UTF8.self)
        return .missingField(location(column: column, line: record.line),
                             fieldCount: fields.count, found: row, separator: separator)
    }
}
