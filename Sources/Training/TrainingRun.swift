/// The least-squares optimum of the training rows — exact for models linear in their parameters (Householder QR),
/// else found by Levenberg–Marquardt — with its statistics (standard errors, intervals, band).
public struct LeastSquaresFit: Sendable, Equatable {
    /// How the optimum was found.
    public enum Method: Sendable, Equatable {
        /// Householder QR of the design matrix (models linear in their parameters): exact.
        case householderQR
        /// Levenberg–Marquardt from the start labelled `start` (`trained` or `initial`).
        case levenbergMarquardt(start: String)
    }

    public var parameters: [Double]
    /// The run's loss at `parameters` on the training rows.
    public var loss: Double
    /// Predictions for every row of the data set.
    public var predictions: [Double]
    /// Predictions for a separately loaded validation set's rows (empty otherwise).
    public var validationPredictions: [Double] = []
    public var method: Method = .householderQR
    /// Every Levenberg–Marquardt solve tried, in order (empty for QR).
    public var attempts: [ReferenceAttempt] = []
    /// Standard errors, intervals, R², AIC/BIC at `parameters`; `nil` when they could not be computed.
    public var statistics: FitStatistics?
    /// The confidence band of the fitted curve at every row of the data set, then of the validation file's rows.
    public var bandLower: [Double] = []
    public var bandUpper: [Double] = []
}

/// One Levenberg–Marquardt solve of the reference fit.
public struct ReferenceAttempt: Sendable, Equatable {
    /// Where it started: `trained` (the parameters training ended with) or `initial`.
    public var start: String
    /// What the solver returned, or why it could not run.
    public var outcome: Result<LevenbergMarquardt.Outcome, ReferenceFailure>
}

/// Why a reference solve produced no result.
public struct ReferenceFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(description: String) { self.description = description }
}

/// How training ended.
public enum TrainingStatus: Sendable, Equatable {
    case completed
    /// The loss became NaN/Inf or grew more than 1e6-fold at `epoch`; training stopped there.
    case diverged(epoch: Int)
    /// The observer asked to stop (Ctrl-C) after `epoch`.
    case interrupted(epoch: Int)

    public var name: String {
        switch self {
        case .completed: "complete"
        case .diverged: "diverged"
        case .interrupted: "interrupted"
        }
    }
}

/// Why the training loop ended.
public enum StopReason: Sendable, Equatable {
    /// Every epoch ran.
    case epochsExhausted
    /// The monitored loss did not improve for the patience: stopped after `epoch`, the best was `bestEpoch`.
    case earlyStop(epoch: Int, bestEpoch: Int)
    /// The training loss changed by less than the tolerance over the last 100 epochs, at `epoch`.
    case tolerance(epoch: Int)
    /// The loss became NaN/Inf or exploded at `epoch`.
    case diverged(epoch: Int)
    /// The observer asked to stop (Ctrl-C) after `epoch`.
    case interrupted(epoch: Int)
}

/// How fitted parameters relate to the original units when training on standardized data.
public enum ParameterUnits: Sendable, Equatable {
    /// Parameters are in the data's own units (no normalization, or exactly back-transformed).
    case original
    /// Parameters belong to the standardized problem (the model is not a polynomial in x with a back-transform).
    case standardized
}

/// Everything a training run produced: a plain value for reports to render.
public struct TrainingRun: Sendable, Equatable {
    public var config: TrainingConfig
    public var dataset: Dataset
    public var parameterNames: [String]
    public var initialParameters: [Double]
    public var finalParameters: [Double]
    /// Units of `initialParameters`/`finalParameters`.
    public var parameterUnits: ParameterUnits
    /// Loss of each epoch (on standardized data when `config.normalize`): full batch, the loss at the parameters
    /// the epoch starts with (`history[0]` is the loss at the initial parameters); with mini-batches, the mean of the
    /// batch losses over the epoch's training rows.
    public var history: [Double]
    /// Validation loss of each epoch at the parameters the epoch starts with; empty without a validation set.
    public var validationHistory: [Double] = []
    /// The learning rate of each epoch.
    public var learningRates: [Double] = []
    /// Rows of `dataset` that training used, ascending (all rows unless a validation fraction was held out).
    public var trainingRows: [Int] = []
    /// The validation rows (held out from `dataset`, or loaded separately); `nil` without a validation set.
    public var validation: Dataset?
    /// Predictions for `validation`'s rows with the final parameters.
    public var validationPredictions: [Double] = []
    /// Predictions for `validation`'s rows with the initial parameters.
    public var validationPredictionsBefore: [Double] = []
    /// Why the loop ended.
    public var stopReason: StopReason = .epochsExhausted
    /// The epoch with the best monitored loss (validation, else training), when one was tracked.
    public var bestEpoch: Int?
    /// The epoch whose parameters `--restore-best` restored, when it did.
    public var restoredEpoch: Int?
    /// Why there is no reference fit, in a sentence; `nil` when there is one.
    public var referenceSkipped: String?
    /// Loss of the final predictions on the training rows, in original units.
    public var finalLoss: Double
    public var predictionsBefore: [Double]
    public var predictionsAfter: [Double]
    /// Least squares on the training rows, predictions for every row; `nil` when no optimum could be found
    /// (`referenceSkipped` says why).
    public var leastSquares: LeastSquaresFit?
    public var status: TrainingStatus
    /// Wall-clock seconds spent generating data and training.
    public var dataSeconds: Double
    public var trainingSeconds: Double
    /// Wall-clock seconds of the reference solve.
    public var referenceSeconds = 0.0
    /// The parameters at the epochs `SnapshotSchedule` chose (epoch e: the parameters epoch e starts with; the last
    /// snapshot, at `history.count`, holds the final parameters), in the units of `finalParameters`.
    public var snapshots = ParameterSnapshots()

    /// Metrics of the final predictions against the training rows.
    public var metrics: FitMetrics {
        if trainingRows.isEmpty || trainingRows.count == dataset.count {
            return FitMetrics(predictions: predictionsAfter, targets: dataset.y)
        }
        return FitMetrics(predictions: trainingRows.map { predictionsAfter[$0] },
                          targets: trainingRows.map { dataset.y[$0] })
    }

    /// Metrics of the final predictions against the validation rows.
    public var validationMetrics: FitMetrics? {
        validation.map { FitMetrics(predictions: validationPredictions, targets: $0.y) }
    }

    /// The validation loss of the final parameters, in original units.
    public var finalValidationLoss: Double? {
        guard let validation else { return nil }
        return try? config.loss.mean(predictions: validationPredictions, targets: validation.y)
    }
}

/// Goodness-of-fit numbers.
public struct FitMetrics: Sendable, Equatable {
    /// Coefficient of determination 1 − SS_res/SS_tot.
    public var rSquared: Double
    /// Root mean squared error.
    public var rmse: Double

    public init(predictions: [Double], targets: [Double]) {
        let n = Double(max(targets.count, 1))
        let mean = targets.reduce(0, +) / n
        var ssRes = 0.0, ssTot = 0.0
        for (p, y) in zip(predictions, targets) {
            ssRes += (y - p) * (y - p)
            ssTot += (y - mean) * (y - mean)
        }
        rSquared = ssTot > 0 ? 1 - ssRes / ssTot : (ssRes == 0 ? 1 : 0)
        rmse = (ssRes / n).squareRoot()
    }
}
