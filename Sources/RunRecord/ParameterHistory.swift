/// Parameter snapshots: the values of named parameters at chosen steps of a run (for fitreport's own trainer, every
/// epoch of a short run, else about 2,000 epochs spaced on a log scale, the first and the last always). The report
/// draws them as parameter trajectories, as gradient descent's path over the loss landscape and as the frames of the
/// animation, and writes them to `params_history.csv`.
public struct ParameterHistory: Sendable, Equatable, Codable {
    /// Parameter names, the columns of every snapshot.
    public var names: [String]
    /// Ascending steps (epochs when the record's step axis counts epochs).
    public var steps: [Int]
    /// `values[i][j]` is parameter `names[j]` at `steps[i]`.
    public var values: [[Double]]

    public init(names: [String], steps: [Int] = [], values: [[Double]] = []) {
        self.names = names
        self.steps = steps
        self.values = values
    }

    public var count: Int { steps.count }

    /// The values of parameter `name` at every step, or `nil` when there is no such parameter.
    public func trajectory(_ name: String) -> [Double]? {
        names.firstIndex(of: name).map { j in values.map { $0[j] } }
    }

    /// What makes the snapshots unusable, in words; empty when they are fine.
    public var problems: [String] {
        var out: [String] = []
        if steps.count != values.count {
            out.append("the parameter snapshots have \(steps.count) steps but \(values.count) rows of values")
        }
        if values.contains(where: { $0.count != names.count }) {
            out.append("a parameter snapshot does not hold one value per parameter (\(names.count))")
        }
        if zip(steps, steps.dropFirst()).contains(where: { $0 >= $1 }) {
            out.append("the parameter snapshots' steps do not increase")
        }
        return out
    }
}

/// The loss over a plane through parameter space, sampled on a grid: the figure of the loss landscape draws its
/// contours with gradient descent's path over it. Producers that can evaluate their loss (fitreport's trainer, with
/// the training engine) fill it in; the report only draws it.
public struct LossLandscape: Sendable, Equatable, Codable {
    /// The parameter along the horizontal axis and the one along the vertical axis.
    public var xParameter: String
    public var yParameter: String
    /// Grid coordinates, ascending.
    public var xValues: [Double]
    public var yValues: [Double]
    /// Row-major loss values: `loss[j * xValues.count + i]` at (`xValues[i]`, `yValues[j]`); NaN where the loss is
    /// not finite.
    public var loss: [Double]
    /// The other parameters' values on the plane (their final values), in order.
    public var fixed: [KeyValue<Double>]
    /// What the loss is (`MSE on the training rows`).
    public var lossName: String
    /// The parameters the loss is minimised over at each grid point (a profile of the loss), or nil when they are
    /// held at the values in `fixed` (a slice).
    public var minimisedOver: [String]?

    public init(xParameter: String, yParameter: String, xValues: [Double], yValues: [Double], loss: [Double],
                fixed: [KeyValue<Double>] = [], lossName: String = "loss", minimisedOver: [String]? = nil) {
        self.xParameter = xParameter
        self.yParameter = yParameter
        self.xValues = xValues
        self.yValues = yValues
        self.loss = loss
        self.fixed = fixed
        self.lossName = lossName
        self.minimisedOver = minimisedOver
    }

    /// The loss at grid point (i, j).
    public func value(_ i: Int, _ j: Int) -> Double { loss[j * xValues.count + i] }
}

/// The fitted curve at chosen steps: the model's predictions on a grid of one input at each step, for the animation
/// of the fit. Producers that can evaluate their model fill it in (fitreport's trainer does when asked to animate).
public struct PredictionHistory: Sendable, Equatable, Codable {
    /// The input's grid, ascending.
    public var x: [Double]
    /// Ascending steps.
    public var steps: [Int]
    /// `values[i][k]` is the prediction at `x[k]` with the parameters of `steps[i]`.
    public var values: [[Double]]

    public init(x: [Double], steps: [Int] = [], values: [[Double]] = []) {
        self.x = x
        self.steps = steps
        self.values = values
    }
}
