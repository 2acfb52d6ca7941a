import RunRecord

/// A value that can be logged as a setting: numbers, strings, booleans, arrays and dictionaries of them, optionals
/// (`nil` becomes JSON `null`) and ``RunRecord/JSONValue`` itself.
///
/// It lets a settings literal mix types and read variables:
///
/// ```swift
/// run.logSettings(["model": "a*x^2 + b*x + c", "lr": lr, "epochs": 15000, "normalize": false])
/// ```
public protocol SettingValue {
    /// The value as JSON.
    var settingValue: JSONValue { get }
}

extension JSONValue: SettingValue {
    /// The value itself.
    public var settingValue: JSONValue { self }
}

extension Double: SettingValue {
    /// A JSON number.
    public var settingValue: JSONValue { .number(self) }
}

extension Float: SettingValue {
    /// A JSON number (the `Float` widened to `Double`).
    public var settingValue: JSONValue { .number(Double(self)) }
}

extension Int: SettingValue {
    /// A JSON number (exact up to 2⁵³).
    public var settingValue: JSONValue { .number(Double(self)) }
}

extension Int64: SettingValue {
    /// A JSON number (exact up to 2⁵³).
    public var settingValue: JSONValue { .number(Double(self)) }
}

extension UInt64: SettingValue {
    /// A JSON number (exact up to 2⁵³), such as a seed.
    public var settingValue: JSONValue { .number(Double(self)) }
}

extension Bool: SettingValue {
    /// A JSON boolean.
    public var settingValue: JSONValue { .bool(self) }
}

extension String: SettingValue {
    /// A JSON string.
    public var settingValue: JSONValue { .string(self) }
}

extension Substring: SettingValue {
    /// A JSON string.
    public var settingValue: JSONValue { .string(String(self)) }
}

extension Optional: SettingValue where Wrapped: SettingValue {
    /// The wrapped value, or JSON `null`.
    public var settingValue: JSONValue { map(\.settingValue) ?? .null }
}

extension Array: SettingValue where Element: SettingValue {
    /// A JSON array.
    public var settingValue: JSONValue { .array(map(\.settingValue)) }
}

extension Dictionary: SettingValue where Key == String, Value: SettingValue {
    /// A JSON object with the keys sorted (a dictionary has no order; use `KeyValuePairs` to keep yours).
    public var settingValue: JSONValue {
        .object(sorted { $0.key < $1.key }.map { KeyValue($0.key, $0.value.settingValue) })
    }
}

extension KeyValuePairs: SettingValue where Key == String, Value == any SettingValue {
    /// A JSON object with the keys in the order written.
    public var settingValue: JSONValue { .object(map { KeyValue($0.key, $0.value.settingValue) }) }
}
