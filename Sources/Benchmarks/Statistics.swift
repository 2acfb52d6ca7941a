/// Summary of repeated measurements of one workload.
public struct Spread: Sendable, Equatable, Codable {
    /// The middle value (mean of the two middle values for an even count).
    public var median: Double
    /// Smallest sample.
    public var min: Double
    /// Largest sample.
    public var max: Double
    /// First and third quartiles (linear interpolation between order statistics).
    public var q1: Double
    public var q3: Double

    /// The summary of `samples` (at least one).
    public init(_ samples: [Double]) {
        let s = samples.sorted()
        func quantile(_ q: Double) -> Double {
            guard s.count > 1 else { return s.first ?? .nan }
            let position = q * Double(s.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = Swift.min(lower + 1, s.count - 1)
            let fraction = position - Double(lower)
            return s[lower] + (s[upper] - s[lower]) * fraction
        }
        median = quantile(0.5)
        min = s.first ?? .nan
        max = s.last ?? .nan
        q1 = quantile(0.25)
        q3 = quantile(0.75)
    }
}

/// Seconds of wall-clock time taken by `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let (s, atto) = (clock.now - start).components
    return Double(s) + Double(atto) * 1e-18
}

/// Keeps a computed value alive so the optimizer cannot drop the work that produced it.
@inline(never)
func consume(_ value: Double) {
    if value == 0x1p1000 { print("") }
}
