/// Guesses the separator and whether there is a header from the first records of the input.
enum FormatDetector {
    /// At most this many records are looked at.
    static let sampleRecords = 20

    /// Calls `body` with the fields of each of the first complete records in `start..<end` under `scanner`
    /// (blank and comment lines skipped; a record cut off by `end` left out unless `isFinal`). Returns the offset
    /// just past the last record seen.
    @discardableResult
    static func forEachSampleRecord(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, scanner: RecordScanner,
        limit: Int = sampleRecords, _ body: (FieldBounds) -> Void
    ) -> Int {
        let fields = FieldBounds()
        var i = start
        var seen = 0
        var previousEndedWithCR = false
        while seen < limit, i < end {
            if previousEndedWithCR, base[i] == ASCII.lineFeed {
                i += 1
                previousEndedWithCR = false
                continue
            }
            switch scanner.classifyLine(base, from: i, to: end, isFinal: isFinal) {
            case .ignorable(let next, let endedWithCR):
                i = next
                previousEndedWithCR = endedWithCR
                continue
            case .incomplete:
                return i
            case .content:
                break
            }
            fields.removeAll()
            guard case .complete(let next, _, let endedWithCR) =
                scanner.scanRecord(base, from: i, to: end, isFinal: isFinal, into: fields)
            else { return i }
            body(fields)
            seen += 1
            i = next
            previousEndedWithCR = endedWithCR
        }
        return i
    }

    /// The separator under which the sample splits most consistently into more than one field: the first of
    /// tab, semicolon, comma, whitespace that gives every record the same count; else the one whose most frequent
    /// count (above 1) covers the most records; comma when nothing splits.
    static func separator(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, skipsCommentLines: Bool
    ) -> Separator {
        var best: (separator: Separator, agreeing: Int)? = nil
        for candidate in [Separator.tab, .semicolon, .comma, .whitespace] {
            let scanner = RecordScanner(separator: candidate, skipsCommentLines: skipsCommentLines)
            var counts: [Int] = []
            forEachSampleRecord(base, from: start, to: end, isFinal: isFinal, scanner: scanner) {
                counts.append($0.count)
            }
            guard let mode = mostFrequent(counts.filter { $0 > 1 }) else { continue }
            let agreeing = counts.filter { $0 == mode }.count
            if agreeing == counts.count { return candidate }
            if agreeing > best?.agreeing ?? 0 { best = (candidate, agreeing) }
        }
        return best?.separator ?? .comma
    }

    /// The kind of one field's content, for header detection.
    enum FieldKind: Equatable {
        case number, text, empty
    }

    /// Whether the first sample record is a header: it has a text field in a column where some later record has
    /// a number; or, when no column decides, it has text and no numbers at all.
    static func looksLikeHeader(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, scanner: RecordScanner
    ) -> Bool {
        var records: [[FieldKind]] = []
        forEachSampleRecord(base, from: start, to: end, isFinal: isFinal, scanner: scanner) { fields in
            records.append((0..<fields.count).map { kind(base, from: fields.start($0), to: fields.end($0)) })
        }
        guard let first = records.first else { return false }
        let rest = records.dropFirst()
        for (column, kind) in first.enumerated() where kind == .text {
            if rest.contains(where: { column < $0.count && $0[column] == .number }) { return true }
        }
        return first.contains(.text) && !first.contains(.number)
    }

    /// The bytes per record over the sample, to estimate how many rows the whole input holds; nil if no record.
    static func bytesPerRecord(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, scanner: RecordScanner
    ) -> Double? {
        var records = 0
        let stop = forEachSampleRecord(base, from: start, to: end, isFinal: isFinal, scanner: scanner,
                                       limit: 1000) { _ in records += 1 }
        return records > 0 ? Double(stop - start) / Double(records) : nil
    }

    /// Whether the field `start..<end` holds a number (finite or not), text, or nothing.
    private static func kind(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> FieldKind {
        let content = RecordScanner.fieldContent(base, from: start, to: end)
        let parsed = content.withUnsafeBufferPointer { buffer -> ParsedNumber in
            guard let address = buffer.baseAddress else { return .empty }
            return NumberParser.parse(address, count: buffer.count)
        }
        switch parsed {
        case .finite, .notFinite: return .number
        case .notANumber: return .text
        case .empty: return .empty
        }
    }

    private static func mostFrequent(_ values: [Int]) -> Int? {
        var tally: [Int: Int] = [:]
        for value in values { tally[value, default: 0] += 1 }
        return tally.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
    }
}
