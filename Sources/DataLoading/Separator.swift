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
