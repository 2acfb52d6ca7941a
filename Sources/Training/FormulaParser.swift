/// A formula that could not be parsed: what was expected, where, and the formula with a caret under the column.
public struct FormulaError: Error, Equatable, CustomStringConvertible {
    public var formula: String
    /// 1-based column (in characters) of the offending token.
    public var column: Int
    public var message: String

    public var description: String {
        let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
        return "invalid formula at column \(column): \(message)\n  \(formula)\n  \(caret)"
    }
}

/// Parses formulas such as `a*x^2 + b*x + c` into an `Expr`.
///
/// Grammar (precedence as in mathematics; `^` is right-associative and binds tighter than unary minus, so
/// `-x^2` is `-(x^2)` and `2^-1` is allowed):
///
///     sum     := product (("+" | "-") product)*
///     product := unary (("*" | "/") unary)*
///     unary   := ("-" | "+") unary | power
///     power   := primary ("^" unary)?
///     primary := number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
///
/// Names: the input variable (`x` by default); constants `pi` and `e`; functions `Formula.functions`;
/// every other name is a trainable parameter.
public enum Formula {
    /// Known one-argument functions.
    public static let unaryFunctions: [String: UnaryOp] = [
        "sin": .sin, "cos": .cos, "tan": .tan, "exp": .exp, "log": .log, "sqrt": .sqrt, "abs": .abs,
        "tanh": .tanh, "sigmoid": .sigmoid, "atan": .atan,
    ]
    /// Known two-argument functions.
    public static let binaryFunctions: [String: BinaryOp] = ["pow": .pow, "min": .min, "max": .max]
    /// Every function name, sorted, for error messages.
    public static var functions: [String] { (Array(unaryFunctions.keys) + Array(binaryFunctions.keys)).sorted() }
    public static let constants: [String: Double] = ["pi": Double.pi, "e": 2.718281828459045]
    /// Longest formula accepted, in characters.
    public static let maximumLength = 4096
    /// Deepest nesting of parentheses, calls, unary signs and powers accepted.
    public static let maximumDepth = 128

    /// Parses `text`; identifiers in `variables` become data variables, the rest parameters.
    public static func parse(_ text: String, variables: Set<String> = ["x"]) throws(FormulaError) -> Expr {
        var parser = Parser(text: text, variables: variables)
        return try parser.parseAll()
    }
}

private struct Token: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        case symbol(Character)
        case end
    }
    var kind: Kind
    /// 1-based column of the token's first character.
    var column: Int
}

private struct Parser {
    let text: String
    let variables: Set<String>
    var tokens: [Token] = []
    var position = 0
    /// Current nesting depth (parentheses, calls, signs, powers), bounded so deep input cannot exhaust the stack.
    var depth = 0

    mutating func descend(at column: Int) throws(FormulaError) {
        depth += 1
        if depth > Formula.maximumDepth {
            throw fail("the formula nests deeper than \(Formula.maximumDepth) levels", at: column)
        }
    }

    init(text: String, variables: Set<String>) {
        self.text = text
        self.variables = variables
    }

    func fail(_ message: String, at column: Int) -> FormulaError {
        FormulaError(formula: text, column: column, message: message)
    }

    mutating func tokenize() throws(FormulaError) {
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if c == " " || c == "\t" {
                i += 1
            } else if c.isASCII && (c.isNumber || c == ".") {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                        while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
                        j = k
                    }
                }
                let literal = String(chars[i..<j])
                guard let value = Double(literal), value.isFinite else {
                    throw fail("'\(literal)' is not a number", at: column)
                }
                tokens.append(Token(kind: .number(value), column: column))
                i = j
            } else if c.isASCII && (c.isLetter || c == "_") {
                var j = i
                while j < chars.count, chars[j].isASCII, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                    j += 1
                }
                tokens.append(Token(kind: .name(String(chars[i..<j])), column: column))
                i = j
            } else if "+-*/^(),".contains(c) {
                tokens.append(Token(kind: .symbol(c), column: column))
                i += 1
            } else {
                throw fail("unexpected character '\(c)'; formulas use numbers, names, + - * / ^ ( ) and ,",
                           at: column)
            }
        }
        tokens.append(Token(kind: .end, column: chars.count + 1))
    }

    var current: Token { tokens[position] }

    mutating func accept(_ symbol: Character) -> Bool {
        if current.kind == .symbol(symbol) {
            position += 1
            return true
        }
        return false
    }

    func describe(_ token: Token) -> String {
        switch token.kind {
        case .number(let v): "number \(v)"
        case .name(let n): "'\(n)'"
        case .symbol(let c): "'\(c)'"
        case .end: "the end of the formula"
        }
    }

    mutating func parseAll() throws(FormulaError) -> Expr {
        guard text.count <= Formula.maximumLength else {
            throw fail("the formula is longer than \(Formula.maximumLength) characters", at: Formula.maximumLength + 1)
        }
        try tokenize()
        if current.kind == .end { throw fail("the formula is empty", at: 1) }
        let expr = try parseSum()
        if current.kind != .end {
            throw fail("expected an operator (+ - * / ^) or the end, found \(describe(current))", at: current.column)
        }
        return expr
    }

    mutating func parseSum() throws(FormulaError) -> Expr {
        var lhs = try parseProduct()
        while true {
            if accept("+") { lhs = lhs + (try parseProduct()) }
            else if accept("-") { lhs = lhs - (try parseProduct()) }
            else { return lhs }
        }
    }

    mutating func parseProduct() throws(FormulaError) -> Expr {
        var lhs = try parseUnary()
        while true {
            if accept("*") { lhs = lhs * (try parseUnary()) }
            else if accept("/") { lhs = lhs / (try parseUnary()) }
            else { return lhs }
        }
    }

    mutating func parseUnary() throws(FormulaError) -> Expr {
        try descend(at: current.column)
        defer { depth -= 1 }
        if accept("-") {
            let operand = try parseUnary()
            if case .constant(let v) = operand { return .constant(-v) }
            return -operand
        }
        if accept("+") { return try parseUnary() }
        return try parsePower()
    }

    mutating func parsePower() throws(FormulaError) -> Expr {
        let base = try parsePrimary()
        if accept("^") { return base ** (try parseUnary()) }
        return base
    }

    mutating func parsePrimary() throws(FormulaError) -> Expr {
        let token = current
        switch token.kind {
        case .number(let v):
            position += 1
            return .constant(v)
        case .symbol("("):
            position += 1
            try descend(at: token.column)
            defer { depth -= 1 }
            let inner = try parseSum()
            guard accept(")") else {
                throw fail("expected ')' to close the '(' at column \(token.column), found \(describe(current))",
                           at: current.column)
            }
            return inner
        case .name(let name):
            position += 1
            if current.kind == .symbol("(") {
                return try parseCall(name, at: token.column)
            }
            if variables.contains(name) { return .variable(name) }
            if let value = Formula.constants[name] { return .constant(value) }
            if Formula.unaryFunctions[name] != nil || Formula.binaryFunctions[name] != nil {
                throw fail("function '\(name)' needs its argument in parentheses, as \(name)(...)", at: token.column)
            }
            return .parameter(name)
        default:
            throw fail("expected a number, a name or '(', found \(describe(token))", at: token.column)
        }
    }

    mutating func parseCall(_ name: String, at column: Int) throws(FormulaError) -> Expr {
        let open = current.column
        try descend(at: open)
        defer { depth -= 1 }
        position += 1  // "("
        var args: [Expr] = []
        if current.kind != .symbol(")") {
            args.append(try parseSum())
            while accept(",") { args.append(try parseSum()) }
        }
        guard accept(")") else {
            throw fail("expected ',' or ')' to close the '(' at column \(open), found \(describe(current))",
                       at: current.column)
        }
        if let op = Formula.unaryFunctions[name] {
            guard args.count == 1 else {
                throw fail("\(name) takes 1 argument, got \(args.count)", at: column)
            }
            return .unary(op, args[0])
        }
        if let op = Formula.binaryFunctions[name] {
            guard args.count == 2 else {
                throw fail("\(name) takes 2 arguments, got \(args.count)", at: column)
            }
            return .binary(op, args[0], args[1])
        }
        let what = variables.contains(name) ? "'\(name)' is the input variable, not a function"
            : Formula.constants[name] != nil ? "'\(name)' is a constant, not a function"
            : "unknown function '\(name)' (other names are parameters, which cannot be called)"
        throw fail(what + "; known functions: " + Formula.functions.joined(separator: ", "), at: column)
    }
}
