/// Why YAML text could not be composed into a node.
public enum YAMLError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not YAML, as libyaml's reader, scanner or parser (or the composer, for an undefined alias or a
    /// second document) found: `problem` at `mark`, found while reading `context` (such as "while parsing a flow
    /// sequence"), which started at `contextMark`.
    case syntax(context: String?, contextMark: YAMLMark?, problem: String, mark: YAMLMark)
    /// One mapping holds equal keys (see `YAMLNode`'s equality): their texts, sorted (at most ten), and where the
    /// first of the first one is.
    case duplicateKeys([String], mark: YAMLMark)
    /// The document holds more than `limit` nodes, counted with every alias expanded (an alias bomb).
    case tooManyValues(limit: Int)
    /// Nodes nest more than `limit` deep (counting the node at `mark` itself), aliases expanded.
    case tooDeep(limit: Int, mark: YAMLMark)
    /// libyaml could not allocate memory.
    case outOfMemory

    /// Where the problem is, when known.
    public var mark: YAMLMark? {
        switch self {
        case .syntax(_, _, _, let mark), .duplicateKeys(_, let mark), .tooDeep(_, let mark): mark
        case .tooManyValues, .outOfMemory: nil
        }
    }

    /// The problem in words, without `mark`: for a syntax error the context with its position, then the problem,
    /// as in "while parsing a flow sequence in line 1, column 5: did not find expected ',' or ']'".
    public var reason: String {
        switch self {
        case .syntax(let context, let contextMark, let problem, _):
            guard let context else { return problem }
            let at = contextMark.map { " in line \($0.line), column \($0.column)" } ?? ""
            return "\(context)\(at): \(problem)"
        case .duplicateKeys(let keys, _):
            let names = keys.map { "'\($0)'" }.joined(separator: ", ")
            return keys.count == 1 ? "the key \(names) appears twice in one mapping"
                : "the keys \(names) each appear twice in one mapping"
        case .tooManyValues(let limit):
            return "more than \(limit) values once its aliases (*name) are expanded"
        case .tooDeep(let limit, _):
            return "lists and mappings nested more than \(limit) deep"
        case .outOfMemory:
            return "out of memory"
        }
    }

    /// `line L, column C: ` then `reason`.
    public var description: String {
        (mark.map { "line \($0.line), column \($0.column): " } ?? "") + reason
    }
}
