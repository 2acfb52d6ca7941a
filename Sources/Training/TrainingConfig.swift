/// Where the training data comes from.
public enum DataSource: Sendable, Equatable {
    /// Synthetic data drawn with the run's generator.
    case generated(DataGenerator)
    /// Data the caller loaded (for example from a CSV file).
    case provided(Dataset)
}

/// Where the validation rows come from.
public enum ValidationSource: Sendable, Equatable {
    /// No validation set.
    case none
    /// A seeded random fraction of the data rows, held out from training.
    case fraction(Double)
    /// Rows the caller loaded (for example a second file), with the same inputs as the training data.
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
    /// Rows held out to measure the validation loss each epoch.
    public var validation: ValidationSource = .none
    /// Rows per mini-batch; `nil` trains on all training rows at once (full batch).
    public var batchSize: Int?
    /// How the learning rate changes from epoch to epoch (after `warmup`).
    public var schedule: LearningRateSchedule = .constant
    /// Epochs of linear warm-up before the schedule (0: none).
    public var warmup = 0
    /// Stop after this many epochs without an improvement of the monitored loss larger than `minDelta`
    /// (validation loss, or training loss without a validation set); `nil`: never.
    public var earlyStopPatience: Int?
    public var minDelta = 0.0
    /// Stop when the training loss changed by less than this fraction over the last 100 epochs; `nil`: never.
    public var tolerance: Double?
    /// Scale every gradient down to at most this L2 norm (torch's `clip_grad_norm_`); `nil`: never.
    public var clipGradNorm: Double?
    /// End with the parameters of the epoch with the best monitored loss instead of the last ones.
    public var restoreBest = false

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
        errors += loopErrors()
        if epochs < 0 { errors.append("epochs must be zero (the reference fit alone) or more, got \(epochs)") }
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
            if g.inputCount < 1 || g.inputCount > 100 {
                errors.append("inputs must be between 1 and 100, got \(g.inputCount)")
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

extension TrainingConfig {
    /// The number of data rows before any validation split.
    public var rowCount: Int {
        switch data {
        case .generated(let g): g.points
        case .provided(let d): d.count
        }
    }

    /// Rows held out by a validation fraction: round(fraction × rows), at least 1.
    public static func heldOutCount(fraction: Double, rows: Int) -> Int {
        max(1, Int((fraction * Double(rows)).rounded()))
    }

    /// The rows training uses (all rows unless a fraction is held out).
    public var trainingRowCount: Int {
        if case .fraction(let f) = validation, f > 0, f <= 0.9 { return rowCount - Self.heldOutCount(fraction: f, rows: rowCount) }
        return rowCount
    }

    /// Problems with the loop settings (validation, batches, schedule, stopping), each naming its setting.
    func loopErrors() -> [String] {
        var errors: [String] = []
        switch validation {
        case .none: break
        case .fraction(let f):
            if !(f > 0 && f <= 0.9) {
                errors.append("validation must be a fraction in (0, 0.9], e.g. 0.2, got \(f)")
            } else if trainingRowCount < 2 {
                errors.append("validation: holding out \(rowCount - trainingRowCount) of \(rowCount) rows leaves "
                    + "fewer than 2 training rows; use a smaller fraction or more data")
            }
        case .provided(let v):
            if v.count < 1 { errors.append("validation-data: the file has no data rows") }
            if v.inputs.count != model.inputNames.count {
                errors.append("validation-data: \(v.inputs.count) input column(s), but the model has "
                    + "\(model.inputNames.count) input(s)")
            }
        }
        if let b = batchSize {
            if b < 1 {
                errors.append("batch-size must be at least 1, got \(b)")
            } else if b > trainingRowCount {
                errors.append("batch-size \(b) is larger than the \(trainingRowCount) training rows; use at most "
                    + "\(trainingRowCount), or leave it out for full-batch training")
            }
        }
        switch schedule {
        case .constant: break
        case .step(let every, let factor):
            if every < 1 { errors.append("lr-schedule: step needs EVERY ≥ 1, got \(every)") }
            if !(factor > 0 && factor.isFinite) { errors.append("lr-schedule: step needs FACTOR > 0, got \(factor)") }
        case .exponential(let gamma):
            if !(gamma > 0 && gamma.isFinite) { errors.append("lr-schedule: exp needs GAMMA > 0, got \(gamma)") }
        case .cosine(let minimum):
            if !(minimum >= 0 && minimum.isFinite) {
                errors.append("lr-schedule: cosine needs MIN_LR ≥ 0, got \(minimum)")
            }
        }
        if warmup < 0 { errors.append("warmup must be zero or more epochs, got \(warmup)") }
        if warmup > 0 && warmup >= epochs {
            errors.append("warmup (\(warmup) epochs) must be shorter than the run (\(epochs) epochs)")
        }
        if let p = earlyStopPatience, p < 1 { errors.append("early-stop patience must be at least 1 epoch, got \(p)") }
        if !(minDelta >= 0 && minDelta.isFinite) { errors.append("min-delta must be zero or positive, got \(minDelta)") }
        if let t = tolerance, !(t > 0 && t.isFinite) { errors.append("tolerance must be a positive number, got \(t)") }
        if let c = clipGradNorm, !(c > 0 && c.isFinite) {
            errors.append("clip-grad-norm must be a positive number, got \(c)")
        }
        return errors
    }
}
