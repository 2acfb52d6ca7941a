/// Which column to read: by header name or by 1-based position.
public enum ColumnSelector: Sendable, Equatable, CustomStringConvertible {
    /// The column whose header field is exactly this text (after trimming blanks and removing quotes).
    case name(String)
    /// The column at this 1-based position.
    case index(Int)

    /// Parses a command-line value: all ASCII digits (surrounding blanks ignored) means an index, anything
    /// else a name. Digits too large for `Int` give an index of `Int.max`, reported later as out of range.
    public init(parsing text: String) {
        let trimmed = text.trimmingBlanks()
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 >= ASCII.zero && $0 <= ASCII.nine }) {
            var value = 0
            for digit in trimmed.utf8 {
                let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - ASCII.zero))
                if overflow1 || overflow2 { value = Int.max; break }
                value = sum
            }
            self = .index(value)
        } else {
            self = .name(trimmed)
        }
    }

    /// Parses a comma-separated list of columns, such as `time,temp` or `1,3`: each item as ``init(parsing:)`` reads
    /// it (names and numbers may be mixed). Blank items are skipped, so `a, b,` is `a` and `b`; a column whose name
    /// contains a comma cannot be listed this way — select it by its number.
    public static func list(parsing text: String) -> [ColumnSelector] {
        text.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingBlanks() }
            .filter { !$0.isEmpty }
            .map { ColumnSelector(parsing: $0) }
    }

    /// `column "name"` or `column 3`, as used in messages.
    public var description: String {
        switch self {
        case .name(let name): return "column \(quoted(name))"
        case .index(let index): return "column \(index)"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingBlanks() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, ASCII.isBlank(bytes[start]) { start += 1 }
        while end > start, ASCII.isBlank(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
