#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable block of bytes owned by the stream; freed with it.
final class ByteWindow {
    private(set) var storage: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// Grows to at least `minimum` bytes, keeping the first `keeping` bytes.
    func grow(toAtLeast minimum: Int, keeping: Int) {
        guard minimum > capacity else { return }
        let newCapacity = max(minimum, capacity.multipliedReportingOverflow(by: 2).partialValue)
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: keeping)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
    }
}

/// One record handed out by `RecordStream.next`: where it starts in the window and on which physical line.
struct RecordPosition {
    /// The offset of the record's first byte in the window.
    var start: Int
    /// The 1-based physical line on which the record starts.
    var line: Int
}

/// Records from a byte source, read a chunk at a time into one window. Only the record being scanned and the
/// unread rest of the last chunk are held; a record cut by a chunk boundary is moved to the window's front and
/// scanned again once more bytes have arrived. Blank and comment lines are skipped; physical lines are counted
/// (LF, CR LF or a lone CR, including breaks inside quoted fields), also when a CR LF pair is cut by a chunk.
struct RecordStream<Source: ByteSource> {
    private var source: Source
    private let window: ByteWindow
    private let chunkSize: Int
    /// Unread bytes are `start..<end` of the window.
    private(set) var start = 0
    private(set) var end = 0
    private(set) var isAtEndOfInput = false
    /// The physical line on which the byte at `start` lies.
    private(set) var line = 1
    /// The previous line ended with CR: a LF right after it belongs to the same line break.
    private var pendingLineFeed = false
    var scanner: RecordScanner

    init(source: Source, chunkSize: Int, scanner: RecordScanner) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        self.scanner = scanner
        window = ByteWindow(capacity: self.chunkSize * 2)
    }

    /// The window's bytes; offsets from `next` and `start`/`end` index into it. Valid until the next call that
    /// reads (`next`, `fillSample`).
    var base: UnsafePointer<UInt8> { UnsafePointer(window.storage) }

    var sizeHint: Int? { source.sizeHint }

    /// Reads until the window holds `minimumLineBreaks` line-break bytes (CR or LF) or `maximumBytes` bytes, or
    /// the input ends: enough to look at the first records before parsing. With the default chunk size the first
    /// read is usually enough; reads grow once 64 KiB are held so that long lines cost few reads.
    mutating func fillSample(minimumLineBreaks: Int, maximumBytes: Int) throws(DataError) {
        var counted = 0  // bytes after `start` already searched for line breaks
        var breaks = 0
        while !isAtEndOfInput {
            while start + counted < end {
                if ASCII.isLineBreak(window.storage[start + counted]) { breaks += 1 }
                counted += 1
            }
            if breaks >= minimumLineBreaks || counted >= maximumBytes { return }
            try refill(growing: counted >= 64 * 1024)
        }
    }

    /// Skips a UTF-8 byte-order mark at the very start; throws for UTF-16 and UTF-32 marks.
    mutating func skipByteOrderMark(path: String) throws(DataError) {
        let bytes = window.storage + start
        let size = end - start
        if size >= 4, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF {
            throw .unsupportedEncoding(path: path, encoding: "UTF-32")
        }
        if size >= 4, bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 {
            throw .unsupportedEncoding(path: path, encoding: "UTF-32")
        }
        if size >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw .unsupportedEncoding(path: path, encoding: "UTF-16")
        }
        if size >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            start += 3
        }
    }

    /// The next data record, its fields in `fields`; nil at the end of the input.
    mutating func next(into fields: FieldBounds, path: String) throws(DataError) -> RecordPosition? {
        while true {
            if pendingLineFeed {
                if start == end, !isAtEndOfInput {
                    try refill()
                    continue
                }
                if start < end, window.storage[start] == ASCII.lineFeed { start += 1 }
                pendingLineFeed = false
            }
            if start == end {
                if isAtEndOfInput { return nil }
                try refill()
                continue
            }
            switch scanner.classifyLine(base, from: start, to: end, isFinal: isAtEndOfInput) {
            case .ignorable(let next, let endedWithCR):
                start = next
                line += 1
                pendingLineFeed = endedWithCR
                continue
            case .incomplete:
                try refill()
                continue
            case .content:
                break
            }
            fields.removeAll()
            switch scanner.scanRecord(base, from: start, to: end, isFinal: isAtEndOfInput, into: fields) {
            case .complete(let next, let innerBreaks, let endedWithCR):
                let record = RecordPosition(start: start, line: line)
                start = next
                line += 1 + innerBreaks
                pendingLineFeed = endedWithCR
                return record
            case .incomplete:
                try refill()
            case .unterminatedQuote(let field, let quoteAt):
                let quoteLine = line + RecordScanner.lineBreaks(base, from: start, to: quoteAt)
                let shown = String(decoding: UnsafeBufferPointer(start: base + quoteAt, count: min(end - quoteAt, 160)),
                                   as: UTF8.self)
                throw .unterminatedQuote(path: path, line: quoteLine, column: field + 1, found: shown)
            }
        }
    }

    /// The physical line of `offset` inside `record`.
    func line(of offset: Int, in record: RecordPosition) -> Int {
        record.line + RecordScanner.lineBreaks(base, from: record.start, to: offset)
    }

    /// Moves the unread bytes to the window's front and reads one more chunk after them (a larger read when a
    /// long record has been waiting, so a huge record costs linear, not quadratic, time).
    private mutating func refill(growing: Bool = false) throws(DataError) {
        guard !isAtEndOfInput else { return }
        let pending = end - start
        if start > 0 {
            if pending > 0 { memmove(window.storage, window.storage + start, pending) }
            start = 0
            end = pending
        }
        let request = growing || pending > 4 * chunkSize ? max(chunkSize, pending) : chunkSize
        window.grow(toAtLeast: end + request, keeping: end)
        let count = try source.read(into: window.storage + end, count: request)
        if count == 0 {
            isAtEndOfInput = true
        } else {
            end += count
        }
    }
}
