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
    /// What an observer sees after each epoch.
    public struct Progress: Sendable, Equatable {
        public var epoch: Int
        /// The epoch's training loss, as recorded in the history.
        public var loss: Double
        /// The epoch's validation loss, when there is a validation set.
        public var validationLoss: Double?
        public var learningRate: Double
    }

    /// Called after every epoch; return `false` to stop (the run then ends as interrupted after that epoch).
    public typealias Observer = (Progress) -> Bool

    /// A loss larger than this multiple of the initial loss counts as divergence.
    public static let divergenceFactor = 1e6

    /// Runs `config`.
    ///
    /// Random draws, in order, from one xoshiro256** generator seeded with `config.seed`: the generated data (with
    /// several inputs, their values; then one N(0, 1) noise draw per row), the initial parameters (one N(0, 1) per
    /// parameter, or a built-in model's initialisation; `config.initialValues` then replaces the named ones), the
    /// validation split (one Fisher–Yates permutation of the rows; the first round(fraction × rows) of it are held
    /// out), and with mini-batches one permutation of the training rows per epoch. See `TrainingLoop` for what an
    /// epoch does and records. Training stops early when the loss becomes NaN/Inf or exceeds `divergenceFactor` ×
    /// its first value (status `.diverged`), when a stop rule fires, or when `observer` returns `false`
    /// (status `.interrupted`).
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
            let start = try config.startingPoint(using: &rng)
            let dataset = start.dataset, initial = start.initialParameters
            let model = config.model
            let names = model.parameterNames

            var trainingRows = Array(0..<dataset.count)
            var validation: Dataset?
            switch config.validation {
            case .none: break
            case .fraction(let fraction):
                let order = rng.permutation(dataset.count)
                let held = TrainingConfig.heldOutCount(fraction: fraction, rows: dataset.count)
                trainingRows = order[held...].sorted()
                validation = dataset.rows(order[..<held].sorted())
            case .provided(let rows):
                validation = Dataset(inputs: rows.inputs, inputNames: dataset.inputNames, y: rows.y)
            }
            let train = trainingRows.count == dataset.count ? dataset : dataset.rows(trainingRows)
            let scaling = config.normalize ? Standardization(train) : .identity
            let dataSeconds = (clock.now - dataStart).seconds

            let before = try predict(model, dataset.inputs, initial, scaling)
            if let row = before.firstIndex(where: { !$0.isFinite }) {
                throw TrainingError.nonFiniteModel(row: row + 1, x: dataset.x[row], value: before[row])
            }

            let trainStart = clock.now
            let target = model.inputNames.contains("y") ? "fitreport.target" : "y"
            let objective = try Program(config.loss.objective(for: model, target: target),
                                        variables: model.inputNames + [target], parameters: names)
            let network = DenseNetwork(model: model, loss: config.loss, parameterNames: names)
            let kernel = ObjectiveKernel(objective, columns: scaling.forward(inputs: train.inputs)
                                             + [scaling.forwardY(train.y)],
                                         weight: 1 / Double(train.count), threads: threads, network: network)
            let validationKernel = validation.map { rows in
                ObjectiveKernel(objective, columns: scaling.forward(inputs: rows.inputs) + [scaling.forwardY(rows.y)],
                                weight: 1 / Double(rows.count), threads: threads, network: network)
            }
            let loop = TrainingLoop(config: config, kernel: kernel, validation: validationKernel)
            let outcome = loop.run(from: initial, rng: &rng, observer: observer)
            let parameters = outcome.parameters
            let trainingSeconds = (clock.now - trainStart).seconds

            let after = try predict(model, dataset.inputs, parameters, scaling)
            var reportedInitial = initial, reportedFinal = parameters
            var units = ParameterUnits.original
            if config.normalize {
                if let i = try? backTransform(model, initial, train.inputs, scaling),
                   let f = try? backTransform(model, parameters, train.inputs, scaling)
                {
                    reportedInitial = i
                    reportedFinal = f
                } else {
                    units = .standardized
                }
            }
            let trainAfter = trainingRows.count == dataset.count ? after : trainingRows.map { after[$0] }
            let finalLoss = try config.loss.mean(predictions: trainAfter, targets: train.y)
            let validationPredictions = try validation.map { try predict(model, $0.inputs, parameters, scaling) } ?? []
            let validationBefore = try validation.map { try predict(model, $0.inputs, initial, scaling) } ?? []
            // The reference starts from where training ended (when those parameters are in the data's units) and
            // from where it began.
            var starts: [(label: String, parameters: [Double])] = []
            if !outcome.history.isEmpty, units == .original { starts.append(("trained", reportedFinal)) }
            starts.append(("initial", initial))
            var validationIsFile = false
            if case .provided = config.validation { validationIsFile = true }
            let referenceStart = clock.now
            let reference = ReferenceSolver.solve(model, train: train, dataset: dataset, validation: validation,
                                                  validationIsFile: validationIsFile, loss: config.loss,
                                                  starts: starts)
            let referenceSeconds = (clock.now - referenceStart).seconds
            var leastSquares: LeastSquaresFit?
            var referenceSkipped: String?
            switch reference {
            case .success(let fit): leastSquares = fit
            case .failure(let failure): referenceSkipped = failure.description
            }
            let status: TrainingStatus
            switch outcome.stopReason {
            case .diverged(let epoch): status = .diverged(epoch: epoch)
            case .interrupted(let epoch): status = .interrupted(epoch: epoch)
            case .epochsExhausted, .earlyStop, .tolerance: status = .completed
            }
            var run = TrainingRun(
                config: config, dataset: dataset, parameterNames: names,
                initialParameters: reportedInitial, finalParameters: reportedFinal, parameterUnits: units,
                history: outcome.history, finalLoss: finalLoss, predictionsBefore: before, predictionsAfter: after,
                leastSquares: leastSquares, status: status, dataSeconds: dataSeconds,
                trainingSeconds: trainingSeconds)
            run.validationHistory = outcome.validationHistory
            run.learningRates = outcome.learningRates
            run.trainingRows = trainingRows
            run.validation = validation
            run.validationPredictions = validationPredictions
            run.validationPredictionsBefore = validationBefore
            run.stopReason = outcome.stopReason
            run.bestEpoch = outcome.bestEpoch
            run.restoredEpoch = outcome.restoredEpoch
            run.referenceSkipped = referenceSkipped
            run.referenceSeconds = referenceSeconds
            run.snapshots = snapshots(outcome, count: names.count, original: config.normalize && units == .original
                ? { try? backTransform(model, $0, train.inputs, scaling) } : nil)
            if run.snapshots.count >= 2 {
                // The ends are exactly the reported initial and final parameters.
                run.snapshots.values[0] = reportedInitial
                run.snapshots.values[run.snapshots.count - 1] = reportedFinal
            }
            return run
        } catch let error as TrainingError {
            throw error
        } catch let error as EngineError {
            throw .engine(error)
        } catch {
            throw .invalidConfig(["\(error)"])
        }
    }

    /// The loop's snapshots as vectors; with `original`, mapped to original units (the back-transform is affine in
    /// the parameters, so it is found from the origin and the unit vectors and applied to each snapshot).
    static func snapshots(_ outcome: TrainingLoop.Outcome, count: Int, original: (([Double]) -> [Double]?)?)
        -> ParameterSnapshots
    {
        var values: [[Double]] = []
        values.reserveCapacity(outcome.snapshotEpochs.count)
        for k in outcome.snapshotEpochs.indices {
            values.append(Array(outcome.snapshotValues[(k * count)..<((k + 1) * count)]))
        }
        if let original, count > 0, let origin = original([Double](repeating: 0, count: count)) {
            var columns: [[Double]] = []
            for j in 0..<count {
                var unit = [Double](repeating: 0, count: count)
                unit[j] = 1
                guard let image = original(unit) else { return ParameterSnapshots() }
                columns.append(zip(image, origin).map { $0 - $1 })
            }
            values = values.map { theta in
                (0..<count).map { i in
                    var v = origin[i]
                    for j in 0..<count { v += columns[j][i] * theta[j] }
                    return v
                }
            }
        }
        return ParameterSnapshots(epochs: outcome.snapshotEpochs, values: values)
    }

    /// Threads used by `run` unless told otherwise: the active processor count.
    public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Predictions in original units for parameters of the (possibly standardized) training problem.
    static func predict(_ model: Model, _ inputs: [[Double]], _ parameters: [Double], _ scaling: Standardization)
        throws -> [Double]
    {
        scaling.inverseY(try model.predict(inputs: scaling.forward(inputs: inputs), parameters: parameters))
    }

    /// Parameters in original units equivalent to standardized-problem `parameters`, for models that are linear in
    /// their parameters and polynomial in every input; `nil` when no exact equivalent exists.
    static func backTransform(_ model: Model, _ parameters: [Double], _ inputs: [[Double]],
                              _ scaling: Standardization) throws -> [Double]?
    {
        guard ParameterDependence(of: model.formula) == .linear,
              model.inputNames.allSatisfy({ model.formula.isPolynomial(in: $0) })
        else {
            return nil
        }
        let target = try predict(model, inputs, parameters, scaling)
        // The same solve as the reference fit's: one QR of the design, then back substitution.
        let theta = try FitStatistics.linearSolve(model, inputs: inputs, targets: target).parameters
        let check = try model.predict(inputs: inputs, parameters: theta)
        let size = target.reduce(0) { max($0, Swift.abs($1)) }
        guard zip(check, target).allSatisfy({ Swift.abs($0 - $1) <= 1e-9 * max(size, 1e-300) }) else { return nil }
        return theta
    }

    /// The least-squares optimum of a model that is linear in its parameters — exactly as a run's reference: QR of
    /// the design, standard errors, intervals and the 95 % band at every row — or `nil` when the model is not linear
    /// (use `LevenbergMarquardt.fit` and `FitStatistics.compute` for those) or the data do not determine it.
    ///
    /// Linearity is read off the expression graph; the design matrix is the Jacobian, the same at every θ.
    public static func fitLeastSquares(_ model: Model, dataset: Dataset, loss: Loss) throws -> LeastSquaresFit? {
        guard ParameterDependence(of: model.formula) == .linear else { return nil }
        let solved = ReferenceSolver.solve(model, train: dataset, dataset: dataset, validation: nil,
                                           validationIsFile: false, loss: loss, starts: [])
        if case .success(let fit) = solved { return fit }
        return nil
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
