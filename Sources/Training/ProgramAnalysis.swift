/// How an instruction's value varies, which decides where the fast path computes it.
enum Variation: Equatable {
    /// No data variable: one value per epoch (constants, parameters and functions of them).
    case uniform
    /// Data but no parameter: one fixed value per data point for the whole run.
    case data
    /// Data and parameters: recomputed at every point in every epoch.
    case varying
}

extension Program {
    /// The `Variation` of every instruction.
    var variations: [Variation] {
        var usesData: [Bool] = []
        usesData.reserveCapacity(instructions.count)
        for inst in instructions {
            switch inst {
            case .constant, .parameter: usesData.append(false)
            case .variable: usesData.append(true)
            case .unary(_, let a), .square(let a): usesData.append(usesData[a])
            case .binary(_, let a, let b): usesData.append(usesData[a] || usesData[b])
            }
        }
        return zip(usesData, dependsOnParameters).map { data, params in
            !data ? .uniform : (params ? .varying : .data)
        }
    }

    /// The expression computed by each instruction (shared subexpressions appear expanded).
    var expressions: [Expr] {
        var exprs: [Expr] = []
        exprs.reserveCapacity(instructions.count)
        for inst in instructions {
            switch inst {
            case .constant(let c): exprs.append(.constant(c))
            case .variable(let k): exprs.append(.variable(variableNames[k]))
            case .parameter(let p): exprs.append(.parameter(parameterNames[p]))
            case .unary(let op, let a): exprs.append(.unary(op, exprs[a]))
            case .square(let a): exprs.append(.binary(.pow, exprs[a], .constant(2)))
            case .binary(let op, let a, let b): exprs.append(.binary(op, exprs[a], exprs[b]))
            }
        }
        return exprs
    }
}

extension Instruction {
    /// The value of this instruction given the values of earlier instructions, with the same arithmetic as
    /// `Evaluator`. Variables are not scalar: `variable` yields NaN.
    @inline(__always)
    func scalarValue(_ values: UnsafePointer<Double>, parameters: UnsafePointer<Double>) -> Double {
        switch self {
        case .constant(let c): c
        case .parameter(let p): parameters[p]
        case .variable: .nan
        case .square(let a): values[a] * values[a]
        case .unary(let op, let a): op.forward(values[a])
        case .binary(let op, let a, let b): op.forward(values[a], values[b])
        }
    }

    /// True for operations whose per-point cost is far above an add or a multiply (library calls, divisions).
    var isExpensive: Bool {
        switch self {
        case .constant, .variable, .parameter, .square: false
        case .unary(let op, _): ![.neg, .abs].contains(op)
        case .binary(let op, _, _): [.div, .pow].contains(op)
        }
    }
}
