/// Paired observations (x, y) that a model is fitted to.
public struct Dataset: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]

    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "x and y must have the same length")
        self.x = x
        self.y = y
    }

    public var count: Int { x.count }

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

/// Synthetic data: y = truth(x) + noise·N(0, 1) at evenly spaced x.
public struct DataGenerator: Sendable, Equatable {
    /// The true function of `x` (no parameters).
    public var truth: Expr
    public var points: Int
    public var noise: Double
    public var xRange: ClosedRange<Double>

    /// The blog's data: y = 20x² + 5x − 3 + N(0, 1) at 100 points on [0, 1].
    public static let blog = DataGenerator(
        truth: 20 * .variable("x") ** 2 + 5 * .variable("x") - 3, points: 100, noise: 1, xRange: 0...1)

    public init(truth: Expr, points: Int, noise: Double, xRange: ClosedRange<Double>) {
        self.truth = truth
        self.points = points
        self.noise = noise
        self.xRange = xRange
    }

    /// Draws `points` noise values from `rng` (in order of x) and returns the data set.
    public func generate(using rng: inout Xoshiro256StarStar) throws(EngineError) -> Dataset {
        let x = Dataset.linspace(xRange.lowerBound, xRange.upperBound, count: points)
        let program = try Program(truth, variables: ["x"], parameters: [])
        let clean = Evaluator(program).evaluate(columns: [x], parameters: [])
        let y = (0..<points).map { clean[$0] + noise * rng.nextGaussian() }
        return Dataset(x: x, y: y)
    }
}
