/// A JSON value that keeps the order of object keys, for settings "as logged".
///
/// Hyper-parameters arrive from many tools with whatever names and nesting they used; a run record keeps them as
/// they were, in order, rather than forcing them into one tool's schema.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order they were logged.
    case object([KeyValue<JSONValue>])

    /// A short, human-readable rendering: strings unquoted at the top level, numbers in shortest round-trip form.
    public var displayText: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let d): return NumberFormat.compact(d)
        case .string(let s): return s
        case .array(let items): return "[" + items.map(\.nestedText).joined(separator: ", ") + "]"
        case .object(let pairs):
            return "{" + pairs.map { "\($0.key): \($0.value.nestedText)" }.joined(separator: ", ") + "}"
        }
    }

    private var nestedText: String {
        if case .string(let s) = self { return "\"" + s + "\"" }
        return displayText
    }

    /// The value of `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// The number, when this is a number.
    public var number: Double? {
        if case .number(let d) = self { return d }
        return nil
    }

    /// The string, when this is a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Object members flattened to dotted keys (`optimizer.lr`), arrays kept whole; a scalar is one entry with
    /// key `prefix`.
    public func flattened(prefix: String = "") -> [KeyValue<JSONValue>] {
        switch self {
        case .object(let pairs):
            if pairs.isEmpty { return prefix.isEmpty ? [] : [KeyValue(prefix, self)] }
            return pairs.flatMap { $0.value.flattened(prefix: prefix.isEmpty ? $0.key : prefix + "." + $0.key) }
        default:
            return [KeyValue(prefix, self)]
        }
    }
}

extension JSONValue: Codable {
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let container = try? decoder.container(keyedBy: AnyKey.self) {
            // Foundation's decoder does not promise key order; `allKeys` follows the document on Linux and
            // Darwin in practice, and `RunManifest` writes settings as an ordered list anyway.
            var pairs: [KeyValue<JSONValue>] = []
            for key in container.allKeys {
                pairs.append(KeyValue(key.stringValue, try container.decode(JSONValue.self, forKey: key)))
            }
            self = .object(pairs)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !container.isAtEnd { items.append(try container.decode(JSONValue.self)) }
            self = .array(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let b = try? single.decode(Bool.self) { self = .bool(b) }
        else if let d = try? single.decode(Double.self) { self = .number(d) }
        else { self = .string(try single.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .number(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let pairs):
            var c = encoder.container(keyedBy: AnyKey.self)
            for pair in pairs { try c.encode(pair.value, forKey: AnyKey(stringValue: pair.key)) }
        }
    }
}

/// One entry of an ordered list of named values.
public struct KeyValue<Value: Sendable & Hashable>: Sendable, Hashable {
    public var key: String
    public var value: Value

    public init(_ key: String, _ value: Value) {
        self.key = key
        self.value = value
    }
}

extension KeyValue: Codable where Value: Codable {
    enum CodingKeys: String, CodingKey { case key, value }
}
