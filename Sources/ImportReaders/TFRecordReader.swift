/// One record of a TFRecord file: its 1-based number, the offset of its header, and where its data is.
struct TFRecord: Sendable, Equatable {
    /// 1-based position in the file.
    var number: Int
    /// Offset of the record's length header in the file.
    var offset: Int
    /// The record's data, as a range of the file's bytes.
    var data: Range<Int>

    /// `record 7 at byte 1234`, the location errors name.
    var location: String { TFRecord.location(number: number, offset: offset) }

    /// `record <number> at byte <offset>`.
    static func location(number: Int, offset: Int) -> String { "record \(number) at byte \(offset)" }
}

/// A TFRecord file that cannot be read: which record, where, and why.
struct TFRecordError: Error, Sendable, Equatable {
    /// 1-based record number.
    var record: Int
    /// Offset of the record's header.
    var offset: Int
    var reason: String

    /// `record 7 at byte 1234`.
    var location: String { TFRecord.location(number: record, offset: offset) }
}

/// A file that ends inside a record: the writer is still running, or was killed mid-write.
struct TFRecordIncompleteTail: Sendable, Equatable {
    /// 1-based number of the incomplete record.
    var record: Int
    /// Offset of its header.
    var offset: Int
    /// Bytes of it present in the file.
    var present: Int
}

/// Reads the records of a TFRecord file held in memory, checking both checksums of every record.
///
/// Each record is: an 8-byte little-endian length, the masked CRC-32C of those 8 bytes (4 bytes, little-endian),
/// the data, and the masked CRC-32C of the data. A file that ends inside a record after at least one complete
/// record is taken as a writer that is still running: `next()` returns `nil` and `incompleteTail` says where. Ending
/// inside the first record, a checksum mismatch, or a length no protobuf message can have, is an error.
struct TFRecordReader {
    /// The largest data length accepted: protobuf messages are limited to 2 GiB.
    static let maximumLength: UInt64 = 1 << 31

    let bytes: UnsafeRawBufferPointer
    /// Offset of the next record's header.
    private(set) var offset = 0
    /// Number of records returned so far.
    private(set) var recordsRead = 0
    /// Set when the file ends inside a record (and `next()` has returned `nil`).
    private(set) var incompleteTail: TFRecordIncompleteTail?

    /// A reader of `bytes`, the whole file.
    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// The next record, or `nil` at the end of the file (or at an incomplete last record).
    mutating func next() throws(TFRecordError) -> TFRecord? {
        let start = offset
        let number = recordsRead + 1
        let left = bytes.count - start
        guard left > 0 else { return nil }
        func fail(_ reason: String) -> TFRecordError { TFRecordError(record: number, offset: start, reason: reason) }
        func incomplete(_ what: String) throws(TFRecordError) -> TFRecord? {
            if number == 1 {
                throw fail("the file ends inside its first record (\(what)); it is not a complete TensorBoard "
                           + "event file")
            }
            incompleteTail = TFRecordIncompleteTail(record: number, offset: start, present: left)
            offset = bytes.count
            return nil
        }
        guard left >= 12 else {
            return try incomplete("the 12-byte length header has only \(left) bytes")
        }
        let length = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        let storedLengthCRC = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt32.self))
        let lengthCRC = CRC32C.masked(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + 8)])))
        guard storedLengthCRC == lengthCRC else {
            let what = number == 1 ? "it is not a TensorBoard event file, or is corrupt"
                : "the file is corrupt or was cut off while being written"
            throw fail("the record's length fails its checksum (stored \(hex(storedLengthCRC)), computed "
                       + "\(hex(lengthCRC))): \(what)")
        }
        guard length <= TFRecordReader.maximumLength else {
            throw fail("the record claims a length of \(length) bytes, more than any event can have; the file is "
                       + "corrupt")
        }
        let dataStart = start + 12
        let available = bytes.count - dataStart
        // length ≤ 2³¹, so adding 4 cannot overflow.
        guard UInt64(available) >= length + 4 else {
            return try incomplete("it needs \(length) bytes of data and a 4-byte checksum, only \(available) bytes "
                                  + "follow its header")
        }
        let data = dataStart..<(dataStart + Int(length))
        let storedDataCRC = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: data.upperBound, as: UInt32.self))
        let dataCRC = CRC32C.masked(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[data])))
        guard storedDataCRC == dataCRC else {
            throw fail("the record's data fails its checksum (stored \(hex(storedDataCRC)), computed \(hex(dataCRC))): "
                       + "the file is corrupt or was cut off while being written; copy it again from where the run "
                       + "wrote it, or remove it from the folder")
        }
        offset = data.upperBound + 4
        recordsRead = number
        return TFRecord(number: number, offset: start, data: data)
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
