/// The exact least-squares optimum of a model that is linear in its parameters.
public struct LeastSquaresFit: Sendable, Equatable {
    public var parameters: [Double]
    /// The run's loss at `parameters`.
    public var loss: Double
    public var predictions: [Double]
}

/// How training ended.
public enum TrainingStatus: Sendable, Equatable {
    case completed
    /// The loss became NaN/Inf or grew more than 1e6-fold at `epoch`; training stopped there.
    case diverged(epoch: Int)
    /// The observer asked to stop at `epoch`.
    case cancelled(epoch: Int)

    public var name: String {
        switch self {
        case .completed: "complete"
        case .diverged: "diverged"
        case .cancelled: "cancelled"
        }
    }
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
    /// Loss before each epoch's update: `history[0]` is the loss at the initial parameters (on standardized data
    /// when `config.normalize`).
    public var history: [Double]
    /// Loss of the final predictions on the original data.
    public var finalLoss: Double
    public var predictionsBefore: [Double]
    public var predictionsAfter: [Double]
    /// `nil` when the model is not linear in its parameters (no closed form applies).
    public var leastSquares: LeastSquaresFit?
    public var status: TrainingStatus
    /// Wall-clock seconds spent generating data and training.
    public var dataSeconds: Double
    public var trainingSeconds: Double

    /// Metrics of the final predictions against the data.
    public var metrics: FitMetrics { FitMetrics(predictions: predictionsAfter, targets: dataset.y) }
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
