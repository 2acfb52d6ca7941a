/// The tag of a plain (unquoted, untagged) scalar, from its text: the YAML 1.1 rules of PyYAML's and Yams's default
/// resolvers, tried in Yams's order (bool, int, float, merge, null, timestamp, value); a text matching none is a
/// string. Each rule must match the whole text.
///
/// | tag | texts |
/// | --- | --- |
/// | bool | `yes no true false on off`, each all lower case, capitalized or all upper case |
/// | int | `[-+]?` then `0b[01_]+`, `0o?[0-7_]+`, `0`, `[1-9][0-9_]*`, `0x[0-9a-fA-F_]+`, |
/// |     | or `[1-9][0-9_]*(:[0-5]?[0-9])+` |
/// | float | `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?`, `\.[0-9_]+([eE][-+][0-9]+)?`, |
/// |       | `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*`, `[-+]?\.(inf\|Inf\|INF)`, `\.(nan\|NaN\|NAN)` |
/// | merge | `<<` |
/// | null | `~`, `null`, `Null`, `NULL`, or nothing |
/// | timestamp | `YYYY-MM-DD`, or `YYYY-M-D` then `T`/`t`/blanks, `h:mm:ss`, an optional fraction and time zone |
/// | value | `=` |
///
/// Two rules are Yams's, wider than PyYAML's: octal may be written `0o17`, and a float needs neither a dot nor a
/// sign in its exponent, so `1e5` and `09` are floats (PyYAML reads them as strings).
public enum YAMLResolver {
    /// The tag a plain scalar reading `text` resolves to.
    public static func tag(ofPlain text: String) -> YAMLTag {
        if let tag = text.utf8.withContiguousStorageIfAvailable(tag(of:)) { return tag }
        return Array(text.utf8).withUnsafeBufferPointer(tag(of:))
    }

    static func tag(of bytes: UnsafeBufferPointer<UInt8>) -> YAMLTag {
        if isBool(bytes) { return .bool }
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if equals(bytes, "<<") { return .merge }
        if isNull(bytes) { return .null }
        if isTimestamp(bytes) { return .timestamp }
        if equals(bytes, "=") { return .value }
        return .str
    }

    // MARK: - The rules

    private static let bools: [StaticString] = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]
    private static let nulls: [StaticString] = ["~", "null", "Null", "NULL", ""]

    static func isBool(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count <= 5 && bools.contains { equals(b, $0) }
    }

    static func isNull(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count <= 4 && nulls.contains { equals(b, $0) }
    }

    static func isInt(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = Cursor(b)
        start.skipSign()
        // 0b[01_]+
        do {
            var c = start
            if c.take("0"), c.take("b"), c.takeAll(where: { $0 == 0x30 || $0 == 0x31 || $0 == 0x5F }) > 0, c.atEnd {
                return true
            }
        }
        // 0o?[0-7_]+
        do {
            var c = start
            if c.take("0") {
                _ = c.take("o")
                if c.takeAll(where: { isOctal($0) || $0 == 0x5F }) > 0, c.atEnd { return true }
            }
        }
        // 0 | [1-9][0-9_]*
        do {
            var c = start
            if c.take("0"), c.atEnd { return true }
            c = start
            if c.take(where: isNonZeroDigit) {
                c.takeAll(where: isDigitOrUnderscore)
                if c.atEnd { return true }
            }
        }
        // 0x[0-9a-fA-F_]+
        do {
            var c = start
            if c.take("0"), c.take("x"), c.takeAll(where: { isHexDigit($0) || $0 == 0x5F }) > 0, c.atEnd {
                return true
            }
        }
        // [1-9][0-9_]*(:[0-5]?[0-9])+
        do {
            var c = start
            if c.take(where: isNonZeroDigit) {
                c.takeAll(where: isDigitOrUnderscore)
                if c.takeSexagesimalGroups(), c.atEnd { return true }
            }
        }
        return false
    }

    static func isFloat(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var signed = Cursor(b)
        signed.skipSign()
        // [-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?
        do {
            var c = signed
            if c.take(where: isDigit) {
                c.takeAll(where: isDigitOrUnderscore)
                if c.take(".") { c.takeAll(where: isDigitOrUnderscore) }
                var exponentComplete = true
                if c.take("e") || c.take("E") {
                    c.skipSign()
                    exponentComplete = c.takeAll(where: isDigit) > 0
                }
                if exponentComplete, c.atEnd { return true }
            }
        }
        // \.[0-9_]+([eE][-+][0-9]+)?   (no sign)
        do {
            var c = Cursor(b)
            if c.take("."), c.takeAll(where: isDigitOrUnderscore) > 0 {
                if c.atEnd { return true }
                if c.take("e") || c.take("E"), c.take("-") || c.take("+"), c.takeAll(where: isDigit) > 0, c.atEnd {
                    return true
                }
            }
        }
        // [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
        do {
            var c = signed
            if c.take(where: isDigit) {
                c.takeAll(where: isDigitOrUnderscore)
                if c.takeSexagesimalGroups(), c.take(".") {
                    c.takeAll(where: isDigitOrUnderscore)
                    if c.atEnd { return true }
                }
            }
        }
        // [-+]?\.(inf|Inf|INF)
        do {
            var c = signed
            if c.take("."), c.takeRest(oneOf: ["inf", "Inf", "INF"]) { return true }
        }
        // \.(nan|NaN|NAN)   (no sign)
        do {
            var c = Cursor(b)
            if c.take("."), c.takeRest(oneOf: ["nan", "NaN", "NAN"]) { return true }
        }
        return false
    }

    static func isTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // [0-9]{4}-[0-9]{2}-[0-9]{2}
        do {
            var c = Cursor(b)
            if c.take(digits: 4), c.take("-"), c.take(digits: 2), c.take("-"), c.take(digits: 2), c.atEnd {
                return true
            }
        }
        // [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?
        //     ([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?
        var c = Cursor(b)
        guard c.take(digits: 4), c.take("-"), c.takeOneOrTwoDigits(), c.take("-"), c.takeOneOrTwoDigits() else {
            return false
        }
        if !(c.take("T") || c.take("t")) {
            guard c.takeAll(where: isBlank) > 0 else { return false }
        }
        guard c.takeOneOrTwoDigits(), c.take(":"), c.take(digits: 2), c.take(":"), c.take(digits: 2) else {
            return false
        }
        if c.take(".") { c.takeAll(where: isDigit) }
        if c.atEnd { return true }
        c.takeAll(where: isBlank)
        if c.take("Z") { return c.atEnd }
        guard c.take("-") || c.take("+"), c.takeOneOrTwoDigits() else { return false }
        if c.atEnd { return true }
        return c.take(":") && c.take(digits: 2) && c.atEnd
    }

    // MARK: - Matching bytes

    private static func equals(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard b.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<b.count where b[i] != w[i] { return false }
        return true
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isNonZeroDigit(_ c: UInt8) -> Bool { c >= 0x31 && c <= 0x39 }
    private static func isOctal(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x37 }
    private static func isDigitOrUnderscore(_ c: UInt8) -> Bool { isDigit(c) || c == 0x5F }
    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
    private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// A position in the bytes, moved forward by what each rule takes; a failed `take` leaves it where it was.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ c: Unicode.Scalar) -> Bool {
            take { $0 == UInt8(c.value) }
        }

        mutating func take(where matches: (UInt8) -> Bool) -> Bool {
            guard index < bytes.count, matches(bytes[index]) else { return false }
            index += 1
            return true
        }

        @discardableResult
        mutating func takeAll(where matches: (UInt8) -> Bool) -> Int {
            let start = index
            while index < bytes.count, matches(bytes[index]) { index += 1 }
            return index - start
        }

        mutating func skipSign() {
            _ = take("-") || take("+")
        }

        /// Exactly `count` digits.
        mutating func take(digits count: Int) -> Bool {
            let start = index
            for _ in 0..<count where !take(where: isDigit) {
                index = start
                return false
            }
            return true
        }

        /// `[0-9][0-9]?`: a second digit is always taken when there is one (no rule lets a digit follow).
        mutating func takeOneOrTwoDigits() -> Bool {
            guard take(where: isDigit) else { return false }
            _ = take(where: isDigit)
            return true
        }

        /// `(:[0-5]?[0-9])+`: two digits are taken when the first is 0–5 and a digit follows (one digit then
        /// could not go on: each group ends the text or is followed by `:` or `.`).
        mutating func takeSexagesimalGroups() -> Bool {
            var groups = 0
            while index + 1 < bytes.count, bytes[index] == 0x3A, isDigit(bytes[index + 1]) {
                index += 2
                if bytes[index - 1] <= 0x35, index < bytes.count, isDigit(bytes[index]) { index += 1 }
                groups += 1
            }
            return groups > 0
        }

        /// One of `words`, then the end.
        mutating func takeRest(oneOf words: [StaticString]) -> Bool {
            let rest = UnsafeBufferPointer(rebasing: bytes[index...])
            guard words.contains(where: { YAMLResolver.equals(rest, $0) }) else { return false }
            index = bytes.count
            return true
        }
    }
}
