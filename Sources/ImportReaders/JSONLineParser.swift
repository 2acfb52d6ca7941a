import DataLoading

/// Parses one line of a JSON Lines history: a JSON object whose members are flattened to `a/b/c` keys.
///
/// Beyond strict JSON it accepts the bare `NaN`, `Infinity` and `-Infinity` that Python's `json.dumps` writes for
/// non-finite floats. Keys keep their order. Numbers are parsed from the bytes with DataLoading's number parser.
struct JSONLineParser {
    /// A member's value, as a history needs it.
    enum Leaf: Equatable {
        case number(Double)
        case null
        case bool(Bool)
        case string(String)
        /// An array (its items are not looked at beyond checking the syntax).
        case array
    }

    /// One flattened member: `train/loss` for `{"train": {"loss": …}}`; `topLevel` for members of the line's object
    /// itself (only those can be the step).
    struct Member {
        var key: String
        var topLevel: Bool
        var leaf: Leaf
    }

    /// Why a line is not a JSON object.
    enum Failure: Error, Equatable {
        /// Valid JSON, but not an object: `found` describes it (`an array`, `the number 3`).
        case notAnObject(found: String)
        /// Not valid JSON: `column` is the 1-based byte column of the problem.
        case syntax(column: Int, message: String)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var scratch: [UInt8] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The members of the object on `line` (without its line break), appended to `members` in order.
    static func parse(_ line: UnsafeBufferPointer<UInt8>, into members: inout [Member]) throws(Failure) {
        var parser = JSONLineParser(line)
        parser.skipSpace()
        guard parser.i < line.count else { throw .syntax(column: 1, message: "the line is empty") }
        if line[parser.i] != UInt8(ascii: "{") {
            // Say what it is when it is other JSON; else it is not JSON at all.
            let start = parser.i
            if let leaf = try? parser.value(prefix: "", depth: 0, into: &members) {
                parser.skipSpace()
                if parser.i == line.count { throw .notAnObject(found: describe(leaf, line: line, from: start)) }
            }
            throw .notAnObject(found: "text that is not JSON: \(Located.quote(text(line, from: start)))")
        }
        _ = try parser.value(prefix: "", depth: 0, into: &members)
        parser.skipSpace()
        guard parser.i == line.count else {
            throw .syntax(column: parser.i + 1, message: "unexpected \(parser.shown()) after the object's closing }")
        }
    }

    private static func describe(_ leaf: Leaf?, line: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        switch leaf {
        case .number(let value): return "the number \(value)"
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .string(let text): return "the string \(Located.quote(text))"
        case .array: return "an array (\(Located.quote(self.text(line, from: start))))"
        case nil: return "an empty object"
        }
    }

    private static func text(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[start..<min(line.count, start + 60)]), as: UTF8.self)
    }

    /// Parses the value at `i`. An object's members are appended (keys prefixed with `prefix/`) and nil returned;
    /// any other value is returned as a leaf.
    private mutating func value(prefix: String, depth: Int, into members: inout [Member]) throws(Failure) -> Leaf? {
        guard depth < 256 else { throw .syntax(column: i + 1, message: "the object is nested too deeply") }
        skipSpace()
        guard i < bytes.count else { throw .syntax(column: i + 1, message: "the line ends where a value should be") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return nil
            }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    throw .syntax(column: i + 1, message: "expected a key in double quotes, found \(shown())")
                }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                    throw .syntax(column: i + 1, message: "expected : after the key \(Located.quote(key)), found "
                                  + shown())
                }
                i += 1
                let path = prefix.isEmpty ? key : prefix + "/" + key
                if let leaf = try value(prefix: path, depth: depth + 1, into: &members) {
                    members.append(Member(key: path, topLevel: depth == 0, leaf: leaf))
                }
                if try closes(UInt8(ascii: "}"), unclosed: "the line ends inside an object (a } is missing)",
                              expected: "expected , or } after a value") {
                    return nil
                }
            }
        case UInt8(ascii: "["):
            i += 1
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array
            }
            var ignored: [Member] = []
            while true {
                _ = try value(prefix: "", depth: depth + 1, into: &ignored)
                ignored.removeAll(keepingCapacity: true)
                if try closes(UInt8(ascii: "]"), unclosed: "the line ends inside an array (a ] is missing)",
                              expected: "expected , or ] in an array") {
                    return .array
                }
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "N"):
            try literal("NaN")
            return .number(.nan)
        case UInt8(ascii: "I"):
            try literal("Infinity")
            return .number(.infinity)
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "I"):
            i += 1
            try literal("Infinity")
            return .number(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        default:
            throw .syntax(column: i + 1, message: "expected a value, found \(shown())")
        }
    }

    /// Reads what follows an object member or array item: a `,` (false: another one follows) or `close` (true: the
    /// object or array ends). `unclosed` is the error at the end of the line, `expected` the start of the error for
    /// anything else.
    private mutating func closes(_ close: UInt8, unclosed: String, expected: String) throws(Failure) -> Bool {
        skipSpace()
        guard i < bytes.count else { throw .syntax(column: i + 1, message: unclosed) }
        if bytes[i] == UInt8(ascii: ",") {
            i += 1
            return false
        }
        if bytes[i] == close {
            i += 1
            return true
        }
        throw .syntax(column: i + 1, message: "\(expected), found \(shown())")
    }

    private mutating func number() throws(Failure) -> Double {
        let start = i
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                 UInt8(ascii: "e"), UInt8(ascii: "E"):
                i += 1
            default:
                return try finishNumber(from: start)
            }
        }
        return try finishNumber(from: start)
    }

    private func finishNumber(from start: Int) throws(Failure) -> Double {
        let token = UnsafeBufferPointer(rebasing: bytes[start..<i])
        if case .number(let value) = CellValue.parse(token) { return value }
        throw .syntax(column: start + 1, message: "\(Located.quote(String(decoding: token, as: UTF8.self))) is not "
                      + "a valid number")
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        let matches = i + count <= bytes.count && (0..<count).allSatisfy { bytes[i + $0] == word.utf8Start[$0] }
        guard matches else { throw .syntax(column: i + 1, message: "expected a value, found \(shown())") }
        i += count
    }

    /// The string starting at the quote at `i`, escapes decoded.
    private mutating func string() throws(Failure) -> String {
        let open = i
        i += 1
        let start = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte != UInt8(ascii: "\\") {
                scratch.append(byte)
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { break }
            let escape = bytes[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                   bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                }
                scratch.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default:
                throw .syntax(column: i - 1, message: "\\\(Character(Unicode.Scalar(escape))) is not a JSON escape")
            }
        }
        throw .syntax(column: open + 1, message: "the string that starts here has no closing \"")
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= bytes.count else { throw .syntax(column: i + 1, message: "\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i] | 0x20
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: throw .syntax(column: i + 1, message: "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
    }

    /// What is at `i`, for messages: `"x"` (a few characters) or `the end of the line`.
    private func shown() -> String {
        guard i < bytes.count else { return "the end of the line" }
        return Located.quote(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<min(bytes.count, i + 12)]),
                                    as: UTF8.self))
    }
}
