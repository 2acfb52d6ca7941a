/// TensorFlow `DataType` values the importer knows (types.proto).
enum TensorDataType {
    static let float: Int32 = 1
    static let double: Int32 = 2
    static let int32: Int32 = 3
    static let uint8: Int32 = 4
    static let int16: Int32 = 5
    static let int8: Int32 = 6
    static let string: Int32 = 7
    static let int64: Int32 = 9
    static let bool: Int32 = 10
    static let bfloat16: Int32 = 14
    static let uint16: Int32 = 17
    static let half: Int32 = 19
    static let uint32: Int32 = 22
    static let uint64: Int32 = 23

    /// `DT_FLOAT`, `DT_DOUBLE`, … or `dtype N`.
    static func name(_ dtype: Int32) -> String {
        switch dtype {
        case float: "DT_FLOAT"
        case double: "DT_DOUBLE"
        case int32: "DT_INT32"
        case uint8: "DT_UINT8"
        case int16: "DT_INT16"
        case int8: "DT_INT8"
        case string: "DT_STRING"
        case int64: "DT_INT64"
        case bool: "DT_BOOL"
        case bfloat16: "DT_BFLOAT16"
        case uint16: "DT_UINT16"
        case half: "DT_HALF"
        case uint32: "DT_UINT32"
        case uint64: "DT_UINT64"
        default: "dtype \(dtype)"
        }
    }
}

/// A `TensorProto`, as far as the importer needs it.
struct TensorValue: Sendable, Equatable {
    var dtype: Int32
    /// The value widened to `Double`, when the tensor holds one element of a numeric dtype.
    var scalar: Double?
}

/// What a `Summary.Value` holds (its `value` oneof).
enum SummaryContent: Sendable, Equatable {
    case none
    /// `simple_value`, TensorBoard's original scalar encoding.
    case simpleValue(Float)
    case tensor(TensorValue)
    /// `histo` or `obsolete_old_style_histogram`.
    case histogram
    case image
    case audio
}

/// One `Summary.Value`; ranges point into the file's bytes.
struct SummaryValue: Sendable, Equatable {
    /// `tag`, or the legacy `node_name` when `tag` is empty.
    var tag: Range<Int>
    /// `metadata.plugin_data.plugin_name`, when the value has metadata with plugin data.
    var pluginName: Range<Int>?
    /// `metadata.plugin_data.content`.
    var pluginContent: Range<Int>
    /// `metadata.data_class` (1 scalar, 2 tensor, 3 blob sequence).
    var dataClass: UInt64
    var content: SummaryContent
}

/// What an `Event` is besides its wall time and step (its `what` oneof).
enum EventKind: Sendable, Equatable {
    case none
    case fileVersion(Range<Int>)
    case graph
    case summary
    case logMessage
    /// `session_log` with its `status` (1 start, 2 stop, 3 checkpoint).
    case sessionLog(status: UInt64)
    case taggedRunMetadata
    case metaGraph
}

/// Decodes TensorBoard `Event` records (event.proto, summary.proto, tensor.proto) into reusable storage, without
/// allocating per record beyond the first few.
///
/// Fields read: `Event` {1 wall_time, 2 step, 3 file_version, 4 graph_def, 5 summary, 6 log_message, 7 session_log,
/// 8 tagged_run_metadata, 9 meta_graph_def}; `Summary` {1 value}; `Summary.Value` {1 tag, 7 node_name,
/// 2 simple_value, 3/5 histograms, 4 image, 6 audio, 8 tensor, 9 metadata}; `SummaryMetadata` {1 plugin_data
/// {1 plugin_name, 2 content}, 4 data_class}; `TensorProto` {1 dtype, 2 tensor_shape, 4 tensor_content, 5 float_val,
/// 6 double_val, 7 int_val, 10 int64_val, 13 half_val, 16 uint32_val, 17 uint64_val}. Everything else is skipped.
struct EventDecoder {
    /// Seconds since 1970 (0 when absent).
    private(set) var wallTime: Double = 0
    /// The step (0 when absent, as proto3 does not write zeros).
    private(set) var step: Int64 = 0
    private(set) var kind: EventKind = .none
    /// The summary's values, when `kind` is `.summary`.
    private(set) var values: [SummaryValue] = []

    /// Decodes the `Event` in `range` of `bytes`.
    mutating func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError) {
        wallTime = 0
        step = 0
        kind = .none
        values.removeAll(keepingCapacity: true)
        try ProtobufReader.forEachField(bytes, range, message: "Event", fieldNames: Self.eventFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: wallTime = try r.double(f)
            case 2: step = Int64(bitPattern: try r.varint(f))
            case 3: kind = .fileVersion(try r.lengthDelimited(f))
            case 4: _ = try r.lengthDelimited(f); kind = .graph
            case 5:
                if kind != .summary { values.removeAll(keepingCapacity: true) }
                try decodeSummary(bytes, try r.lengthDelimited(f))
                kind = .summary
            case 6: _ = try r.lengthDelimited(f); kind = .logMessage
            case 7: kind = .sessionLog(status: try Self.sessionLogStatus(bytes, try r.lengthDelimited(f)))
            case 8: _ = try r.lengthDelimited(f); kind = .taggedRunMetadata
            case 9: _ = try r.lengthDelimited(f); kind = .metaGraph
            default: return false
            }
            return true
        }
    }

    private static let eventFieldNames: [Int: String] = [
        1: "wall_time", 2: "step", 3: "file_version", 4: "graph_def", 5: "summary", 6: "log_message",
        7: "session_log", 8: "tagged_run_metadata", 9: "meta_graph_def",
    ]

    private static let summaryFieldNames: [Int: String] = [1: "value"]

    private mutating func decodeSummary(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError) {
        try ProtobufReader.forEachField(bytes, range, message: "Summary", fieldNames: Self.summaryFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: values.append(try Self.decodeValue(bytes, try r.lengthDelimited(f)))
            default: return false
            }
            return true
        }
    }

    private static let valueFieldNames: [Int: String] = [
        1: "tag", 2: "simple_value", 3: "obsolete_old_style_histogram", 4: "image", 5: "histo", 6: "audio",
        7: "node_name", 8: "tensor", 9: "metadata",
    ]

    private static func decodeValue(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> SummaryValue
    {
        var value = SummaryValue(tag: range.lowerBound..<range.lowerBound, pluginName: nil,
                                 pluginContent: range.lowerBound..<range.lowerBound, dataClass: 0, content: .none)
        var nodeName: Range<Int>?
        try ProtobufReader.forEachField(bytes, range, message: "Summary.Value", fieldNames: valueFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: value.tag = try r.lengthDelimited(f)
            case 2: value.content = .simpleValue(try r.float(f))
            case 3, 5: _ = try r.lengthDelimited(f); value.content = .histogram
            case 4: _ = try r.lengthDelimited(f); value.content = .image
            case 6: _ = try r.lengthDelimited(f); value.content = .audio
            case 7: nodeName = try r.lengthDelimited(f)
            case 8: value.content = .tensor(try decodeTensor(bytes, try r.lengthDelimited(f)))
            case 9: try decodeMetadata(bytes, try r.lengthDelimited(f), into: &value)
            default: return false
            }
            return true
        }
        if value.tag.isEmpty, let nodeName { value.tag = nodeName }
        return value
    }

    private static let metadataFieldNames: [Int: String] = [1: "plugin_data", 4: "data_class"]
    private static let pluginDataFieldNames: [Int: String] = [1: "plugin_name", 2: "content"]

    private static func decodeMetadata(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>,
                                       into value: inout SummaryValue) throws(ProtobufError)
    {
        try ProtobufReader.forEachField(bytes, range, message: "SummaryMetadata", fieldNames: metadataFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1:
                let pluginData = try r.lengthDelimited(f)
                var name = pluginData.lowerBound..<pluginData.lowerBound
                try ProtobufReader.forEachField(bytes, pluginData, message: "SummaryMetadata.PluginData",
                                                fieldNames: pluginDataFieldNames) { g, p throws(ProtobufError) in
                    switch g.number {
                    case 1: name = try p.lengthDelimited(g)
                    case 2: value.pluginContent = try p.lengthDelimited(g)
                    default: return false
                    }
                    return true
                }
                value.pluginName = name
            case 4: value.dataClass = try r.varint(f)
            default: return false
            }
            return true
        }
    }

    private static let tensorFieldNames: [Int: String] = [
        1: "dtype", 2: "tensor_shape", 4: "tensor_content", 5: "float_val", 6: "double_val", 7: "int_val",
        10: "int64_val", 13: "half_val", 16: "uint32_val", 17: "uint64_val",
    ]

    /// The dtype of the tensor in `range`, and its value when it is a one-element tensor of a numeric dtype
    /// (read like TensorBoard's `make_ndarray`: `tensor_content` when not empty, else the typed field, where no
    /// value means 0).
    static func decodeTensor(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> TensorValue
    {
        var dtype: Int32 = 0
        var isScalarShape = true
        var content: Range<Int>?
        // Count and first value of each typed field, by field number.
        var floatVal = (count: 0, first: UInt64?.none), doubleVal = floatVal, intVal = floatVal, int64Val = floatVal
        var halfVal = floatVal, uint32Val = floatVal, uint64Val = floatVal
        func add(_ total: inout (count: Int, first: UInt64?), _ more: (count: Int, first: UInt64?)) {
            if total.count == 0 { total.first = more.first }
            total.count += more.count
        }
        try ProtobufReader.forEachField(bytes, range, message: "TensorProto", fieldNames: tensorFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: dtype = Int32(truncatingIfNeeded: try r.varint(f))
            case 2: isScalarShape = try isScalar(shape: bytes, try r.lengthDelimited(f))
            case 4: content = try r.lengthDelimited(f)
            case 5: add(&floatVal, try r.repeatedFixed(f, width: 4))
            case 6: add(&doubleVal, try r.repeatedFixed(f, width: 8))
            case 7: add(&intVal, try r.repeatedVarint(f))
            case 10: add(&int64Val, try r.repeatedVarint(f))
            case 13: add(&halfVal, try r.repeatedVarint(f))
            case 16: add(&uint32Val, try r.repeatedVarint(f))
            case 17: add(&uint64Val, try r.repeatedVarint(f))
            default: return false
            }
            return true
        }
        guard isScalarShape else { return TensorValue(dtype: dtype, scalar: nil) }

        // Element width and typed field of each numeric dtype.
        let width: Int
        let typed: (count: Int, first: UInt64?)
        switch dtype {
        case TensorDataType.float: (width, typed) = (4, floatVal)
        case TensorDataType.double: (width, typed) = (8, doubleVal)
        case TensorDataType.int32: (width, typed) = (4, intVal)
        case TensorDataType.int16, TensorDataType.uint16: (width, typed) = (2, intVal)
        case TensorDataType.int8, TensorDataType.uint8: (width, typed) = (1, intVal)
        case TensorDataType.int64: (width, typed) = (8, int64Val)
        case TensorDataType.half, TensorDataType.bfloat16: (width, typed) = (2, halfVal)
        case TensorDataType.uint32: (width, typed) = (4, uint32Val)
        case TensorDataType.uint64: (width, typed) = (8, uint64Val)
        default: return TensorValue(dtype: dtype, scalar: nil)
        }
        let bits: UInt64
        if let content, !content.isEmpty {
            guard content.count == width else { return TensorValue(dtype: dtype, scalar: nil) }
            var b: UInt64 = 0
            for i in 0..<width { b |= UInt64(bytes[content.lowerBound + i]) << (8 * UInt64(i)) }
            bits = b
        } else {
            guard typed.count <= 1 else { return TensorValue(dtype: dtype, scalar: nil) }
            bits = typed.first ?? 0
        }
        return TensorValue(dtype: dtype, scalar: widen(bits, dtype: dtype))
    }

    /// The value of a numeric dtype's `bits` (the low bytes of a little-endian element, or a typed field's value).
    static func widen(_ bits: UInt64, dtype: Int32) -> Double {
        switch dtype {
        case TensorDataType.float: return Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case TensorDataType.double: return Double(bitPattern: bits)
        case TensorDataType.int32: return Double(Int32(truncatingIfNeeded: bits))
        case TensorDataType.int16: return Double(Int16(truncatingIfNeeded: bits))
        case TensorDataType.uint16: return Double(UInt16(truncatingIfNeeded: bits))
        case TensorDataType.int8: return Double(Int8(truncatingIfNeeded: bits))
        case TensorDataType.uint8: return Double(UInt8(truncatingIfNeeded: bits))
        case TensorDataType.int64: return Double(Int64(bitPattern: bits))
        case TensorDataType.uint32: return Double(UInt32(truncatingIfNeeded: bits))
        case TensorDataType.uint64: return Double(bits)
        case TensorDataType.bfloat16: return Double(Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: bits)) << 16))
        case TensorDataType.half: return halfToDouble(UInt16(truncatingIfNeeded: bits))
        default: return .nan
        }
    }

    /// IEEE 754 binary16 to `Double` (exact).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: FloatingPointSign = bits & 0x8000 != 0 ? .minus : .plus
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return Double(sign: sign, exponent: -24, significand: fraction)
        case 31: return fraction == 0 ? (sign == .minus ? -.infinity : .infinity) : .nan
        default: return Double(sign: sign, exponent: exponent - 15, significand: 1 + fraction / 1024)
        }
    }

    /// Whether a `TensorShapeProto` {2 dim {1 size}, 3 unknown_rank} describes one element: no dimensions, or only
    /// dimensions of size 1.
    private static func isScalar(shape bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> Bool
    {
        var scalar = true
        try ProtobufReader.forEachField(bytes, range, message: "TensorShapeProto", fieldNames: shapeFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 2:
                var size: Int64 = 0
                try ProtobufReader.forEachField(bytes, try r.lengthDelimited(f), message: "TensorShapeProto.Dim",
                                                fieldNames: dimFieldNames) { g, d throws(ProtobufError) in
                    switch g.number {
                    case 1: size = Int64(bitPattern: try d.varint(g))
                    default: return false
                    }
                    return true
                }
                if size != 1 { scalar = false }
            case 3: if try r.varint(f) != 0 { scalar = false }
            default: return false
            }
            return true
        }
        return scalar
    }

    private static let shapeFieldNames: [Int: String] = [2: "dim", 3: "unknown_rank"]
    private static let dimFieldNames: [Int: String] = [1: "size"]
    private static let sessionLogFieldNames: [Int: String] = [1: "status"]

    /// `SessionLog.status` (field 1) of the message in `range`.
    private static func sessionLogStatus(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> UInt64
    {
        var status: UInt64 = 0
        try ProtobufReader.forEachField(bytes, range, message: "SessionLog", fieldNames: sessionLogFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: status = try r.varint(f)
            default: return false
            }
            return true
        }
        return status
    }
}
