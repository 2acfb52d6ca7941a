/// The affine maps x ↦ (x − μₓ)/σₓ and y ↦ (y − μᵧ)/σᵧ used by `--normalize` (σ is the population standard
/// deviation; a column with no spread keeps σ = 1).
public struct Standardization: Sendable, Equatable {
    public var meanX: Double, scaleX: Double, meanY: Double, scaleY: Double

    public static let identity = Standardization(meanX: 0, scaleX: 1, meanY: 0, scaleY: 1)

    public init(meanX: Double, scaleX: Double, meanY: Double, scaleY: Double) {
        self.meanX = meanX
        self.scaleX = scaleX
        self.meanY = meanY
        self.scaleY = scaleY
    }

    public init(_ data: Dataset) {
        func moments(_ v: [Double]) -> (Double, Double) {
            let n = Double(max(v.count, 1))
            let mean = v.reduce(0, +) / n
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            return (mean, sd > 0 && sd.isFinite ? sd : 1)
        }
        (meanX, scaleX) = moments(data.x)
        (meanY, scaleY) = moments(data.y)
    }

    public func forwardX(_ x: [Double]) -> [Double] { self == .identity ? x : x.map { ($0 - meanX) / scaleX } }
    public func forwardY(_ y: [Double]) -> [Double] { self == .identity ? y : y.map { ($0 - meanY) / scaleY } }
    public func inverseY(_ y: [Double]) -> [Double] { self == .identity ? y : y.map { $0 * scaleY + meanY } }
}
