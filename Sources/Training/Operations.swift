import Foundation

/// One-argument operations. Each op's forward rule sits beside its derivative rule.
///
/// exp, log, sin, cos, tanh and sigmoid are ``VectorMath``'s kernels (the same bits on every platform, ≤ 2 ulp);
/// tan, atan and `pow` are the platform's libm.
public enum UnaryOp: String, Sendable, Hashable, CaseIterable, Codable {
    case neg, sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, atan

    /// The function name in formulas (`neg` is written as unary minus).
    public var name: String { rawValue }

    /// f(a).
    @inline(__always)
    public func forward(_ a: Double) -> Double {
        switch self {
        case .neg: -a
        case .sin: VectorMath.sin(a)
        case .cos: VectorMath.cos(a)
        case .tan: Foundation.tan(a)
        case .exp: VectorMath.exp(a)
        case .log: VectorMath.log(a)
        case .sqrt: a.squareRoot()
        case .abs: Swift.abs(a)
        case .tanh: VectorMath.tanh(a)
        case .sigmoid: VectorMath.sigmoid(a)
        case .atan: Foundation.atan(a)
        }
    }

    /// f′(a), given the forward result `fa` = f(a) (reused where it is cheaper).
    @inline(__always)
    public func derivative(_ a: Double, result fa: Double) -> Double {
        switch self {
        case .neg: -1
        case .sin: VectorMath.cos(a)
        case .cos: -VectorMath.sin(a)
        case .tan: 1 + fa * fa
        case .exp: fa
        case .log: 1 / a
        case .sqrt: 0.5 / fa
        case .abs: a > 0 ? 1 : (a < 0 ? -1 : 0)
        case .tanh: 1 - fa * fa
        case .sigmoid: fa * (1 - fa)
        case .atan: 1 / (1 + a * a)
        }
    }
}

/// Two-argument operations. Each op's forward rule sits beside its partial-derivative rule.
public enum BinaryOp: String, Sendable, Hashable, CaseIterable, Codable {
    case add, sub, mul, div, pow, min, max

    /// f(a, b).
    @inline(__always)
    public func forward(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: a + b
        case .sub: a - b
        case .mul: a * b
        case .div: a / b
        case .pow: Foundation.pow(a, b)
        case .min: Swift.min(a, b)
        case .max: Swift.max(a, b)
        }
    }

    /// (∂f/∂a, ∂f/∂b), given the forward result `fab` = f(a, b).
    @inline(__always)
    public func partials(_ a: Double, _ b: Double, result fab: Double) -> (Double, Double) {
        switch self {
        case .add: (1, 1)
        case .sub: (1, -1)
        case .mul: (b, a)
        case .div: (1 / b, -fab / b)
        case .pow:
            // d/da a^b = b·a^(b−1); d/db a^b = a^b·ln a, taken as 0 where a^b = 0 (the limit for a → 0⁺).
            (b == 0 ? 0 : b * Foundation.pow(a, b - 1), fab == 0 ? 0 : fab * VectorMath.log(a))
        case .min: a <= b ? (1, 0) : (0, 1)
        case .max: a >= b ? (1, 0) : (0, 1)
        }
    }
}
