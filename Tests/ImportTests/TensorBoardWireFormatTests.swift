import Foundation
import Testing
@testable import ImportReaders
@testable import Importers

/// CRC-32C, the protobuf reader and the TFRecord reader on hand-built bytes.
@Suite struct TensorBoardWireFormatTests {
    // MARK: CRC-32C

    @Test func crc32cKnownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        // RFC 3720, appendix B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).reversed().map { UInt8($0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.masked(0) == 0xA282_EAD8)
    }

    @Test func crc32cMatchesABitwiseReferenceAtEveryLength() {
        func reference(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return ~crc
        }
        var g = TBSeededGenerator(seed: 7)
        for length in 0..<80 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &g) }
            #expect(CRC32C.checksum(bytes) == reference(bytes), "length \(length)")
            // Unaligned start.
            let shifted = [0] + bytes
            let crc = shifted.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[1...])) }
            #expect(crc == reference(bytes))
        }
    }

    // MARK: Protobuf reader

    private func read<T>(_ bytes: [UInt8], _ body: (inout ProtobufReader) throws(ProtobufError) -> T)
        -> Result<T, ProtobufError>
    {
        bytes.withUnsafeBytes { raw in
            var r = ProtobufReader(raw, range: 0..<raw.count)
            return Result { () throws(ProtobufError) -> T in try body(&r) }
        }
    }

    private func varint(_ bytes: [UInt8]) -> Result<UInt64, ProtobufError> {
        read(bytes) { (r: inout ProtobufReader) throws(ProtobufError) -> UInt64 in
            let v = try r.readVarint()
            guard r.isAtEnd else { throw ProtobufError("bytes left", at: r.position) }
            return v
        }
    }

    @Test func varintEdgeCases() throws {
        #expect(try varint([0]).get() == 0)
        #expect(try varint([1]).get() == 1)
        #expect(try varint([0x7F]).get() == 127)
        #expect(try varint([0x80, 0x01]).get() == 128)
        #expect(try varint([0xAC, 0x02]).get() == 300)
        #expect(try varint([0x80, 0x00]).get() == 0, "non-minimal encodings are valid")
        #expect(try varint([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]).get() == UInt64.max)
        #expect(try varint(TBProtoWriter.varint(UInt64(bitPattern: -1))).get() == UInt64.max)
        for v: UInt64 in [0, 1, 127, 128, 16383, 16384, 1 << 35, 1 << 63, UInt64.max - 1] {
            #expect(try varint(TBProtoWriter.varint(v)).get() == v)
        }
        // Ten bytes whose last carries bits beyond 64.
        guard case .failure(let wide) = varint([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]) else {
            Issue.record("a varint wider than 64 bits was accepted")
            return
        }
        #expect(wide.reason.contains("64 bits") && wide.offset == 0)
        // Eleven bytes.
        guard case .failure(let long) = varint([UInt8](repeating: 0x80, count: 10) + [0x01]) else {
            Issue.record("an 11-byte varint was accepted")
            return
        }
        #expect(long.reason.contains("10 bytes"))
        // Cut off.
        guard case .failure(let cut) = varint([0x80, 0x80]) else {
            Issue.record("a truncated varint was accepted")
            return
        }
        #expect(cut.reason.contains("past the end"))
        #expect(throws: ProtobufError.self) { try varint([]).get() }
    }

    /// An Event with wall_time and step, and unknown fields of every wire type around them.
    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var w = TBProtoWriter()
        w.varint(100, 1 << 60)
        w.fixed64(101, 0xDEAD_BEEF_0000_0001)
        w.bytes(102, [1, 2, 3, 0xFF])
        w.fixed32(103, 0xCAFE_F00D)
        w.fixed64(1, 1234.5.bitPattern)
        w.varint(2, 42)
        w.bytes(10, [0x0A, 0x01, 0x41]) // source_metadata, not read
        w.bytes(536_870_911, []) // the largest field number
        let bytes = w.output
        var decoder = EventDecoder()
        try bytes.withUnsafeBytes { raw in try decoder.decode(raw, 0..<raw.count) }
        #expect(decoder.wallTime == 1234.5)
        #expect(decoder.step == 42)
        #expect(decoder.kind == .none)
    }

    private func eventError(_ bytes: [UInt8]) -> ProtobufError? {
        var decoder = EventDecoder()
        return bytes.withUnsafeBytes { raw -> ProtobufError? in
            do throws(ProtobufError) {
                try decoder.decode(raw, 0..<raw.count)
                return nil
            } catch {
                return error
            }
        }
    }

    @Test func groupsBadWireTypesAndFieldNumbersAreRejected() {
        // Field 4 as start group, field 4 as end group, wire types 6 and 7, field number 0, 2^29.
        for bytes: [UInt8] in [[0x23, 0x24], [0x24], [0x0E, 0x00], [0x0F, 0x00], [0x00, 0x00], [0x02, 0x00],
                               TBProtoWriter.key(536_870_912, 0) + [0]] {
            let error = eventError(bytes)
            #expect(error != nil, "\(bytes)")
            #expect(error?.fields.first == "Event", "\(String(describing: error))")
        }
        #expect(eventError([0x23, 0x24])?.reason.contains("group") == true)
    }

    @Test func lengthsAreCheckedAgainstTheEnclosingMessage() {
        // Event.file_version claims 5 bytes, 2 follow.
        let error = eventError([0x1A, 0x05, 0x61, 0x62])
        #expect(error?.reason.contains("length of 5 bytes runs past the end") == true)
        #expect(error?.description.hasPrefix("Event field 3 (file_version)") == true, "\(String(describing: error))")

        // A Summary.Value whose tag runs past the Value but not past the Event: must be rejected.
        var value = TBProtoWriter()
        value.bytes(1, Array("loss".utf8))
        var valueBytes = value.output
        valueBytes[1] = 9 // tag length 9 inside a 6-byte Value
        var summary = TBProtoWriter()
        summary.bytes(1, valueBytes)
        var event = TBProtoWriter()
        event.bytes(5, summary.output)
        event.fixed64(1, 0) // more bytes after the summary
        let nested = eventError(event.output)
        #expect(nested?.fields == ["Event field 5 (summary)", "Summary field 1 (value)", "Summary.Value field 1 (tag)"])

        // A huge length (2^63).
        #expect(eventError([0x1A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01])?.reason
            .contains("runs past the end") == true)
        // Truncated fixed-width values.
        #expect(eventError([0x09, 1, 2, 3])?.reason.contains("64-bit value runs past") == true)
        let shortFloat = eventError([0x2A, 0x05, 0x0A, 0x03, 0x15, 0x00, 0x00])
        #expect(shortFloat?.reason.contains("32-bit value runs past") == true)
    }

    @Test func aKnownFieldWithTheWrongWireTypeIsNamed() {
        let error = eventError([0x08, 0x01]) // wall_time as a varint
        #expect(error?.description
            == "Event field 1 (wall_time): field 1 has wire type 0 (varint), expected 1 (64-bit) (byte 0)")
    }

    @Test func packedValuesMustFillWholeElements() {
        var tensor = TBProtoWriter()
        tensor.varint(1, 1)
        tensor.bytes(5, [0, 0, 0x80, 0x3F, 0]) // 5 bytes of packed floats
        let result = tensor.output.withUnsafeBytes { raw in
            Result { () throws(ProtobufError) in try EventDecoder.decodeTensor(raw, 0..<raw.count) }
        }
        guard case .failure(let error) = result else {
            Issue.record("accepted")
            return
        }
        #expect(error.description.contains("TensorProto field 5 (float_val)"))
        #expect(error.reason.contains("not a multiple of 4"))
    }

    @Test func tensorScalarsOfEveryNumericType() throws {
        func value(_ t: TBTensor) throws -> Double? {
            try TBEncoder.encode(t).withUnsafeBytes { raw in
                try EventDecoder.decodeTensor(raw, 0..<raw.count).scalar
            }
        }
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [], floatVal: [0.1])) == Double(Float(0.1)))
        #expect(try value(TBTensor(dtype: TensorDataType.double, shape: [1], doubleVal: [0.1])) == 0.1)
        #expect(try value(TBTensor(dtype: TensorDataType.int32, intVal: [-7])) == -7)
        #expect(try value(TBTensor(dtype: TensorDataType.int64, int64Val: [1 << 40])) == 1_099_511_627_776)
        #expect(try value(TBTensor(dtype: TensorDataType.half, halfVal: [0x3C00])) == 1)
        #expect(try value(TBTensor(dtype: TensorDataType.half, halfVal: [0xC000])) == -2)
        #expect(try value(TBTensor(dtype: TensorDataType.half, halfVal: [0x0001])) == 0x1p-24)
        #expect(try value(TBTensor(dtype: TensorDataType.half, halfVal: [0x7C00])) == .infinity)
        #expect(try value(TBTensor(dtype: TensorDataType.half, halfVal: [0x3555])) == 0.333251953125)
        #expect(try value(TBTensor(dtype: TensorDataType.bfloat16, halfVal: [0x3F80])) == 1)
        #expect(try value(TBTensor(dtype: TensorDataType.bfloat16, halfVal: [0xC040])) == -3)
        // tensor_content, little-endian.
        let content = withUnsafeBytes(of: Float(2.5).bitPattern.littleEndian, Array.init)
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [], content: content)) == 2.5)
        let d = withUnsafeBytes(of: (-0.75).bitPattern.littleEndian, Array.init)
        #expect(try value(TBTensor(dtype: TensorDataType.double, shape: [1, 1], content: d)) == -0.75)
        // No value: 0, as TensorBoard's make_ndarray gives.
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [])) == 0)
        // Not scalars.
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [2], floatVal: [1, 2])) == nil)
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [], floatVal: [1, 2])) == nil)
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [0])) == nil)
        #expect(try value(TBTensor(dtype: TensorDataType.string, shape: [])) == nil)
        #expect(try value(TBTensor(dtype: TensorDataType.float, shape: [], content: [1, 2, 3])) == nil)
    }

    // MARK: TFRecord reader

    private func records(_ file: [UInt8])
        -> (records: [TFRecord], tail: TFRecordIncompleteTail?, error: TFRecordError?)
    {
        file.withUnsafeBytes { raw in
            var reader = TFRecordReader(raw)
            var out: [TFRecord] = []
            do throws(TFRecordError) {
                while let r = try reader.next() { out.append(r) }
                return (out, reader.incompleteTail, nil)
            } catch {
                return (out, reader.incompleteTail, error)
            }
        }
    }

    @Test func tfRecordFramingAndEveryKindOfDamage() {
        let a = TBEncoder.frame([1, 2, 3])
        let b = TBEncoder.frame(Array(repeating: 9, count: 20))
        let file = a + b + TBEncoder.frame([])
        let ok = records(file)
        #expect(ok.records.map(\.data) == [12..<15, 31..<51, 67..<67])
        #expect(ok.records.map(\.offset) == [0, 19, 55])
        #expect(ok.records.map(\.number) == [1, 2, 3])
        #expect(ok.error == nil && ok.tail == nil)

        // A flipped data byte in record 2.
        var flipped = file
        flipped[19 + 12 + 5] ^= 0x10
        #expect(records(flipped).error?.location == "record 2 at byte 19")
        #expect(records(flipped).error?.reason.contains("data fails its checksum") == true)
        // A flipped length byte in record 2.
        var length = file
        length[19] ^= 0x01
        #expect(records(length).error?.reason.contains("length fails its checksum") == true)
        // A flipped data checksum byte in record 1.
        var crc = file
        crc[15] ^= 0xFF
        #expect(records(crc).error?.location == "record 1 at byte 0")

        // Cut inside record 2: the first record is kept, the tail noted.
        for cut in [20, 30, 31, 40, 54] {
            let result = records(Array(file[..<cut]))
            #expect(result.error == nil && result.records.count == 1, "cut at \(cut)")
            #expect(result.tail == TFRecordIncompleteTail(record: 2, offset: 19, present: cut - 19))
        }
        // Cut inside the first record: an error.
        for cut in [1, 5, 11, 12, 14, 18] {
            let result = records(Array(file[..<cut]))
            #expect(result.error?.location == "record 1 at byte 0", "cut at \(cut)")
            #expect(result.error?.reason.contains("first record") == true)
        }
        // A length over 2 GiB with a valid checksum.
        let huge = withUnsafeBytes(of: UInt64(1 << 40).littleEndian, Array.init)
        let absurd = a + huge + withUnsafeBytes(of: CRC32C.masked(CRC32C.checksum(huge)).littleEndian, Array.init)
            + [0, 0, 0, 0]
        #expect(records(absurd).error?.location == "record 2 at byte 19")
        #expect(records(absurd).error?.reason.contains("1099511627776 bytes") == true)
    }
}

/// SplitMix64, so random tests are the same on every run.
struct TBSeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
