/// The six protobuf wire types; the two group types are recognised only to be rejected.
enum ProtobufWireType: UInt8, Sendable {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5

    /// `varint`, `64-bit`, `length-delimited`, … for messages.
    var name: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "64-bit"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "32-bit"
        }
    }
}

/// One field key read from the wire: its number, wire type and the byte offset of the key.
package struct ProtobufField: Sendable, Equatable {
    package var number: Int
    var wireType: ProtobufWireType
    /// Offset of the field's key in the buffer being read.
    var offset: Int
}

/// Malformed protobuf bytes: what is wrong, where (an offset in the buffer being read), and the chain of messages
/// and fields that led there, outermost first (`Event field 5 (summary)`, `Summary field 1 (value)`).
package struct ProtobufError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    /// Offset in the buffer being read.
    var offset: Int
    /// Messages and fields from the outermost in, e.g. `["Event field 5 (summary)", "Summary field 1 (value)"]`.
    var fields: [String] = []

    package init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// The error with `message` and the field being read (when known) added as the outermost context.
    func within(_ message: String, field: ProtobufField?, name: String?) -> ProtobufError {
        var copy = self
        var step = message
        if let field {
            step += " field \(field.number)"
            if let name { step += " (\(name))" }
        }
        copy.fields.insert(step, at: 0)
        return copy
    }

    /// `Event field 5 (summary) › Summary field 1 (value): <reason> (byte N)`.
    package var description: String {
        (fields.isEmpty ? "" : fields.joined(separator: " › ") + ": ") + reason + " (byte \(offset))"
    }
}

/// A small, strict reader of protobuf wire format over a byte range, for hand-written message decoders.
///
/// Strict means: every length is checked against the enclosing message, varints longer than 10 bytes or wider than
/// 64 bits are rejected, field number 0 and numbers above 2²⁹−1 are rejected, groups (wire types 3 and 4) are
/// rejected, and a known field with the wrong wire type is an error. Unknown fields are skipped. Offsets are
/// positions in the whole buffer, so errors can name the byte of a file.
package struct ProtobufReader {
    /// The whole buffer (e.g. a file); the reader reads only `position..<end`.
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// One past the last byte of the message.
    let end: Int

    /// A reader of `range` of `bytes` (clamped to the buffer).
    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        let upper = min(max(range.upperBound, 0), bytes.count)
        self.position = min(max(range.lowerBound, 0), upper)
        self.end = upper
    }

    /// Whether the whole message has been read.
    var isAtEnd: Bool { position >= end }

    /// Bytes left in the message.
    var remaining: Int { end - position }

    // MARK: Messages

    /// Reads the message in `range` of `bytes` field by field: `body` reads the value of each field it knows and
    /// returns `true`, or returns `false` to have the field skipped. An error gets `message` and the field being read
    /// (named from `fieldNames`) as its outermost context; with `message` nil it is passed on as it is (for a wrapper
    /// message that the enclosing field already names).
    @inline(__always)
    package static func forEachField(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, message: String?, fieldNames: [Int: String] = [:],
        _ body: (ProtobufField, inout ProtobufReader) throws(ProtobufError) -> Bool
    ) throws(ProtobufError) {
        var reader = ProtobufReader(bytes, range: range)
        var field: ProtobufField?
        do throws(ProtobufError) {
            while true {
                field = nil
                guard let f = try reader.nextField() else { return }
                field = f
                if try !body(f, &reader) { try reader.skip(f) }
            }
        } catch {
            guard let message else { throw error }
            throw error.within(message, field: field, name: field.flatMap { fieldNames[$0.number] })
        }
    }

    // MARK: Keys and skipping

    /// The next field's key, or `nil` at the end of the message.
    mutating func nextField() throws(ProtobufError) -> ProtobufField? {
        guard position < end else { return nil }
        let start = position
        let key = try readVarint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else {
            throw ProtobufError("field number \(number) is not a valid protobuf field number", at: start)
        }
        guard let wireType = ProtobufWireType(rawValue: UInt8(key & 7)) else {
            throw ProtobufError("field \(number) has wire type \(key & 7), which does not exist", at: start)
        }
        if wireType == .startGroup || wireType == .endGroup {
            throw ProtobufError("field \(number) is a group (wire type \(wireType.rawValue)), which is not supported",
                                at: start)
        }
        return ProtobufField(number: Int(number), wireType: wireType, offset: start)
    }

    /// Skips the value of `field` (an unknown field).
    mutating func skip(_ field: ProtobufField) throws(ProtobufError) {
        switch field.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup:
            throw ProtobufError("field \(field.number) is a group, which is not supported", at: field.offset)
        }
    }

    // MARK: Raw values

    /// A base-128 varint of at most 10 bytes that fits in 64 bits.
    mutating func readVarint() throws(ProtobufError) -> UInt64 {
        let start = position
        guard position < end else { throw ProtobufError("a varint runs past the end of the message", at: start) }
        let first = bytes[position]
        position += 1
        if first < 0x80 { return UInt64(first) }
        var result = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while true {
            guard position < end else { throw ProtobufError("a varint runs past the end of the message", at: start) }
            let byte = bytes[position]
            position += 1
            if shift == 63 {
                if byte & 0x80 != 0 { throw ProtobufError("a varint is longer than 10 bytes", at: start) }
                if byte > 1 { throw ProtobufError("a varint does not fit in 64 bits", at: start) }
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// A little-endian 32-bit value.
    mutating func readFixed32() throws(ProtobufError) -> UInt32 { try readFixed(UInt32.self) }

    /// A little-endian 64-bit value.
    mutating func readFixed64() throws(ProtobufError) -> UInt64 { try readFixed(UInt64.self) }

    /// A little-endian fixed-width value.
    @inline(__always)
    private mutating func readFixed<Value: FixedWidthInteger>(_: Value.Type) throws(ProtobufError) -> Value {
        let width = MemoryLayout<Value>.size
        guard end - position >= width else {
            throw ProtobufError("a \(width * 8)-bit value runs past the end of the message (\(end - position) bytes "
                                + "left)", at: position)
        }
        let value = Value(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Value.self))
        position += width
        return value
    }

    /// A varint length and that many bytes, as a range of the buffer.
    mutating func readLengthDelimited() throws(ProtobufError) -> Range<Int> {
        let start = position
        let length = try readVarint()
        let left = end - position
        guard length <= UInt64(left) else {
            throw ProtobufError("a length of \(length) bytes runs past the end of the message (\(left) bytes left)",
                                at: start)
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    // MARK: Typed values of known fields

    /// Throws unless `field` has wire type `expected`.
    func expect(_ field: ProtobufField, _ expected: ProtobufWireType) throws(ProtobufError) {
        guard field.wireType == expected else {
            let found = "\(field.wireType.rawValue) (\(field.wireType.name))"
            throw ProtobufError("field \(field.number) has wire type \(found), expected \(expected.rawValue) "
                                + "(\(expected.name))", at: field.offset)
        }
    }

    /// A `double` field.
    package mutating func double(_ field: ProtobufField) throws(ProtobufError) -> Double {
        try expect(field, .fixed64)
        return Double(bitPattern: try readFixed64())
    }

    /// A `float` field.
    mutating func float(_ field: ProtobufField) throws(ProtobufError) -> Float {
        try expect(field, .fixed32)
        return Float(bitPattern: try readFixed32())
    }

    /// An `int64`, `uint64`, `int32`, `uint32`, `bool` or enum field, as the raw 64 bits of its varint.
    package mutating func varint(_ field: ProtobufField) throws(ProtobufError) -> UInt64 {
        try expect(field, .varint)
        return try readVarint()
    }

    /// A `string`, `bytes` or message field, as a range of the buffer.
    package mutating func lengthDelimited(_ field: ProtobufField) throws(ProtobufError) -> Range<Int> {
        try expect(field, .lengthDelimited)
        return try readLengthDelimited()
    }

    /// The bytes of `range` as a string (invalid UTF-8 is replaced, as tags are only shown).
    package func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// One occurrence of a repeated fixed-width field of `width` 4 or 8 bytes, packed or not: the number of values
    /// and the first one's bits.
    mutating func repeatedFixed(_ field: ProtobufField, width: Int) throws(ProtobufError)
        -> (count: Int, first: UInt64?)
    {
        let unpacked: ProtobufWireType = width == 4 ? .fixed32 : .fixed64
        if field.wireType == unpacked {
            return (1, width == 4 ? UInt64(try readFixed32()) : try readFixed64())
        }
        guard field.wireType == .lengthDelimited else { try expect(field, unpacked); return (0, nil) }
        let range = try readLengthDelimited()
        guard range.count % width == 0 else {
            throw ProtobufError("packed \(width * 8)-bit values take \(range.count) bytes, not a multiple of \(width)",
                                at: field.offset)
        }
        guard !range.isEmpty else { return (0, nil) }
        let first = width == 4
            ? UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt32.self)))
            : UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt64.self))
        return (range.count / width, first)
    }

    /// One occurrence of a repeated varint field, packed or not: the number of values and the first one.
    mutating func repeatedVarint(_ field: ProtobufField) throws(ProtobufError) -> (count: Int, first: UInt64?) {
        if field.wireType == .varint { return (1, try readVarint()) }
        guard field.wireType == .lengthDelimited else { try expect(field, .varint); return (0, nil) }
        var packed = ProtobufReader(bytes, range: try readLengthDelimited())
        var count = 0
        var first: UInt64?
        while !packed.isAtEnd {
            let value = try packed.readVarint()
            if count == 0 { first = value }
            count += 1
        }
        return (count, first)
    }
}
