/// The affine maps xₖ ↦ (xₖ − μₖ)/σₖ for every input and y ↦ (y − μᵧ)/σᵧ used by `--normalize` (σ is the population
/// standard deviation; a column with no spread keeps σ = 1).
public struct Standardization: Sendable, Equatable {
    public var meanX: [Double], scaleX: [Double], meanY: Double, scaleY: Double
    /// No change at all.
    public var isIdentity: Bool

    public static let identity = Standardization(meanX: [], scaleX: [], meanY: 0, scaleY: 1, isIdentity: true)

    public init(meanX: [Double], scaleX: [Double], meanY: Double, scaleY: Double, isIdentity: Bool = false) {
        self.meanX = meanX
        self.scaleX = scaleX
        self.meanY = meanY
        self.scaleY = scaleY
        self.isIdentity = isIdentity
    }

    public init(_ data: Dataset) {
        func moments(_ v: [Double]) -> (Double, Double) {
            let n = Double(max(v.count, 1))
            let mean = v.reduce(0, +) / n
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            return (mean, sd > 0 && sd.isFinite ? sd : 1)
        }
        let xs = data.inputs.map(moments)
        meanX = xs.map(\.0)
        scaleX = xs.map(\.1)
        (meanY, scaleY) = moments(data.y)
        isIdentity = false
    }

    /// Every input column standardized.
    public func forward(inputs: [[Double]]) -> [[Double]] {
        if isIdentity { return inputs }
        return inputs.enumerated().map { k, column in column.map { ($0 - meanX[k]) / scaleX[k] } }
    }

    public func forwardY(_ y: [Double]) -> [Double] { isIdentity ? y : y.map { ($0 - meanY) / scaleY } }
    public func inverseY(_ y: [Double]) -> [Double] { isIdentity ? y : y.map { $0 * scaleY + meanY } }
}
