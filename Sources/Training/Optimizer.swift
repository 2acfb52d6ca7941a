import Foundation

/// An update rule: given the gradient at the current parameters, move the parameters.
public protocol Optimizer: Sendable {
    /// The step size; a learning-rate schedule changes it between epochs.
    var learningRate: Double { get set }
    /// Applies one update in place.
    mutating func step(parameters: inout [Double], gradient: [Double])
}

/// Plain gradient descent: θ ← θ − lr·∇L (the blog's update, `param -= lr * param.grad`).
public struct SGD: Optimizer, Equatable {
    public var learningRate: Double

    public init(learningRate: Double) { self.learningRate = learningRate }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        for i in parameters.indices { parameters[i] -= learningRate * gradient[i] }
    }
}

/// Gradient descent with momentum, as torch.optim.SGD(momentum: μ, nesterov:) with no dampening:
/// v ← μv + g; θ ← θ − lr·v, or with Nesterov θ ← θ − lr·(g + μv).
public struct Momentum: Optimizer, Equatable {
    public var learningRate: Double
    public var momentum: Double
    public var nesterov: Bool
    /// The velocity buffer (empty before the first step).
    public private(set) var velocity: [Double] = []

    public init(learningRate: Double, momentum: Double = 0.9, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        if velocity.isEmpty { velocity = [Double](repeating: 0, count: parameters.count) }
        for i in parameters.indices {
            velocity[i] = momentum * velocity[i] + gradient[i]
            let direction = nesterov ? gradient[i] + momentum * velocity[i] : velocity[i]
            parameters[i] -= learningRate * direction
        }
    }
}

/// Adam (Kingma & Ba), bias-corrected, the same update as torch.optim.Adam:
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − lr·m̂ / (√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
public struct Adam: Optimizer, Equatable {
    public var learningRate: Double
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    public private(set) var step = 0
    public private(set) var firstMoment: [Double] = []
    public private(set) var secondMoment: [Double] = []

    public init(learningRate: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public mutating func step(parameters: inout [Double], gradient: [Double]) {
        if firstMoment.isEmpty {
            firstMoment = [Double](repeating: 0, count: parameters.count)
            secondMoment = firstMoment
        }
        step += 1
        let t = Double(step)
        let correction1 = 1 - Foundation.pow(beta1, t)
        let correction2 = 1 - Foundation.pow(beta2, t)
        for i in parameters.indices {
            let g = gradient[i]
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g
            let mHat = firstMoment[i] / correction1
            let vHat = secondMoment[i] / correction2
            parameters[i] -= learningRate * mHat / (vHat.squareRoot() + epsilon)
        }
    }
}

/// Which optimizer a run uses, with its settings (everything except the learning rate).
public enum OptimizerKind: Sendable, Equatable, Hashable {
    case sgd
    case momentum(momentum: Double, nesterov: Bool)
    case adam(beta1: Double, beta2: Double, epsilon: Double)

    /// `sgd`, `momentum` or `adam`.
    public var name: String {
        switch self {
        case .sgd: "sgd"
        case .momentum: "momentum"
        case .adam: "adam"
        }
    }

    /// A fresh optimizer (empty state) for `learningRate`.
    public func make(learningRate: Double) -> any Optimizer {
        switch self {
        case .sgd: SGD(learningRate: learningRate)
        case .momentum(let m, let n): Momentum(learningRate: learningRate, momentum: m, nesterov: n)
        case .adam(let b1, let b2, let eps): Adam(learningRate: learningRate, beta1: b1, beta2: b2, epsilon: eps)
        }
    }
}
