/// Where the training data comes from.
public enum DataSource: Sendable, Equatable {
    /// Synthetic data drawn with the run's generator.
    case generated(DataGenerator)
    /// Data the caller loaded (for example from a CSV file).
    case provided(Dataset)
}

/// Everything that determines a training run. Equal configs give bit-identical runs.
public struct TrainingConfig: Sendable, Equatable {
    /// Seed of the run's xoshiro256** generator (noise first, then initial parameters).
    public var seed: UInt64
    public var data: DataSource
    public var model: Model
    public var loss: Loss
    public var optimizer: OptimizerKind
    public var learningRate: Double
    public var epochs: Int
    /// Initial values that replace the random draws for the named parameters.
    public var initialValues: [String: Double]
    /// Train on standardized x and y (mean 0, standard deviation 1).
    public var normalize: Bool

    /// The blog's run: 100 points of 20x² + 5x − 3 + N(0, 1), f(x) = ax² + bx + c, MSE, SGD lr 1e-3, 15000 epochs.
    public init(
        seed: UInt64 = 0, data: DataSource = .generated(.blog), model: Model = .quadratic, loss: Loss = .mse,
        optimizer: OptimizerKind = .sgd, learningRate: Double = 1e-3, epochs: Int = 15000,
        initialValues: [String: Double] = [:], normalize: Bool = false
    ) {
        self.seed = seed
        self.data = data
        self.model = model
        self.loss = loss
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.epochs = epochs
        self.initialValues = initialValues
        self.normalize = normalize
    }

    /// The generator, when the data is generated.
    public var generator: DataGenerator? {
        if case .generated(let g) = data { g } else { nil }
    }

    /// Problems with the values, each naming the setting; empty when the config can run.
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if !(learningRate > 0 && learningRate.isFinite) { errors.append("lr must be a positive number, got \(learningRate)") }
        if epochs < 1 { errors.append("epochs must be at least 1, got \(epochs)") }
        if epochs > 100_000_000 { errors.append("epochs must be at most 100000000, got \(epochs)") }
        switch data {
        case .generated(let g):
            if g.points < 2 { errors.append("points must be at least 2, got \(g.points)") }
            if g.points > 100_000_000 { errors.append("points must be at most 100000000, got \(g.points)") }
            if !(g.noise >= 0 && g.noise.isFinite) { errors.append("noise must be zero or positive, got \(g.noise)") }
            if !(g.xRange.lowerBound.isFinite && g.xRange.upperBound.isFinite) { errors.append("x-range must be finite") }
            if !g.truth.parameterNames.isEmpty {
                errors.append("generate: the formula may only use x, constants and functions; found parameter(s) "
                    + g.truth.parameterNames.joined(separator: ", "))
            }
        case .provided(let d):
            if d.count < 2 { errors.append("data: at least 2 rows are needed to fit a model, got \(d.count)") }
        }
        for name in initialValues.keys.sorted() where !model.parameterNames.contains(name) {
            errors.append("init: '\(name)' is not a parameter of the model; its parameters are "
                + model.parameterNames.joined(separator: ", "))
        }
        for (name, value) in initialValues.sorted(by: { $0.key < $1.key }) where !value.isFinite {
            errors.append("init: the value of '\(name)' must be a finite number")
        }
        if model.parameterNames.isEmpty { errors.append("model: the formula has no trainable parameters") }
        switch optimizer {
        case .sgd: break
        case .momentum(let m, _):
            if !(m >= 0 && m < 1) { errors.append("momentum must be in [0, 1), got \(m)") }
        case .adam(let b1, let b2, let eps):
            if !(b1 >= 0 && b1 < 1) { errors.append("beta1 must be in [0, 1), got \(b1)") }
            if !(b2 >= 0 && b2 < 1) { errors.append("beta2 must be in [0, 1), got \(b2)") }
            if !(eps > 0 && eps.isFinite) { errors.append("eps must be a positive number, got \(eps)") }
        }
        if case .huber(let delta) = loss, !(delta > 0 && delta.isFinite) {
            errors.append("huber-delta must be a positive number, got \(delta)")
        }
        return errors
    }
}
