/// How the fields of a line are separated.
public enum Separator: Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// `,` — one comma between two fields; two commas in a row enclose an empty field.
    case comma
    /// `;` — as written by spreadsheets in locales that use a decimal comma.
    case semicolon
    /// A tab character; two tabs in a row enclose an empty field.
    case tab
    /// Any run of spaces and tabs; leading and trailing blanks on a line are ignored (no empty fields).
    case whitespace

    /// Parses a user's spelling: `comma` or `,`; `semicolon` or `;`; `tab`, `\t` or a tab; `whitespace`,
    /// `space` or a space. Returns nil for anything else.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "comma", ",": self = .comma
        case "semicolon", ";": self = .semicolon
        case "tab", "\\t", "\t": self = .tab
        case "whitespace", "space", "spaces", " ": self = .whitespace
        default: return nil
        }
    }

    /// The name used in messages: "comma", "semicolon", "tab" or "whitespace".
    public var description: String {
        switch self {
        case .comma: return "comma"
        case .semicolon: return "semicolon"
        case .tab: return "tab"
        case .whitespace: return "whitespace"
        }
    }

    /// The separating byte; nil for `.whitespace`, which splits on runs of spaces and tabs.
    var byte: UInt8? {
        switch self {
        case .comma: return ASCII.comma
        case .semicolon: return ASCII.semicolon
        case .tab: return ASCII.tab
        case .whitespace: return nil
        }
    }
}

/// Whether the first line of a file names the columns.
public enum HeaderMode: Sendable, Equatable {
    /// Decide from the data: the first line is a header when it has a non-numeric field in a column whose
    /// later values are numbers (or, failing such a column, when none of its fields is a number).
    case auto
    /// The first non-blank, non-comment line is a header.
    case present
    /// Every line is data; columns are called "column 1", "column 2", ….
    case absent
}

/// The bytes the reader treats specially.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let semicolon: UInt8 = 0x3B

    /// A space or a tab.
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab }
    /// A line feed or a carriage return.
    @inline(__always) static func isLineBreak(_ byte: UInt8) -> Bool { byte == lineFeed || byte == carriageReturn }
}
