/// Observations a model is fitted to: one or more input columns and the target y, row by row.
public struct Dataset: Sendable, Equatable {
    /// Input columns, each with one value per row, in the order of `inputNames`.
    public var inputs: [[Double]]
    /// The formula variable of each input (`x`, or `x1`…`xk`, or the data file's column names).
    public var inputNames: [String]
    public var y: [Double]

    /// One input column named `x`.
    public init(x: [Double], y: [Double]) {
        self.init(inputs: [x], inputNames: ["x"], y: y)
    }

    /// Several input columns; every column has one value per target row.
    public init(inputs: [[Double]], inputNames: [String], y: [Double]) {
        precondition(inputs.count == inputNames.count, "one name per input column")
        precondition(inputs.allSatisfy { $0.count == y.count }, "every input column must have one value per row")
        self.inputs = inputs
        self.inputNames = inputNames
        self.y = y
    }

    /// The first input column (the only one for single-input data).
    public var x: [Double] {
        get { inputs.first ?? [] }
        set { if inputs.isEmpty { inputs = [newValue] } else { inputs[0] = newValue } }
    }

    public var count: Int { y.count }

    /// The rows at `rows`, in that order.
    public func rows(_ rows: [Int]) -> Dataset {
        Dataset(inputs: inputs.map { column in rows.map { column[$0] } }, inputNames: inputNames,
                y: rows.map { y[$0] })
    }

    /// `count` evenly spaced values from `start` to `end` inclusive, computed as numpy.linspace does
    /// (start + i·step, the last value exactly `end`).
    public static func linspace(_ start: Double, _ end: Double, count: Int) -> [Double] {
        guard count > 1 else { return count == 1 ? [start] : [] }
        let step = (end - start) / Double(count - 1)
        var values = (0..<count).map { start + Double($0) * step }
        values[count - 1] = end
        return values
    }
}

/// Synthetic data: y = truth(inputs) + noise·N(0, 1).
///
/// With one input, x is evenly spaced over `xRange`. With `inputCount` k > 1 the inputs are named `x1`…`xk` and
/// drawn uniformly from `xRange`, row by row (x1, …, xk of row 1, then row 2, …), from the run's generator before
/// the noise.
public struct DataGenerator: Sendable, Equatable {
    /// The true function of the inputs (no parameters).
    public var truth: Expr
    public var points: Int
    public var noise: Double
    public var xRange: ClosedRange<Double>
    /// Number of inputs (1: `x`; more: `x1`…`xk`).
    public var inputCount: Int

    /// The blog's data: y = 20x² + 5x − 3 + N(0, 1) at 100 points on [0, 1].
    public static let blog = DataGenerator(
        truth: 20 * .variable("x") ** 2 + 5 * .variable("x") - 3, points: 100, noise: 1, xRange: 0...1)

    public init(truth: Expr, points: Int, noise: Double, xRange: ClosedRange<Double>, inputCount: Int = 1) {
        self.truth = truth
        self.points = points
        self.noise = noise
        self.xRange = xRange
        self.inputCount = inputCount
    }

    /// The input variable names: `x`, or `x1`…`xk`.
    public static func inputNames(count: Int) -> [String] {
        count == 1 ? ["x"] : (1...max(count, 1)).map { "x\($0)" }
    }

    /// Draws the inputs (when there are several), then `points` noise values from `rng` (in row order).
    public func generate(using rng: inout Xoshiro256StarStar) throws(EngineError) -> Dataset {
        let names = Self.inputNames(count: inputCount)
        var inputs: [[Double]]
        if inputCount == 1 {
            inputs = [Dataset.linspace(xRange.lowerBound, xRange.upperBound, count: points)]
        } else {
            inputs = [[Double]](repeating: [], count: inputCount)
            for k in 0..<inputCount { inputs[k].reserveCapacity(points) }
            let lo = xRange.lowerBound, width = xRange.upperBound - xRange.lowerBound
            for _ in 0..<points {
                for k in 0..<inputCount { inputs[k].append(lo + width * rng.nextUniform()) }
            }
        }
        let program = try Program(truth, variables: names, parameters: [])
        let clean = Evaluator(program).evaluate(columns: inputs, parameters: [])
        let y = (0..<points).map { clean[$0] + noise * rng.nextGaussian() }
        return Dataset(inputs: inputs, inputNames: names, y: y)
    }
}
