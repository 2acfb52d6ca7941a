import Foundation
import Testing
@testable import ImportReaders
@testable import Importers

// Test support: a small TensorBoard event encoder (and a decoder into the same model, built on the importer's
// ProtobufReader) for synthesized inputs, checked against the fixtures written by the real tools.

/// A field kept as it was on the wire (key and value), for fields the test model does not name.
struct TBRawField: Equatable {
    var number: Int
    var bytes: [UInt8]
}

/// A `TensorProto` of the test model.
struct TBTensor: Equatable {
    var dtype: Int32 = 0
    /// `nil`: no `tensor_shape` field; `[]`: an empty shape message (a scalar).
    var shape: [Int64]?
    var content: [UInt8] = []
    var floatVal: [Float] = []
    var doubleVal: [Double] = []
    var intVal: [Int32] = []
    var int64Val: [Int64] = []
    var halfVal: [Int32] = []
    var unknown: [TBRawField] = []
}

/// A `SummaryMetadata` of the test model.
struct TBMetadata: Equatable {
    var pluginName = ""
    var pluginContent: [UInt8] = []
    var displayName = ""
    var summaryDescription = ""
    var dataClass: UInt64 = 0
    var unknown: [TBRawField] = []
}

/// A `Summary.Value` of the test model.
struct TBValue: Equatable {
    var tag = ""
    var simpleValue: Float?
    var tensor: TBTensor?
    var metadata: TBMetadata?
    var unknown: [TBRawField] = []
}

/// An `Event` of the test model.
struct TBEvent: Equatable {
    var wallTime: Double = 0
    var step: Int64 = 0
    var fileVersion: String?
    var summary: [TBValue]?
    var sessionLogStatus: UInt64?
    var unknown: [TBRawField] = []

    /// The first event of every file.
    static func fileVersion(wallTime: Double = 1_700_000_000) -> TBEvent {
        TBEvent(wallTime: wallTime, fileVersion: "brain.Event:2")
    }

    /// A `simple_value` scalar.
    static func scalar(_ tag: String, step: Int64, _ value: Float, wallTime: Double = 1_700_000_000) -> TBEvent {
        TBEvent(wallTime: wallTime, step: step, summary: [TBValue(tag: tag, simpleValue: value)])
    }

    /// A tensor scalar, with `scalars` plugin metadata when `metadata` is true.
    static func tensor(_ tag: String, step: Int64, _ tensor: TBTensor, metadata: Bool = true,
                       wallTime: Double = 1_700_000_000) -> TBEvent {
        TBEvent(wallTime: wallTime, step: step,
                summary: [TBValue(tag: tag, tensor: tensor,
                                  metadata: metadata ? TBMetadata(pluginName: "scalars") : nil)])
    }
}

/// Writes protobuf wire format: fields as chunks, put in field-number order (as the Python and C++ runtimes do).
struct TBProtoWriter {
    private var chunks: [(number: Int, bytes: [UInt8])] = []

    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    static func key(_ number: Int, _ wireType: UInt8) -> [UInt8] { varint(UInt64(number) << 3 | UInt64(wireType)) }

    mutating func varint(_ number: Int, _ value: UInt64) {
        chunks.append((number, Self.key(number, 0) + Self.varint(value)))
    }

    mutating func fixed64(_ number: Int, _ value: UInt64) {
        chunks.append((number, Self.key(number, 1) + withUnsafeBytes(of: value.littleEndian, Array.init)))
    }

    mutating func fixed32(_ number: Int, _ value: UInt32) {
        chunks.append((number, Self.key(number, 5) + withUnsafeBytes(of: value.littleEndian, Array.init)))
    }

    mutating func bytes(_ number: Int, _ value: [UInt8]) {
        chunks.append((number, Self.key(number, 2) + Self.varint(UInt64(value.count)) + value))
    }

    mutating func string(_ number: Int, _ value: String) { bytes(number, Array(value.utf8)) }

    /// A packed repeated field (nothing when empty).
    mutating func packed(_ number: Int, _ elements: [[UInt8]]) {
        if !elements.isEmpty { bytes(number, elements.flatMap { $0 }) }
    }

    mutating func raw(_ fields: [TBRawField]) {
        for f in fields { chunks.append((f.number, f.bytes)) }
    }

    var output: [UInt8] {
        // Stable: fields with the same number keep their order.
        chunks.enumerated().sorted { ($0.element.number, $0.offset) < ($1.element.number, $1.offset) }
            .flatMap { $0.element.bytes }
    }
}

/// Encodes test-model events and TFRecord files.
enum TBEncoder {
    /// A `Summary.Value` holding a histogram (`histo`: a HistogramProto with `min` 1.0).
    static func histogram(_ tag: String) -> TBValue {
        var value = TBValue(tag: tag)
        let histo: [UInt8] = [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F]
        value.unknown = [TBRawField(number: 5, bytes: TBProtoWriter.key(5, 2) + [UInt8(histo.count)] + histo)]
        return value
    }

    static func encode(_ event: TBEvent) -> [UInt8] {
        var w = TBProtoWriter()
        if event.wallTime != 0 { w.fixed64(1, event.wallTime.bitPattern) }
        if event.step != 0 { w.varint(2, UInt64(bitPattern: event.step)) }
        if let v = event.fileVersion { w.string(3, v) }
        if let summary = event.summary {
            var s = TBProtoWriter()
            for value in summary { s.bytes(1, encode(value)) }
            w.bytes(5, s.output)
        }
        if let status = event.sessionLogStatus {
            var s = TBProtoWriter()
            if status != 0 { s.varint(1, status) }
            w.bytes(7, s.output)
        }
        w.raw(event.unknown)
        return w.output
    }

    static func encode(_ value: TBValue) -> [UInt8] {
        var w = TBProtoWriter()
        if !value.tag.isEmpty { w.string(1, value.tag) }
        if let v = value.simpleValue { w.fixed32(2, v.bitPattern) }
        if let t = value.tensor { w.bytes(8, encode(t)) }
        if let m = value.metadata {
            var mw = TBProtoWriter()
            if !m.pluginName.isEmpty || !m.pluginContent.isEmpty {
                var p = TBProtoWriter()
                if !m.pluginName.isEmpty { p.string(1, m.pluginName) }
                if !m.pluginContent.isEmpty { p.bytes(2, m.pluginContent) }
                mw.bytes(1, p.output)
            }
            if !m.displayName.isEmpty { mw.string(2, m.displayName) }
            if !m.summaryDescription.isEmpty { mw.string(3, m.summaryDescription) }
            if m.dataClass != 0 { mw.varint(4, m.dataClass) }
            mw.raw(m.unknown)
            w.bytes(9, mw.output)
        }
        w.raw(value.unknown)
        return w.output
    }

    static func encode(_ t: TBTensor) -> [UInt8] {
        var w = TBProtoWriter()
        if t.dtype != 0 { w.varint(1, UInt64(bitPattern: Int64(t.dtype))) }
        if let shape = t.shape {
            var s = TBProtoWriter()
            for size in shape {
                var d = TBProtoWriter()
                if size != 0 { d.varint(1, UInt64(bitPattern: size)) }
                s.bytes(2, d.output)
            }
            w.bytes(2, s.output)
        }
        if !t.content.isEmpty { w.bytes(4, t.content) }
        w.packed(5, t.floatVal.map { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        w.packed(6, t.doubleVal.map { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        w.packed(7, t.intVal.map { TBProtoWriter.varint(UInt64(bitPattern: Int64($0))) })
        w.packed(10, t.int64Val.map { TBProtoWriter.varint(UInt64(bitPattern: $0)) })
        w.packed(13, t.halfVal.map { TBProtoWriter.varint(UInt64(bitPattern: Int64($0))) })
        w.raw(t.unknown)
        return w.output
    }

    /// One TFRecord: length, masked CRC of the length, data, masked CRC of the data.
    static func frame(_ data: [UInt8]) -> [UInt8] {
        let length = withUnsafeBytes(of: UInt64(data.count).littleEndian, Array.init)
        let lengthCRC = CRC32C.masked(CRC32C.checksum(length))
        let dataCRC = CRC32C.masked(CRC32C.checksum(data))
        return length + withUnsafeBytes(of: lengthCRC.littleEndian, Array.init) + data
            + withUnsafeBytes(of: dataCRC.littleEndian, Array.init)
    }

    /// A whole event file.
    static func file(_ events: [TBEvent]) -> [UInt8] {
        var out: [UInt8] = []
        for e in events { out += frame(encode(e)) }
        return out
    }

    /// The records of a TFRecord file (data of each), checked by the importer's reader.
    static func records(_ file: [UInt8]) throws -> [[UInt8]] {
        try file.withUnsafeBytes { raw in
            var reader = TFRecordReader(raw)
            var out: [[UInt8]] = []
            while let r = try reader.next() { out.append(Array(raw[r.data])) }
            return out
        }
    }
}

/// Decodes events into the test model (every field the model does not name is kept raw).
enum TBDecoder {
    /// A field inside a message the model keeps only partly.
    struct Unmodelled: Error { var what: String }

    static func decode(_ data: [UInt8]) throws -> TBEvent {
        try data.withUnsafeBytes { raw in try event(raw, 0..<raw.count) }
    }

    private static func fields(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>,
                               _ body: (inout ProtobufReader, ProtobufField) throws -> Bool) throws -> [TBRawField] {
        var r = ProtobufReader(raw, range: range)
        var unknown: [TBRawField] = []
        while let f = try r.nextField() {
            if try !body(&r, f) {
                try r.skip(f)
                unknown.append(TBRawField(number: f.number, bytes: Array(raw[f.offset..<r.position])))
            }
        }
        return unknown
    }

    static func event(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) throws -> TBEvent {
        var e = TBEvent()
        e.unknown = try fields(raw, range) { r, f in
            switch f.number {
            case 1: e.wallTime = try r.double(f)
            case 2: e.step = Int64(bitPattern: try r.varint(f))
            case 3: e.fileVersion = r.string(try r.lengthDelimited(f))
            case 5:
                var values = e.summary ?? []
                let unknown = try fields(raw, try r.lengthDelimited(f)) { s, g in
                    guard g.number == 1 else { return false }
                    values.append(try value(raw, try s.lengthDelimited(g)))
                    return true
                }
                guard unknown.isEmpty else { throw TBDecoder.Unmodelled(what: "Summary fields \(unknown)") }
                e.summary = values
            case 7:
                var status: UInt64 = 0
                let unknown = try fields(raw, try r.lengthDelimited(f)) { s, g in
                    guard g.number == 1 else { return false }
                    status = try s.varint(g)
                    return true
                }
                guard unknown.isEmpty else { throw TBDecoder.Unmodelled(what: "SessionLog fields \(unknown)") }
                e.sessionLogStatus = status
            default: return false
            }
            return true
        }
        return e
    }

    static func value(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) throws -> TBValue {
        var v = TBValue()
        v.unknown = try fields(raw, range) { r, f in
            switch f.number {
            case 1: v.tag = r.string(try r.lengthDelimited(f))
            case 2: v.simpleValue = try r.float(f)
            case 8: v.tensor = try tensor(raw, try r.lengthDelimited(f))
            case 9:
                var m = TBMetadata()
                m.unknown = try fields(raw, try r.lengthDelimited(f)) { s, g in
                    switch g.number {
                    case 1:
                        _ = try fields(raw, try s.lengthDelimited(g)) { p, h in
                            switch h.number {
                            case 1: m.pluginName = p.string(try p.lengthDelimited(h))
                            case 2: m.pluginContent = Array(raw[try p.lengthDelimited(h)])
                            default: return false
                            }
                            return true
                        }
                    case 2: m.displayName = s.string(try s.lengthDelimited(g))
                    case 3: m.summaryDescription = s.string(try s.lengthDelimited(g))
                    case 4: m.dataClass = try s.varint(g)
                    default: return false
                    }
                    return true
                }
                v.metadata = m
            default: return false
            }
            return true
        }
        return v
    }

    static func tensor(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) throws -> TBTensor {
        var t = TBTensor()
        func packed(_ r: inout ProtobufReader, _ f: ProtobufField, width: Int) throws -> [UInt64] {
            let body = try r.lengthDelimited(f)
            var out: [UInt64] = []
            var p = ProtobufReader(raw, range: body)
            while !p.isAtEnd {
                switch width {
                case 4: out.append(UInt64(try p.readFixed32()))
                case 8: out.append(try p.readFixed64())
                default: out.append(try p.readVarint())
                }
            }
            return out
        }
        t.unknown = try fields(raw, range) { r, f in
            switch f.number {
            case 1: t.dtype = Int32(truncatingIfNeeded: try r.varint(f))
            case 2:
                var dims: [Int64] = []
                _ = try fields(raw, try r.lengthDelimited(f)) { s, g in
                    guard g.number == 2 else { return false }
                    var size: Int64 = 0
                    _ = try fields(raw, try s.lengthDelimited(g)) { d, h in
                        guard h.number == 1 else { return false }
                        size = Int64(bitPattern: try d.varint(h))
                        return true
                    }
                    dims.append(size)
                    return true
                }
                t.shape = dims
            case 4: t.content = Array(raw[try r.lengthDelimited(f)])
            case 5: t.floatVal += try packed(&r, f, width: 4).map { Float(bitPattern: UInt32($0)) }
            case 6: t.doubleVal += try packed(&r, f, width: 8).map { Double(bitPattern: $0) }
            case 7: t.intVal += try packed(&r, f, width: 0).map { Int32(truncatingIfNeeded: $0) }
            case 10: t.int64Val += try packed(&r, f, width: 0).map { Int64(bitPattern: $0) }
            case 13: t.halfVal += try packed(&r, f, width: 0).map { Int32(truncatingIfNeeded: $0) }
            default: return false
            }
            return true
        }
        return t
    }
}

/// The fixtures written by the real tools (copied from main; not committed on this branch).
enum TBFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/tensorboard")
    static let names = ["torch_simple", "torch_tensor", "tb_pb", "resumed"]

    /// Every event file of the fixtures, sorted.
    static var eventFiles: [URL] {
        names.flatMap { name -> [URL] in
            let dir = folder.appendingPathComponent(name)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            return files.filter { $0.hasPrefix("events.out.tfevents.") }.sorted().map { dir.appendingPathComponent($0) }
        }
    }

    static var available: Bool { eventFiles.count >= 5 }
}

@Suite struct TensorBoardEncoderTests {
    @Test(.enabled(if: TBFixtures.available, "fixtures not copied into Tests/ImportTests/Fixtures/tensorboard"))
    func reencodingTheFixturesGivesTheSameBytes() throws {
        for url in TBFixtures.eventFiles {
            let original = try [UInt8](Data(contentsOf: url))
            let records = try TBEncoder.records(original)
            #expect(records.count > 1, "\(url.lastPathComponent)")
            let events = try records.map(TBDecoder.decode)
            #expect(events.first?.fileVersion == "brain.Event:2")
            for (i, (record, event)) in zip(records, events).enumerated() {
                #expect(TBEncoder.encode(event) == record, "\(url.lastPathComponent) record \(i + 1): \(event)")
            }
            #expect(TBEncoder.file(events) == original, "\(url.lastPathComponent)")
        }
    }

    @Test func encodedEventsDecodeToThemselves() throws {
        var half = TBTensor(dtype: TensorDataType.half, shape: [], halfVal: [0x3C00])
        half.unknown = [TBRawField(number: 99, bytes: TBProtoWriter.key(99, 0) + [7])]
        let events: [TBEvent] = [
            .fileVersion(),
            .scalar("loss", step: 0, 0.5),
            .scalar("loss", step: -3, -1.25, wallTime: 0),
            .tensor("x", step: 1 << 40, TBTensor(dtype: TensorDataType.int64, shape: [1], int64Val: [-5])),
            .tensor("h", step: 2, half, metadata: false),
            TBEvent(wallTime: 3, step: 10, sessionLogStatus: 1),
        ]
        let file = TBEncoder.file(events)
        let decoded = try TBEncoder.records(file).map(TBDecoder.decode)
        #expect(decoded == events)
    }
}
