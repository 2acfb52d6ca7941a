/// A scalar expression over data variables (such as `x` and `y`) and trainable parameters.
///
/// A plain value: models and losses are written as ordinary Swift expressions over `Expr`
/// (`a * x ** 2 + b * x + c`), and `Program` compiles one into a flat instruction list that evaluates it, and its
/// gradient with respect to every parameter by reverse-mode differentiation, over blocks of data.
public indirect enum Expr: Sendable, Hashable {
    case constant(Double)
    /// An input column of the data set, such as `x` or `y`.
    case variable(String)
    /// A trainable parameter.
    case parameter(String)
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)

    /// Parameter names in order of first appearance (left to right).
    public var parameterNames: [String] { names { if case .parameter(let n) = $0 { n } else { nil } } }

    /// Variable names in order of first appearance (left to right).
    public var variableNames: [String] { names { if case .variable(let n) = $0 { n } else { nil } } }

    private func names(_ pick: (Expr) -> String?) -> [String] {
        var seen: [String] = []
        var known: Set<String> = []
        func visit(_ e: Expr) {
            if let name = pick(e), known.insert(name).inserted { seen.append(name) }
            switch e {
            case .unary(_, let a): visit(a)
            case .binary(_, let a, let b): visit(a); visit(b)
            default: break
            }
        }
        visit(self)
        return seen
    }

    /// The expression with every occurrence of the leaf `leaf` (a variable, parameter or constant) replaced by
    /// `replacement`.
    public func substituting(_ leaf: Expr, with replacement: Expr) -> Expr {
        switch self {
        case .constant, .variable, .parameter: return self == leaf ? replacement : self
        case .unary(let op, let a): return .unary(op, a.substituting(leaf, with: replacement))
        case .binary(let op, let a, let b):
            return .binary(op, a.substituting(leaf, with: replacement), b.substituting(leaf, with: replacement))
        }
    }

    /// The expression with every occurrence of `variable` replaced by `replacement`.
    public func substituting(variable name: String, with replacement: Expr) -> Expr {
        substituting(.variable(name), with: replacement)
    }
}

// MARK: - Building expressions with ordinary Swift operators

infix operator ** : ExponentiationPrecedence
precedencegroup ExponentiationPrecedence {
    associativity: right
    higherThan: MultiplicationPrecedence
}

extension Expr: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public init(floatLiteral value: Double) { self = .constant(value) }
    public init(integerLiteral value: Int) { self = .constant(Double(value)) }

    public static func + (a: Expr, b: Expr) -> Expr { .binary(.add, a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { .binary(.sub, a, b) }
    public static func * (a: Expr, b: Expr) -> Expr { .binary(.mul, a, b) }
    public static func / (a: Expr, b: Expr) -> Expr { .binary(.div, a, b) }
    public static func ** (a: Expr, b: Expr) -> Expr { .binary(.pow, a, b) }
    public static prefix func - (a: Expr) -> Expr { .unary(.neg, a) }

    public static func sin(_ a: Expr) -> Expr { .unary(.sin, a) }
    public static func cos(_ a: Expr) -> Expr { .unary(.cos, a) }
    public static func tan(_ a: Expr) -> Expr { .unary(.tan, a) }
    public static func exp(_ a: Expr) -> Expr { .unary(.exp, a) }
    public static func log(_ a: Expr) -> Expr { .unary(.log, a) }
    public static func sqrt(_ a: Expr) -> Expr { .unary(.sqrt, a) }
    public static func abs(_ a: Expr) -> Expr { .unary(.abs, a) }
    public static func tanh(_ a: Expr) -> Expr { .unary(.tanh, a) }
    public static func sigmoid(_ a: Expr) -> Expr { .unary(.sigmoid, a) }
    public static func atan(_ a: Expr) -> Expr { .unary(.atan, a) }
    public static func pow(_ a: Expr, _ b: Expr) -> Expr { .binary(.pow, a, b) }
}

extension Expr: CustomStringConvertible {
    /// The expression in the formula syntax (`a*x^2 + b*x + c`), parenthesised where precedence needs it.
    public var description: String { render(parentPrecedence: 0) }

    private var precedence: Int {
        switch self {
        case .binary(.add, _, _), .binary(.sub, _, _): 1
        case .binary(.mul, _, _), .binary(.div, _, _): 2
        case .unary(.neg, _): 3
        case .binary(.pow, _, _): 4
        case .constant(let v) where v < 0: 3
        default: 5
        }
    }

    private func render(parentPrecedence: Int) -> String {
        let text: String
        switch self {
        case .constant(let v): text = Expr.format(v)
        case .variable(let n), .parameter(let n): text = n
        // A sign before a sign needs no parentheses (`--x`), nor does a signed exponent (`2^-x`): the grammar's
        // `unary` allows both, and the printed form then nests no deeper than the text it was parsed from (so it
        // parses again within `Formula.maximumDepth`).
        case .unary(.neg, let a):
            if case .unary(.neg, _) = a { text = "-" + a.render(parentPrecedence: 3) }
            else { text = "-" + a.render(parentPrecedence: 4) }
        case .unary(let op, let a): text = "\(op.name)(\(a.render(parentPrecedence: 0)))"
        case .binary(let op, let a, let b):
            let p = precedence
            switch op {
            case .pow: text = a.render(parentPrecedence: p + 1) + "^" + b.render(parentPrecedence: b.isSigned ? 3 : p)
            case .add: text = a.render(parentPrecedence: p) + " + " + b.render(parentPrecedence: p + 1)
            case .sub: text = a.render(parentPrecedence: p) + " - " + b.render(parentPrecedence: p + 1)
            case .mul: text = a.render(parentPrecedence: p) + "*" + b.render(parentPrecedence: p + 1)
            case .div: text = a.render(parentPrecedence: p) + "/" + b.render(parentPrecedence: p + 1)
            case .min, .max:
                text = "\(op.rawValue)(\(a.render(parentPrecedence: 0)), \(b.render(parentPrecedence: 0)))"
            }
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }

    /// A negation or a negative constant: printed with a leading `-`.
    private var isSigned: Bool {
        switch self {
        case .unary(.neg, _): true
        case .constant(let v): v < 0
        default: false
        }
    }

    private static func format(_ v: Double) -> String {
        if v == v.rounded(), Swift.abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
