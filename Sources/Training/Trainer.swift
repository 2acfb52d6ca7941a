import Foundation

/// Errors that stop a run before training.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case invalidConfig([String])
    case engine(EngineError)
    /// The model gives NaN or ±∞ at data row `row` (1-based) with the initial parameters.
    case nonFiniteModel(row: Int, x: Double, value: Double)

    public var description: String {
        switch self {
        case .invalidConfig(let problems): problems.joined(separator: "\n")
        case .engine(let e): e.description
        case .nonFiniteModel(let row, let x, let value):
            "the model evaluates to \(value) at data row \(row) (x = \(x)) with the initial parameters; "
                + "change the formula's domain (e.g. log(abs(...)) or sqrt(abs(...))) or set --init values"
        }
    }
}

/// The custom training loop: data, initial parameters, gradient descent with autodiff gradients, least squares.
public enum Trainer {
    /// Called after every epoch with the epoch index and the loss recorded for it; return `false` to stop.
    public typealias Observer = (_ epoch: Int, _ loss: Double) -> Bool

    /// A loss larger than this multiple of the initial loss counts as divergence.
    public static let divergenceFactor = 1e6

    /// Runs `config`.
    ///
    /// Random draws, in order: one N(0, 1) per generated data point (noise), then one per parameter (initial
    /// values; `config.initialValues` then replaces the named ones). Each epoch records the loss at the current
    /// parameters, then applies the optimizer's update. Training stops early when the loss becomes NaN/Inf or
    /// exceeds `divergenceFactor` × its initial value (status `.diverged`), or when `observer` returns `false`.
    ///
    /// Each epoch's loss and gradient come from an `ObjectiveKernel` sharing the work among up to `threads` threads
    /// (large data sets only); the history and parameters are bit-identical for every thread count.
    public static func run(_ config: TrainingConfig, threads: Int = defaultThreads, observer: Observer? = nil)
        throws(TrainingError) -> TrainingRun
    {
        let problems = config.validationErrors()
        guard problems.isEmpty else { throw .invalidConfig(problems) }
        let clock = ContinuousClock()
        do {
            let dataStart = clock.now
            var rng = Xoshiro256StarStar(seed: config.seed)
            let dataset: Dataset
            switch config.data {
            case .generated(let generator): dataset = try generator.generate(using: &rng)
            case .provided(let data): dataset = data
            }
            let model = config.model
            let names = model.parameterNames
            var initial = rng.gaussians(names.count)
            for (i, name) in names.enumerated() {
                if let value = config.initialValues[name] { initial[i] = value }
            }
            let scaling = config.normalize ? Standardization(dataset) : .identity
            let trainX = scaling.forwardX(dataset.x), trainY = scaling.forwardY(dataset.y)
            let dataSeconds = (clock.now - dataStart).seconds

            let before = try predict(model, dataset.x, initial, scaling)
            if let row = before.firstIndex(where: { !$0.isFinite }) {
                throw TrainingError.nonFiniteModel(row: row + 1, x: dataset.x[row], value: before[row])
            }

            let trainStart = clock.now
            let objective = try Program(config.loss.objective(for: model), variables: ["x", "y"], parameters: names)
            let weight = 1 / Double(dataset.count)
            let kernel = ObjectiveKernel(objective, columns: [trainX, trainY], weight: weight, threads: threads)
            var optimizer = config.optimizer.make(learningRate: config.learningRate)
            var parameters = initial
            var gradient = [Double](repeating: 0, count: names.count)
            var history: [Double] = []
            history.reserveCapacity(config.epochs)
            var status = TrainingStatus.completed
            for epoch in 0..<config.epochs {
                let value = kernel.valueAndGradient(parameters: parameters, gradient: &gradient)
                history.append(value)
                if !value.isFinite || value > divergenceFactor * max(history[0], 1e-300) || !allFinite(gradient) {
                    status = .diverged(epoch: epoch)
                    break
                }
                if let observer, !observer(epoch, value) {
                    status = .cancelled(epoch: epoch)
                    break
                }
                optimizer.step(parameters: &parameters, gradient: gradient)
            }
            let trainingSeconds = (clock.now - trainStart).seconds

            let after = try predict(model, dataset.x, parameters, scaling)
            var reportedInitial = initial, reportedFinal = parameters
            var units = ParameterUnits.original
            if config.normalize {
                if let i = try? backTransform(model, initial, dataset.x, scaling),
                   let f = try? backTransform(model, parameters, dataset.x, scaling)
                {
                    reportedInitial = i
                    reportedFinal = f
                } else {
                    units = .standardized
                }
            }
            let finalLoss = try config.loss.mean(predictions: after, targets: dataset.y)
            let leastSquares = try? fitLeastSquares(model, dataset: dataset, loss: config.loss)
            return TrainingRun(
                config: config, dataset: dataset, parameterNames: names,
                initialParameters: reportedInitial, finalParameters: reportedFinal, parameterUnits: units,
                history: history, finalLoss: finalLoss, predictionsBefore: before, predictionsAfter: after,
                leastSquares: leastSquares, status: status, dataSeconds: dataSeconds,
                trainingSeconds: trainingSeconds)
        } catch let error as TrainingError {
            throw error
        } catch let error as EngineError {
            throw .engine(error)
        } catch {
            throw .invalidConfig(["\(error)"])
        }
    }

    /// Threads used by `run` unless told otherwise: the active processor count.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    private static func allFinite(_ values: [Double]) -> Bool {
        for v in values where !v.isFinite { return false }
        return true
    }

    /// Predictions in original units for parameters of the (possibly standardized) training problem.
    static func predict(_ model: Model, _ x: [Double], _ parameters: [Double], _ scaling: Standardization) throws
        -> [Double]
    {
        scaling.inverseY(try model.predict(scaling.forwardX(x), parameters: parameters))
    }

    /// θ minimizing ‖f(x; θ) − target‖₂ for a model affine in θ. The design column j is f(x; eⱼ) − f(x; 0), exactly
    /// ∂f/∂θⱼ for an affine model, built block by block so no full-size design matrix is ever held.
    static func affineLeastSquares(_ model: Model, _ x: [Double], target: [Double]) throws -> [Double] {
        let n = model.parameterNames.count
        let zero = [Double](repeating: 0, count: n)
        let program = try Program(model.formula, variables: ["x"], parameters: model.parameterNames)
        let evaluator = Evaluator(program)
        return try LeastSquares.solve(rows: x.count, columnCount: n) { range in
            let xs = [Array(x[range])]
            let offset = evaluator.evaluate(columns: xs, parameters: zero)
            let columns = (0..<n).map { j -> [Double] in
                var unit = zero
                unit[j] = 1
                return zip(evaluator.evaluate(columns: xs, parameters: unit), offset).map { $0 - $1 }
            }
            return (columns, zip(target[range], offset).map { $0 - $1 })
        }
    }

    /// Parameters in original units equivalent to standardized-problem `parameters`, for models that are linear in
    /// their parameters and polynomial in x; `nil` when no exact equivalent exists.
    static func backTransform(_ model: Model, _ parameters: [Double], _ x: [Double], _ scaling: Standardization)
        throws -> [Double]?
    {
        guard ParameterDependence(of: model.formula) == .linear, model.formula.isPolynomial(in: "x") else {
            return nil
        }
        let target = try predict(model, x, parameters, scaling)
        let theta = try affineLeastSquares(model, x, target: target)
        let check = try model.predict(x, parameters: theta)
        let size = target.reduce(0) { max($0, Swift.abs($1)) }
        guard zip(check, target).allSatisfy({ Swift.abs($0 - $1) <= 1e-9 * max(size, 1e-300) }) else { return nil }
        return theta
    }

    /// The least-squares optimum of a model that is linear in its parameters, or `nil` when it is not.
    ///
    /// Linearity is read off the expression graph; the design matrix column j is f(x; eⱼ) − f(x; 0), which for an
    /// affine model is exactly ∂f/∂θⱼ, and the target is y − f(x; 0).
    public static func fitLeastSquares(_ model: Model, dataset: Dataset, loss: Loss) throws -> LeastSquaresFit? {
        guard ParameterDependence(of: model.formula) == .linear else { return nil }
        let parameters = try affineLeastSquares(model, dataset.x, target: dataset.y)
        let predictions = try model.predict(dataset.x, parameters: parameters)
        let value = try loss.mean(predictions: predictions, targets: dataset.y)
        return LeastSquaresFit(parameters: parameters, loss: value, predictions: predictions)
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
