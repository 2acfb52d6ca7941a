/// Byte offsets of the fields of one record, reused from record to record. A field spans `start(i)..<end(i)`:
/// without its separator or line break, with its quotes and any blanks around it. A field is quoted exactly
/// when its first byte is `"`. (Plain memory rather than arrays: this is touched for every field of every row.)
final class FieldBounds {
    private var bounds: UnsafeMutablePointer<Int>
    private var capacity = 16
    /// The number of fields. Read for every row (and every selected cell) while streaming; accesses never overlap,
    /// so the dynamic exclusivity check a class property gets (a few percent of the reading time) is left out.
    @exclusivity(unchecked) private(set) var count = 0

    init() {
        bounds = .allocate(capacity: 2 * capacity)
    }

    deinit {
        bounds.deallocate()
    }

    func removeAll() {
        count = 0
    }

    @inline(__always) func append(start: Int, end: Int) {
        if count == capacity { grow() }
        bounds[2 * count] = start
        bounds[2 * count + 1] = end
        count += 1
    }

    /// The offset of field `index`'s first byte; `index` must be below `count`.
    @inline(__always) func start(_ index: Int) -> Int {
        precondition(index >= 0 && index < count, "field index out of range")
        return bounds[2 * index]
    }

    /// The offset just past field `index`; `index` must be below `count`.
    @inline(__always) func end(_ index: Int) -> Int {
        precondition(index >= 0 && index < count, "field index out of range")
        return bounds[2 * index + 1]
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: 4 * capacity)
        larger.update(from: bounds, count: 2 * count)
        bounds.deallocate()
        bounds = larger
        capacity *= 2
    }
}

/// Splits bytes into records and fields for one separator. Stateless: it looks only at the bytes it is given,
/// so the same code serves format detection, files and in-memory input.
///
/// Quotes open a quoted field only at the start of a field (blanks before them allowed); inside, `""` is a
/// quote and separators and line breaks are data. After the closing quote the field runs on, literally, to the
/// next separator. A record ends at LF, CR LF or a lone CR outside quotes, or at the end of the input.
struct RecordScanner {
    let separator: Separator
    let skipsCommentLines: Bool

    /// What a line that starts at some offset is.
    enum LineKind: Equatable {
        /// It holds data: scan it with `scanRecord`.
        case content
        /// Blank or a comment: skip to `next`; `endedWithCR` when it ended with a CR (an LF may follow).
        case ignorable(next: Int, endedWithCR: Bool)
        /// The bytes end before that can be decided; read more.
        case incomplete
    }

    /// The result of scanning one record.
    enum Outcome: Equatable {
        /// The record ends before `next`; `innerBreaks` line breaks lie inside its quoted fields.
        case complete(next: Int, innerBreaks: Int, endedWithCR: Bool)
        /// The bytes end inside the record; read more and scan again from its start.
        case incomplete
        /// The input ends inside the quoted field number `field` (0-based) whose quote is at `quoteAt`.
        case unterminatedQuote(field: Int, quoteAt: Int)
    }

    /// Classifies the line starting at `start`. `isFinal` says no more bytes follow `end`.
    func classifyLine(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool) -> LineKind {
        var i = start
        while i < end, ASCII.isBlank(base[i]) { i += 1 }
        guard i < end else { return isFinal ? .ignorable(next: end, endedWithCR: false) : .incomplete }
        if ASCII.isLineBreak(base[i]) {
            return .ignorable(next: i + 1, endedWithCR: base[i] == ASCII.carriageReturn)
        }
        guard skipsCommentLines, base[i] == ASCII.hash else { return .content }
        while i < end, !ASCII.isLineBreak(base[i]) { i += 1 }
        guard i < end else { return isFinal ? .ignorable(next: end, endedWithCR: false) : .incomplete }
        return .ignorable(next: i + 1, endedWithCR: base[i] == ASCII.carriageReturn)
    }

    /// Scans the record starting at `start`, appending its fields to `fields` (which the caller empties first).
    func scanRecord(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, into fields: FieldBounds
    ) -> Outcome {
        if let byte = separator.byte {
            return scanDelimited(base, from: start, to: end, isFinal: isFinal, separator: byte, into: fields)
        }
        return scanWhitespace(base, from: start, to: end, isFinal: isFinal, into: fields)
    }

    private func scanDelimited(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, separator: UInt8,
        into fields: FieldBounds
    ) -> Outcome {
        var i = start
        var breaks = 0
        while true {
            var fieldStart = i
            var j = i
            while j < end, ASCII.isBlank(base[j]), base[j] != separator { j += 1 }
            if j == end, !isFinal { return .incomplete }
            if j < end, base[j] == ASCII.quote {
                fieldStart = j
                switch skipQuoted(base, quoteAt: j, to: end, isFinal: isFinal, breaks: &breaks) {
                case .closed(let next): i = next
                case .incomplete: return .incomplete
                case .unterminated: return .unterminatedQuote(field: fields.count, quoteAt: j)
                }
            }
            while i < end {
                let byte = base[i]
                if byte == separator || byte == ASCII.lineFeed || byte == ASCII.carriageReturn { break }
                i += 1
            }
            guard i < end else {
                guard isFinal else { return .incomplete }
                fields.append(start: fieldStart, end: i)
                return .complete(next: end, innerBreaks: breaks, endedWithCR: false)
            }
            fields.append(start: fieldStart, end: i)
            if base[i] == separator {
                i += 1
                continue
            }
            return .complete(next: i + 1, innerBreaks: breaks, endedWithCR: base[i] == ASCII.carriageReturn)
        }
    }

    private func scanWhitespace(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, isFinal: Bool, into fields: FieldBounds
    ) -> Outcome {
        var i = start
        var breaks = 0
        while true {
            while i < end, ASCII.isBlank(base[i]) { i += 1 }
            guard i < end else {
                return isFinal ? .complete(next: end, innerBreaks: breaks, endedWithCR: false) : .incomplete
            }
            if ASCII.isLineBreak(base[i]) {
                return .complete(next: i + 1, innerBreaks: breaks, endedWithCR: base[i] == ASCII.carriageReturn)
            }
            let fieldStart = i
            if base[i] == ASCII.quote {
                switch skipQuoted(base, quoteAt: i, to: end, isFinal: isFinal, breaks: &breaks) {
                case .closed(let next): i = next
                case .incomplete: return .incomplete
                case .unterminated: return .unterminatedQuote(field: fields.count, quoteAt: i)
                }
            }
            while i < end, !ASCII.isBlank(base[i]), !ASCII.isLineBreak(base[i]) { i += 1 }
            if i == end, !isFinal { return .incomplete }
            fields.append(start: fieldStart, end: i)
        }
    }

    private enum QuotedEnd {
        case closed(next: Int)
        case incomplete
        case unterminated
    }

    /// Skips a quoted section from its opening quote to just past its closing quote, counting line breaks.
    private func skipQuoted(
        _ base: UnsafePointer<UInt8>, quoteAt: Int, to end: Int, isFinal: Bool, breaks: inout Int
    ) -> QuotedEnd {
        var j = quoteAt + 1
        while j < end {
            let byte = base[j]
            if byte == ASCII.quote {
                if j + 1 < end {
                    if base[j + 1] == ASCII.quote {
                        j += 2
                        continue
                    }
                    return .closed(next: j + 1)
                }
                // The quote is the last byte so far: a doubled quote may follow.
                return isFinal ? .closed(next: j + 1) : .incomplete
            }
            if byte == ASCII.carriageReturn || (byte == ASCII.lineFeed && base[j - 1] != ASCII.carriageReturn) {
                breaks += 1
            }
            j += 1
        }
        return isFinal ? .unterminated : .incomplete
    }
}

extension RecordScanner {
    /// The number of line breaks (LF, CR LF or lone CR, as `scanRecord` counts them) in `from..<to`.
    static func lineBreaks(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var i = start
        while i < end {
            let byte = base[i]
            if byte == ASCII.carriageReturn
                || (byte == ASCII.lineFeed && (i == start || base[i - 1] != ASCII.carriageReturn)) {
                count += 1
            }
            i += 1
        }
        return count
    }

    /// The content of the field `start..<end`: quotes removed, `""` turned into `"`, blanks trimmed.
    static func fieldContent(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        appendFieldContent(base, from: start, to: end, into: &bytes)
        return bytes
    }

    /// Appends the content of the field `start..<end` (see `fieldContent`) to `bytes`.
    static func appendFieldContent(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, into bytes: inout [UInt8]
    ) {
        let first = bytes.count
        var i = start
        if i < end, base[i] == ASCII.quote {
            i += 1
            while i < end {
                if base[i] == ASCII.quote {
                    if i + 1 < end, base[i + 1] == ASCII.quote {
                        bytes.append(ASCII.quote)
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                bytes.append(base[i])
                i += 1
            }
        }
        while i < end {
            bytes.append(base[i])
            i += 1
        }
        var trimEnd = bytes.count
        while trimEnd > first, ASCII.isBlank(bytes[trimEnd - 1]) { trimEnd -= 1 }
        var trimStart = first
        while trimStart < trimEnd, ASCII.isBlank(bytes[trimStart]) { trimStart += 1 }
        bytes.removeSubrange(trimEnd...)
        bytes.removeSubrange(first..<trimStart)
    }

    /// The field's content as text; invalid UTF-8 becomes U+FFFD.
    static func fieldText(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> String {
        String(decoding: fieldContent(base, from: start, to: end), as: UTF8.self)
    }
}
