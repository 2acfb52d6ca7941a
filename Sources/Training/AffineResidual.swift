/// A pointwise penalty of a residual, as recognised in a compiled objective.
enum ResidualLoss: Equatable {
    /// r² (mean squared error).
    case squared
    /// |r| (mean absolute error).
    case absolute
    /// ½m² + δ(|r| − m) with m = min(|r|, δ) (`Loss.huber`).
    case huber(delta: Double)
}

/// An objective of the form penalty(r) with a residual r = Σⱼ θ_{pⱼ}·cⱼ(x) + offset(x) that is affine in the
/// parameters, the coefficients cⱼ and the offset being functions of the data only. The squared, absolute and
/// Huber losses of every model that is linear in its parameters (polynomials, `a*sin(x) + b`, …) have this form;
/// their gradient is Σ penalty′(r)·cⱼ, which the fused kernel computes in one pass with the residual in registers.
struct AffineResidual {
    var loss: ResidualLoss
    /// (parameter index, coefficient) in order of appearance; each parameter at most once.
    var terms: [(parameter: Int, coefficient: Expr)]
    /// The part of the residual free of parameters (nil: zero).
    var offset: Expr?

    /// Recognises `program`'s output as a penalty of an affine residual; nil for any other shape.
    init?(_ program: Program) {
        let insts = program.instructions
        guard let out = insts.indices.last else { return nil }
        func constant(_ i: Int) -> Double? { if case .constant(let c) = insts[i] { c } else { nil } }
        let residual: Int
        switch insts[out] {
        case .square(let r):
            residual = r
            loss = .squared
        case .unary(.abs, let r):
            residual = r
            loss = .absolute
        case .binary(.add, let half, let linear):
            // ½·min(|r|, δ)² + δ·(|r| − min(|r|, δ)), as `Loss.huber` writes it.
            guard case .binary(.mul, let c05, let sq) = insts[half], constant(c05) == 0.5,
                  case .square(let m) = insts[sq], case .binary(.min, let size, let d) = insts[m],
                  let delta = constant(d), case .unary(.abs, let r) = insts[size],
                  case .binary(.mul, let d2, let excess) = insts[linear], d2 == d,
                  case .binary(.sub, let size2, let m2) = insts[excess], size2 == size, m2 == m
            else { return nil }
            residual = r
            loss = .huber(delta: delta)
        default:
            return nil
        }
        let exprs = program.expressions
        guard let form = Self.affine(residual, program, exprs), !form.terms.isEmpty else { return nil }
        terms = form.terms
        offset = form.offset
    }

    private typealias Form = (terms: [(parameter: Int, coefficient: Expr)], offset: Expr?)

    /// The affine form of instruction `i`, or nil when it is not affine in the parameters.
    private static func affine(_ i: Int, _ program: Program, _ exprs: [Expr]) -> Form? {
        let needs = program.dependsOnParameters
        if !needs[i] { return ([], exprs[i]) }
        switch program.instructions[i] {
        case .parameter(let p):
            return ([(p, .constant(1))], nil)
        case .unary(.neg, let a):
            return affine(a, program, exprs).map(negate)
        case .binary(.add, let a, let b):
            guard let fa = affine(a, program, exprs), let fb = affine(b, program, exprs) else { return nil }
            return merge(fa, fb, subtract: false)
        case .binary(.sub, let a, let b):
            guard let fa = affine(a, program, exprs), let fb = affine(b, program, exprs) else { return nil }
            return merge(fa, fb, subtract: true)
        case .binary(.mul, let a, let b):
            if !needs[a], let fb = affine(b, program, exprs) { return scale(fb) { product(exprs[a], $0) } }
            if !needs[b], let fa = affine(a, program, exprs) { return scale(fa) { product($0, exprs[b]) } }
            return nil
        case .binary(.div, let a, let b):
            guard !needs[b], let fa = affine(a, program, exprs) else { return nil }
            return scale(fa) { .binary(.div, $0, exprs[b]) }
        default:
            return nil
        }
    }

    private static func negate(_ f: Form) -> Form {
        (f.terms.map { ($0.parameter, Expr.unary(.neg, $0.coefficient)) }, f.offset.map { .unary(.neg, $0) })
    }

    private static func merge(_ a: Form, _ b: Form, subtract: Bool) -> Form {
        var terms = a.terms
        for (p, c) in b.terms {
            if let k = terms.firstIndex(where: { $0.parameter == p }) {
                terms[k].coefficient = .binary(subtract ? .sub : .add, terms[k].coefficient, c)
            } else {
                terms.append((p, subtract ? .unary(.neg, c) : c))
            }
        }
        let offset: Expr?
        switch (a.offset, b.offset) {
        case (nil, nil): offset = nil
        case (let x?, nil): offset = x
        case (nil, let y?): offset = subtract ? .unary(.neg, y) : y
        case (let x?, let y?): offset = .binary(subtract ? .sub : .add, x, y)
        }
        return (terms, offset)
    }

    private static func scale(_ f: Form, _ by: (Expr) -> Expr) -> Form {
        (f.terms.map { ($0.parameter, by($0.coefficient)) }, f.offset.map(by))
    }

    /// x·y, dropping a factor that is exactly 1.
    private static func product(_ x: Expr, _ y: Expr) -> Expr {
        if case .constant(1) = x { return y }
        if case .constant(1) = y { return x }
        return .binary(.mul, x, y)
    }
}
