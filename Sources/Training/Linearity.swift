/// How an expression depends on the trainable parameters, read off the expression graph.
public enum ParameterDependence: Sendable, Equatable {
    /// No parameter appears.
    case constant
    /// Affine in the parameters: f(θ) = f(0) + Σⱼ θⱼ·gⱼ(x).
    case linear
    case nonlinear

    /// Classifies `expr`. Conservative: `.linear` is returned only when linearity follows from the structure.
    public init(of expr: Expr) {
        switch expr {
        case .constant, .variable: self = .constant
        case .parameter: self = .linear
        case .unary(.neg, let a): self = ParameterDependence(of: a)
        case .unary(_, let a): self = ParameterDependence(of: a) == .constant ? .constant : .nonlinear
        case .binary(let op, let a, let b):
            let da = ParameterDependence(of: a), db = ParameterDependence(of: b)
            switch op {
            case .add, .sub: self = Self.combine(da, db)
            case .mul: self = da == .constant ? db : (db == .constant ? da : .nonlinear)
            case .div: self = db == .constant ? da : .nonlinear
            case .min, .max: self = (da == .constant && db == .constant) ? .constant : .nonlinear
            case .pow:
                if da == .constant && db == .constant { self = .constant }
                else if da == .linear, case .constant(1) = b { self = .linear }
                else { self = .nonlinear }
            }
        }
    }

    private static func combine(_ a: ParameterDependence, _ b: ParameterDependence) -> ParameterDependence {
        if a == .nonlinear || b == .nonlinear { return .nonlinear }
        if a == .linear || b == .linear { return .linear }
        return .constant
    }
}

extension Expr {
    /// True when the expression is a polynomial in `variable` (built from +, −, ×, division by terms free of the
    /// variable, and non-negative integer powers), whatever its dependence on parameters.
    public func isPolynomial(in variable: String) -> Bool {
        switch self {
        case .constant, .parameter, .variable: return true
        case .unary(.neg, let a): return a.isPolynomial(in: variable)
        case .unary(_, let a): return !a.variableNames.contains(variable)
        case .binary(let op, let a, let b):
            switch op {
            case .add, .sub, .mul: return a.isPolynomial(in: variable) && b.isPolynomial(in: variable)
            case .div: return a.isPolynomial(in: variable) && !b.variableNames.contains(variable)
            case .pow:
                if !a.variableNames.contains(variable) && !b.variableNames.contains(variable) { return true }
                if case .constant(let k) = b, k >= 0, k == k.rounded(), k <= 64 { return a.isPolynomial(in: variable) }
                return false
            case .min, .max: return !a.variableNames.contains(variable) && !b.variableNames.contains(variable)
            }
        }
    }
}
