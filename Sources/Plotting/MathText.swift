/// Text with matplotlib-style mathtext: spans between unescaped `$` signs are TeX-like math.
///
/// Like matplotlib, a string is math only when it holds an even, non-zero number of unescaped `$`;
/// otherwise it is drawn as-is (with `\$` shown as `$`). Outside the math spans `\$` is a dollar sign.
struct MathText: Equatable {
    /// A run of ordinary text or a math span.
    enum Segment: Equatable {
        case plain(String)
        case math([MathNode])
    }

    var segments: [Segment]

    /// Whether any segment is a math span (measuring and drawing need the math layout).
    var containsMath: Bool {
        segments.contains { if case .math = $0 { return true } else { return false } }
    }

    /// Whether `text` would be parsed as math (matplotlib's `is_math_text`).
    static func isMath(_ text: String) -> Bool {
        guard text.contains("$") else { return false }
        let count = dollarPositions(Array(text)).count
        return count > 0 && count % 2 == 0
    }

    /// Splits `text` into plain and math segments and parses the math.
    static func parse(_ text: String) -> MathText {
        let characters = Array(text)
        let dollars = dollarPositions(characters)
        guard !dollars.isEmpty, dollars.count % 2 == 0 else {
            return MathText(segments: text.isEmpty ? [] : [.plain(unescapeDollars(characters[...]))])
        }
        var segments: [Segment] = []
        var start = 0
        for pair in stride(from: 0, to: dollars.count, by: 2) {
            let open = dollars[pair], close = dollars[pair + 1]
            if open > start { segments.append(.plain(unescapeDollars(characters[start..<open]))) }
            var parser = MathParser(characters[(open + 1)..<close])
            segments.append(.math(parser.parseAll()))
            start = close + 1
        }
        if start < characters.count { segments.append(.plain(unescapeDollars(characters[start...]))) }
        return MathText(segments: segments)
    }

    /// Indices of the `$` signs not preceded by a backslash.
    private static func dollarPositions(_ characters: [Character]) -> [Int] {
        characters.indices.filter { characters[$0] == "$" && ($0 == 0 || characters[$0 - 1] != "\\") }
    }

    private static func unescapeDollars(_ characters: ArraySlice<Character>) -> String {
        String(characters).replacingOccurrences(of: "\\$", with: "$")
    }
}

/// A node of the math AST.
indirect enum MathNode: Equatable {
    /// One symbol (usually one character) in a font style.
    case symbol(String, MathFontStyle)
    /// Upright text kept as written, spaces included (`\text{…}`).
    case text(String)
    /// Horizontal space in units of the width of "m" at the current size.
    case space(Double)
    /// A braced group.
    case group([MathNode])
    /// A nucleus (possibly empty) with a subscript and/or a superscript, drawn at 70 %.
    case scripts(base: MathNode?, sub: [MathNode]?, sup: [MathNode]?)
    /// An accent above its argument, e.g. `\hat{y}`.
    case accent(MathAccent, [MathNode])
}

/// The two faces math uses: italic (DejaVu Sans Oblique) for letters, upright for the rest.
enum MathFontStyle: Equatable {
    case italic, upright
}

/// Accents drawn above a nucleus.
enum MathAccent: String, Equatable, CaseIterable {
    case hat, bar, tilde, dot, vec

    /// The spacing glyph drawn above the nucleus.
    var glyph: String {
        switch self {
        case .hat: return "\u{02C6}"
        case .bar: return "\u{00AF}"
        case .tilde: return "\u{02DC}"
        case .dot: return "\u{02D9}"
        case .vec: return "\u{2192}"
        }
    }
}

/// A recursive-descent parser for one math span (the text between two `$`).
struct MathParser {
    /// The face symbols get: `.automatic` is matplotlib's default (letters italic, Greek capitals
    /// and everything else upright); `\mathrm{…}` and `\mathit{…}` override it.
    private enum FontMode { case automatic, upright, italic }

    private let characters: [Character]
    private var index: Int
    private var mode: FontMode = .automatic
    private var scriptDepth = 0

    init(_ characters: ArraySlice<Character>) {
        self.characters = Array(characters)
        self.index = 0
    }

    /// Parses the whole span.
    mutating func parseAll() -> [MathNode] {
        var nodes: [MathNode] = []
        while index < characters.count {
            if characters[index] == "}" { index += 1; continue }  // stray closing brace
            nodes += parseItem(in: nodes)
        }
        return nodes
    }

    /// Parses `{…}` contents up to the matching brace (the opening brace already consumed).
    private mutating func parseGroupBody() -> [MathNode] {
        var nodes: [MathNode] = []
        while index < characters.count {
            if characters[index] == "}" { index += 1; return nodes }
            nodes += parseItem(in: nodes)
        }
        return nodes
    }

    /// One item plus any `_`/`^` scripts attached to it. `previous` is what precedes it in the list.
    private mutating func parseItem(in previous: [MathNode]) -> [MathNode] {
        let c = characters[index]
        if c == "_" || c == "^" {
            // A script with no nucleus before it (e.g. at the start of a group).
            return [parseScripts(base: nil)]
        }
        var atom = parseAtom(previous: previous)
        guard !atom.isEmpty else { return [] }
        skipSpaces()
        if index < characters.count, characters[index] == "_" || characters[index] == "^" {
            let base = atom.removeLast()
            atom.append(parseScripts(base: base))
        }
        return atom
    }

    private mutating func parseScripts(base: MathNode?) -> MathNode {
        var sub: [MathNode]?
        var sup: [MathNode]?
        while index < characters.count, characters[index] == "_" || characters[index] == "^" {
            let isSub = characters[index] == "_"
            index += 1
            skipSpaces()
            scriptDepth += 1
            let argument = parseArgument()
            scriptDepth -= 1
            if isSub { sub = (sub ?? []) + argument } else { sup = (sup ?? []) + argument }
            skipSpaces()
        }
        return .scripts(base: base, sub: sub, sup: sup)
    }

    /// A braced group, a command, or a single character (the argument of a script or command).
    private mutating func parseArgument() -> [MathNode] {
        guard index < characters.count else { return [] }
        if characters[index] == "{" {
            index += 1
            return parseGroupBody()
        }
        return parseAtom(previous: [])
    }

    /// One atom: a symbol with any spacing around it, a group, a command, or nothing for spaces.
    /// Binary operators and relations get 0.2 em of space each side, punctuation 0.2 em after,
    /// except inside scripts and (for binary operators) at the start of a group.
    private mutating func parseAtom(previous: [MathNode]) -> [MathNode] {
        let c = characters[index]
        switch c {
        case " ", "\t", "\n":
            index += 1
            return []
        case "{":
            index += 1
            return [.group(parseGroupBody())]
        case "\\":
            return parseCommand(previous: previous)
        case "~":
            index += 1
            return [.space(MathParser.spaceWidths["~"] ?? 0.33333)]
        default:
            index += 1
            let symbol = MathNode.symbol(c == "-" ? "\u{2212}" : String(c), style(for: c))
            return spaced(symbol, character: c, previous: previous)
        }
    }

    private mutating func parseCommand(previous: [MathNode]) -> [MathNode] {
        index += 1  // the backslash
        guard index < characters.count else { return [.symbol("\\", .upright)] }
        let first = characters[index]
        if !first.isLetter {
            index += 1
            let name = "\\" + String(first)
            if let width = MathParser.spaceWidths[name] { return [.space(width)] }
            // \$ \{ \} \_ \% \# \& and friends: the character itself.
            return [.symbol(String(first), .upright)]
        }
        var name = ""
        while index < characters.count, characters[index].isLetter {
            name.append(characters[index])
            index += 1
        }
        if let width = MathParser.spaceWidths["\\" + name] { return [.space(width)] }
        if let accent = MathAccent(rawValue: name) {
            skipSpaces()
            return [.accent(accent, parseArgument())]
        }
        switch name {
        case "mathrm", "mathdefault", "mathit", "mathsf", "mathtt", "mathbf", "mathcal", "mathbb", "mathfrak",
             "operatorname", "boldsymbol":
            // Only upright and italic faces exist here: the other alphabets fall back to one of them.
            skipSpaces()
            let saved = mode
            mode = name == "mathit" || name == "boldsymbol" ? .italic : .upright
            let body = parseArgument()
            mode = saved
            return [.group(body)]
        case "text", "textrm", "mbox":
            skipSpaces()
            return [.text(parseRawArgument())]
        default:
            break
        }
        if let symbol = MathSymbols.greek[name] {
            let isCapital = symbol.first.map { $0.isUppercase } ?? false
            let style: MathFontStyle = mode == .upright || (mode == .automatic && isCapital) ? .upright : .italic
            return [.symbol(symbol, style)]
        }
        if let symbol = MathSymbols.binaryOperators[name] {
            return spaced(.symbol(symbol, .upright), binary: true, previous: previous)
        }
        if let symbol = MathSymbols.relations[name] {
            return spaced(.symbol(symbol, .upright), binary: false, previous: previous)
        }
        if let symbol = MathSymbols.other[name] {
            return [.symbol(symbol, .upright)]
        }
        if MathSymbols.functionNames.contains(name) {
            return name.map { .symbol(String($0), .upright) }
        }
        // Unknown command: show it literally rather than dropping it.
        return [.symbol("\\" + name, .upright)]
    }

    /// The text of a `{…}` argument kept verbatim (nested braces included), or one character.
    private mutating func parseRawArgument() -> String {
        guard index < characters.count else { return "" }
        guard characters[index] == "{" else {
            index += 1
            return String(characters[index - 1])
        }
        index += 1
        var depth = 1
        var text = ""
        while index < characters.count {
            let c = characters[index]
            index += 1
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1; if depth == 0 { break } }
            text.append(c)
        }
        return text
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    }

    private func style(for c: Character) -> MathFontStyle {
        switch mode {
        case .upright: return .upright
        case .italic: return c.isLetter ? .italic : .upright
        case .automatic: return c.isLetter && !c.isGreekCapital ? .italic : .upright
        }
    }

    /// `symbol` with matplotlib's spacing for the ASCII operator/punctuation `character`.
    private func spaced(_ symbol: MathNode, character: Character, previous: [MathNode]) -> [MathNode] {
        if MathParser.binaryCharacters.contains(character) {
            return spaced(symbol, binary: true, previous: previous)
        }
        if MathParser.relationCharacters.contains(character) {
            return spaced(symbol, binary: false, previous: previous)
        }
        if MathParser.punctuationCharacters.contains(character), scriptDepth == 0 {
            // No space in decimal numbers such as 0.5.
            let next = index < characters.count ? characters[index] : " "
            if character == ".", previous.last?.isDigit == true, next.isNumber { return [symbol] }
            return [symbol, .space(0.2)]
        }
        return [symbol]
    }

    private func spaced(_ symbol: MathNode, binary: Bool, previous: [MathNode]) -> [MathNode] {
        if scriptDepth > 0 { return [symbol] }
        // A binary operator at the start of a group or after an opening delimiter is a sign.
        // (TeX also treats one right after another operator as a sign, as in "a = −b".)
        if binary {
            let last = previous.last { node in
                if case .space = node { return false }
                return true
            }
            guard let last else { return [symbol] }
            if case .symbol(let text, _) = last, ["(", "[", "|", "{"].contains(text) { return [symbol] }
            if last.isBinaryOrRelation { return [symbol] }
        }
        return [.space(0.2), symbol, .space(0.2)]
    }

    private static let binaryCharacters: Set<Character> = ["+", "-", "*"]
    private static let relationCharacters: Set<Character> = ["=", "<", ">", ":"]
    private static let punctuationCharacters: Set<Character> = [",", ";", ".", "!"]

    /// TeX spacing commands in units of the width of "m" (matplotlib's `_space_widths`).
    static let spaceWidths: [String: Double] = [
        "\\,": 0.16667, "\\thinspace": 0.16667, "\\/": 0.16667, "\\>": 0.22222, "\\:": 0.22222,
        "\\;": 0.27778, "\\ ": 0.33333, "~": 0.33333, "\\enspace": 0.5, "\\quad": 1, "\\qquad": 2,
        "\\!": -0.16667,
    ]
}

extension MathNode {
    /// Whether the node is a digit symbol (for decimal points that get no space).
    fileprivate var isDigit: Bool {
        if case .symbol(let text, _) = self, let c = text.first, text.count == 1 { return c.isNumber }
        return false
    }

    /// Whether the node is a (spaced) operator symbol, so a following "−" reads as a sign.
    fileprivate var isBinaryOrRelation: Bool {
        guard case .symbol(let text, .upright) = self else { return false }
        return MathSymbols.spacedSymbols.contains(text)
    }
}

extension Character {
    /// Greek capital letters are upright in math (matplotlib's rule for its `it` font).
    fileprivate var isGreekCapital: Bool {
        guard let scalar = unicodeScalars.first else { return false }
        return (0x0391...0x03A9).contains(scalar.value)
    }
}
