/// One step of a compiled `Program`: an operation on the results of earlier instructions.
public enum Instruction: Sendable, Hashable {
    case constant(Double)
    /// Reads data column `index` (in `Program.variableNames` order).
    case variable(Int)
    /// Reads parameter `index` (in `Program.parameterNames` order).
    case parameter(Int)
    case unary(UnaryOp, Int)
    case binary(BinaryOp, Int, Int)
    /// `a * a`: the compiled form of `a ^ 2`, the most common power.
    case square(Int)
}

/// Errors raised while compiling an expression.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    case unknownVariable(String, known: [String])
    case unknownParameter(String, known: [String])

    public var description: String {
        switch self {
        case .unknownVariable(let n, let known):
            "unknown variable '\(n)'; the data provides: \(known.joined(separator: ", "))"
        case .unknownParameter(let n, let known):
            "unknown parameter '\(n)'; the model's parameters are: \(known.joined(separator: ", "))"
        }
    }
}

extension Program {
    /// Exponents compiled as multiplications: integers from −16 to 16 except 1 (a^1 stays a `pow`, exactly a).
    public static func isSmallInteger(_ k: Double) -> Bool {
        k == k.rounded() && k.magnitude <= 16 && k != 1
    }
}

/// An expression compiled to a flat instruction list in topological order (each instruction reads only earlier
/// ones; identical subexpressions are computed once). The last instruction is the output.
///
/// `Evaluator` runs it forward over blocks of data points and backward in one reverse sweep (the reference path);
/// `ObjectiveKernel` runs it the fast way for training.
public struct Program: Sendable, Equatable {
    public let instructions: [Instruction]
    public let variableNames: [String]
    public let parameterNames: [String]
    /// `dependsOnParameters[i]`: instruction i's value changes with some parameter (only those need adjoints).
    public let dependsOnParameters: [Bool]

    /// Compiles `expr`; every variable and parameter it uses must be among the given names.
    public init(_ expr: Expr, variables: [String], parameters: [String]) throws(EngineError) {
        var builder = Builder(variables: variables, parameters: parameters)
        _ = try builder.emit(expr)
        self.init(instructions: builder.instructions, variables: variables, parameters: parameters)
    }

    /// Compiles several expressions into one instruction list (shared subexpressions computed once) and returns it
    /// with the instruction index of each expression's value.
    static func compiling(_ exprs: [Expr], variables: [String], parameters: [String]) throws(EngineError)
        -> (program: Program, outputs: [Int])
    {
        var builder = Builder(variables: variables, parameters: parameters)
        var outputs: [Int] = []
        for expr in exprs { outputs.append(try builder.emit(expr)) }
        return (Program(instructions: builder.instructions, variables: variables, parameters: parameters), outputs)
    }

    private init(instructions: [Instruction], variables: [String], parameters: [String]) {
        self.instructions = instructions
        variableNames = variables
        parameterNames = parameters
        var depends: [Bool] = []
        depends.reserveCapacity(instructions.count)
        for inst in instructions {
            switch inst {
            case .constant, .variable: depends.append(false)
            case .parameter: depends.append(true)
            case .unary(_, let a), .square(let a): depends.append(depends[a])
            case .binary(_, let a, let b): depends.append(depends[a] || depends[b])
            }
        }
        dependsOnParameters = depends
    }

    private struct Builder {
        let variables: [String]
        let parameters: [String]
        var instructions: [Instruction] = []
        var index: [Instruction: Int] = [:]
        /// Name → position, so a network's thousands of parameters compile in linear time.
        let variableIndex: [String: Int]
        let parameterIndex: [String: Int]

        init(variables: [String], parameters: [String]) {
            self.variables = variables
            self.parameters = parameters
            variableIndex = Dictionary(variables.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            parameterIndex = Dictionary(parameters.enumerated().map { ($1, $0) },
                                        uniquingKeysWith: { first, _ in first })
        }

        mutating func add(_ inst: Instruction) -> Int {
            if let existing = index[inst] { return existing }
            instructions.append(inst)
            index[inst] = instructions.count - 1
            return instructions.count - 1
        }

        /// a^k for an integer 0 < |k| ≤ 16 by multiplication: binary powering from the lowest bit (a² as `square`),
        /// then 1/… for k < 0. The same bits on every platform (libm's `pow` is not), within about one ulp per
        /// multiplication. a^0 is 1 (as `pow` gives for every a, NaN included).
        mutating func integerPower(_ a: Int, _ k: Int) -> Int {
            guard k != 0 else { return add(.constant(1)) }
            var base = a
            var result: Int?
            var e = k.magnitude
            while e > 0 {
                if e & 1 == 1 { result = result.map { add(.binary(.mul, $0, base)) } ?? base }
                e >>= 1
                if e > 0 { base = add(.square(base)) }
            }
            let power = result ?? a
            return k > 0 ? power : add(.binary(.div, add(.constant(1)), power))
        }

        mutating func emit(_ expr: Expr) throws(EngineError) -> Int {
            switch expr {
            case .constant(let v): return add(.constant(v))
            case .variable(let n):
                guard let i = variableIndex[n] else { throw .unknownVariable(n, known: variables) }
                return add(.variable(i))
            case .parameter(let n):
                guard let i = parameterIndex[n] else { throw .unknownParameter(n, known: parameters) }
                return add(.parameter(i))
            case .unary(let op, let a): return add(.unary(op, try emit(a)))
            case .binary(.pow, let a, .constant(let k)) where Program.isSmallInteger(k):
                return integerPower(try emit(a), Int(k))
            case .binary(let op, let a, let b):
                let ia = try emit(a)
                return add(.binary(op, ia, try emit(b)))
            }
        }
    }
}
