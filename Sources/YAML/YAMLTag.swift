/// The tag of a YAML node: what kind of value it is, such as `tag:yaml.org,2002:int`.
///
/// A node's tag is either written in the text (`!!int 3`, `!local x`) or resolved: a plain (unquoted) scalar gets the
/// tag its text matches in `YAMLResolver`, a quoted or block scalar `str`, a mapping `map` and a sequence `seq`.
public struct YAMLTag: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The full tag, such as `tag:yaml.org,2002:str` (libyaml expands `!!str` to this), or a local tag such as `!x`.
    public let rawValue: String

    /// The tag named `rawValue`.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The full tag.
    public var description: String { rawValue }

    /// A string: quoted and block scalars, and plain ones that match no other rule.
    public static let str = YAMLTag(rawValue: "tag:yaml.org,2002:str")
    /// A sequence (list).
    public static let seq = YAMLTag(rawValue: "tag:yaml.org,2002:seq")
    /// A mapping.
    public static let map = YAMLTag(rawValue: "tag:yaml.org,2002:map")
    /// `null`, `~` or nothing.
    public static let null = YAMLTag(rawValue: "tag:yaml.org,2002:null")
    /// `true`, `yes`, `on`, `false`, `no`, `off` in their three casings.
    public static let bool = YAMLTag(rawValue: "tag:yaml.org,2002:bool")
    /// A whole number: decimal, `0b` binary, `0x` hexadecimal, `0o` or leading-zero octal, sexagesimal (`1:30`).
    public static let int = YAMLTag(rawValue: "tag:yaml.org,2002:int")
    /// A number with a fraction or exponent, `.inf`, `-.inf`, `.nan`, or sexagesimal with a fraction.
    public static let float = YAMLTag(rawValue: "tag:yaml.org,2002:float")
    /// The merge key `<<`.
    public static let merge = YAMLTag(rawValue: "tag:yaml.org,2002:merge")
    /// A date (`2024-05-01`) or date and time.
    public static let timestamp = YAMLTag(rawValue: "tag:yaml.org,2002:timestamp")
    /// The value key `=`.
    public static let value = YAMLTag(rawValue: "tag:yaml.org,2002:value")
    /// Base64 bytes (only when written as `!!binary`).
    public static let binary = YAMLTag(rawValue: "tag:yaml.org,2002:binary")

    /// The non-specific tag `!`: a node so tagged is a string, mapping or sequence, whatever its text.
    static let nonSpecific = "!"
}
