import ImportReaders
import RunRecord

/// Reads hyper-parameters from the hparams plugin's summaries (`plugin_name` "hparams").
///
/// The plugin's `content` is an `HParamsPluginData` {1 version, 2 experiment, 3 session_start_info,
/// 4 session_end_info}; `SessionStartInfo` {1 hparams: map<string, google.protobuf.Value>}; `Value` {1 null_value,
/// 2 number_value, 3 string_value, 4 bool_value, 5 struct_value {1 fields: map<string, Value>}, 6 list_value
/// {1 values}}.
enum TensorBoardHParams {
    /// Deepest nesting of struct and list values accepted (deeper input is rejected rather than risking the stack).
    static let maximumDepth = 32

    /// The hyper-parameters of the `HParamsPluginData` in `range`, in the order written; `nil` when it holds no
    /// `session_start_info` (an experiment description or a session end).
    static func sessionStartHParams(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> [KeyValue<JSONValue>]?
    {
        var result: [KeyValue<JSONValue>]?
        try ProtobufReader.forEachField(bytes, range, message: "HParamsPluginData",
                                        fieldNames: [3: "session_start_info"]) { f, r throws(ProtobufError) in
            switch f.number {
            case 3: result = try sessionStartInfo(bytes, try r.lengthDelimited(f))
            default: return false
            }
            return true
        }
        return result
    }

    private static func sessionStartInfo(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtobufError)
        -> [KeyValue<JSONValue>]
    {
        var pairs: [KeyValue<JSONValue>] = []
        try ProtobufReader.forEachField(bytes, range, message: "SessionStartInfo", fieldNames: [1: "hparams"]) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1:
                let (key, value) = try mapEntry(bytes, try r.lengthDelimited(f), depth: 1)
                set(key, value, in: &pairs)
            default: return false
            }
            return true
        }
        return pairs
    }

    /// Sets `key` in `pairs`: a repeated key keeps its first position and takes the last value, as a protobuf map does.
    private static func set(_ key: String, _ value: JSONValue, in pairs: inout [KeyValue<JSONValue>]) {
        if let i = pairs.firstIndex(where: { $0.key == key }) {
            pairs[i].value = value
        } else {
            pairs.append(KeyValue(key, value))
        }
    }

    /// A map entry {1 key, 2 value: google.protobuf.Value}.
    private static func mapEntry(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, depth: Int)
        throws(ProtobufError) -> (String, JSONValue)
    {
        var key = ""
        var value = JSONValue.null
        try ProtobufReader.forEachField(bytes, range, message: "map entry", fieldNames: [1: "key", 2: "value"]) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: key = r.string(try r.lengthDelimited(f))
            case 2: value = try self.value(bytes, try r.lengthDelimited(f), depth: depth)
            default: return false
            }
            return true
        }
        return (key, value)
    }

    private static let valueFieldNames: [Int: String] = [
        1: "null_value", 2: "number_value", 3: "string_value", 4: "bool_value", 5: "struct_value", 6: "list_value",
    ]

    /// A `google.protobuf.Value`. Errors inside its `Struct` and `ListValue` are named by the Value's field.
    private static func value(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, depth: Int) throws(ProtobufError)
        -> JSONValue
    {
        guard depth <= maximumDepth else {
            throw ProtobufError("values are nested more than \(maximumDepth) deep", at: range.lowerBound)
        }
        var value = JSONValue.null
        try ProtobufReader.forEachField(bytes, range, message: "google.protobuf.Value", fieldNames: valueFieldNames) {
            f, r throws(ProtobufError) in
            switch f.number {
            case 1: _ = try r.varint(f); value = .null
            case 2: value = .number(try r.double(f))
            case 3: value = .string(r.string(try r.lengthDelimited(f)))
            case 4: value = .bool(try r.varint(f) != 0)
            case 5:
                var pairs: [KeyValue<JSONValue>] = []
                try ProtobufReader.forEachField(bytes, try r.lengthDelimited(f), message: nil) {
                    g, s throws(ProtobufError) in
                    switch g.number {
                    case 1:
                        let (k, v) = try mapEntry(bytes, try s.lengthDelimited(g), depth: depth + 1)
                        set(k, v, in: &pairs)
                    default: return false
                    }
                    return true
                }
                value = .object(pairs)
            case 6:
                var items: [JSONValue] = []
                try ProtobufReader.forEachField(bytes, try r.lengthDelimited(f), message: nil) {
                    g, l throws(ProtobufError) in
                    switch g.number {
                    case 1: items.append(try self.value(bytes, try l.lengthDelimited(g), depth: depth + 1))
                    default: return false
                    }
                    return true
                }
                value = .array(items)
            default: return false
            }
            return true
        }
        return value
    }
}

extension TensorBoardRunBuilder {
    /// A builder whose runs (sub-folders of the imported folder) have the given series name prefixes, reading
    /// hyper-parameters with `TensorBoardHParams`.
    init(runPrefixes: [String] = [""]) {
        self.init(runPrefixes: runPrefixes, hparams: TensorBoardHParams.sessionStartHParams)
    }
}
