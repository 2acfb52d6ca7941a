/// A scalar's text read as a number or a truth value, the way Yams's default constructor reads them (so settings
/// files read as they did when fitreport used Yams). These read the text whatever its resolved tag is: callers
/// that care check `tag` first.
extension YAMLNode.Scalar {
    /// The whole number a plain scalar writes; nil for other styles, for text that is not one, and on overflow.
    ///
    /// Underscores are ignored; after an optional sign, `0x` is hexadecimal, `0b` binary, `0o` or a leading `0`
    /// octal; text with `:` is sexagesimal (`1:30` is 90); anything else decimal. As in Yams, `-0` is not a number
    /// (its `0` reads as an empty octal) and `08` is not either.
    public var int: Int? {
        guard style == .plain else { return nil }
        let withSign = Self.removingUnderscores(string)
        if withSign == "0" { return 0 }
        let negative = withSign.hasPrefix("-")
        let hasSign = negative || withSign.hasPrefix("+")
        let unsigned = withSign.dropFirst(hasSign ? 1 : 0)
        for (prefix, radix) in [("0x", 16), ("0b", 2), ("0o", 8), ("0", 8)] where unsigned.hasPrefix(prefix) {
            return Int((negative ? "-" : "") + unsigned.dropFirst(prefix.count), radix: radix)
        }
        if unsigned.contains(":") {
            let negate = { (value: Int) -> Int? in
                let (negated, overflow) = (0 as Int).subtractingReportingOverflow(value)
                return overflow ? nil : negated
            }
            return Self.sexagesimal(withSign, digit: { Int($0, radix: 10) }, negate: negate) { value, base, digit in
                let (product, overflow) = digit.multipliedReportingOverflow(by: base)
                guard !overflow else { return nil }
                let (sum, overflowed) = value.addingReportingOverflow(product)
                return overflowed ? nil : sum
            }
        }
        return Int(withSign)
    }

    /// The floating-point number a plain scalar writes; nil for other styles and for text that is not one.
    ///
    /// `.inf`, `+.inf`, `-.inf` and `.nan` in any casing; otherwise underscores are ignored, text with `:` is
    /// sexagesimal (`1:30.5` is 90.5), and the rest is read by Swift's `Double(_:)` (which also takes `1e5`, `inf`
    /// and `nan`).
    public var float: Double? {
        guard style == .plain else { return nil }
        switch string.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        let text = Self.removingUnderscores(string)
        if text.contains(":") {
            // A NaN keeps its sign, as Yams's multiplication by -1 left it.
            let negate = { (value: Double) -> Double? in value.isNaN ? value : -value }
            return Self.sexagesimal(text, digit: { Double($0) }, negate: negate) { value, base, digit in
                value + digit * base
            }
        }
        return Double(text)
    }

    /// True for `true`, `yes`, `on`, false for `false`, `no`, `off`, in any casing; nil for other text and for a
    /// scalar that is a string by how it was written (quoted or block, without a tag, or tagged `!!str`).
    public var bool: Bool? {
        if explicitTag == YAMLTag.str.rawValue || (explicitTag == nil && style != .plain) { return nil }
        switch string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    private static func removingUnderscores(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.filter { $0 != "_" })
        return String(scalars)
    }

    /// `[-+]?d:d:…:d` in base 60, each `d` read by `digit`; `accumulate(value, base, d)` adds `d × base` (nil on
    /// overflow), `negate` applies a `-` sign (nil on overflow). Nil when a part is not a number.
    private static func sexagesimal<T: Numeric>(_ text: String, digit: (Substring) -> T?, negate: (T) -> T?,
                                                accumulate: (T, T, T) -> T?) -> T? {
        var rest = Substring(text)
        var negative = false
        if rest.hasPrefix("-") {
            negative = true
            rest = rest.dropFirst()
        } else if rest.hasPrefix("+") {
            rest = rest.dropFirst()
        }
        var digits: [T] = []
        for part in rest.split(separator: ":", omittingEmptySubsequences: false) {
            guard let value = digit(part) else { return nil }
            digits.append(value)
        }
        var value: T = 0
        var base: T = 1
        for (index, d) in digits.reversed().enumerated() {
            guard let next = accumulate(value, base, d) else { return nil }
            value = next
            if index < digits.count - 1 {
                guard let nextBase = accumulate(0, base, 60) else { return nil }
                base = nextBase
            }
        }
        return negative ? negate(value) : value
    }
}
