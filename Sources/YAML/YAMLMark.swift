/// A position in YAML text: 1-based line and column, the column counted in characters (Unicode scalars), as libyaml
/// counts them. A node's mark is where it starts: its anchor or tag if it has one, else its first character.
public struct YAMLMark: Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in Unicode scalars.
    public var column: Int

    /// The position at `line` and `column` (both from 1).
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
