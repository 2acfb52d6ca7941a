import Foundation

/// Chooses ticks on a log axis like matplotlib's `LogLocator` (base 10, `numticks='auto'`).
///
/// Major ticks sit on decades; when the view spans more decades than `maxTicks` they are every
/// `stride`-th decade (numdec // maxTicks + 1), aligned to multiples of the stride so 10⁰ stays
/// labelled. Minor ticks sit at 2…9 × 10^k when every decade is major, otherwise at the skipped
/// decades.
public struct LogTickLocator: Sendable, Equatable {
    /// The most major ticks wanted (matplotlib's `numticks`).
    public var maxTicks: Int

    /// A locator placing at most about `maxTicks` labelled decades.
    public init(maxTicks: Int = 9) {
        self.maxTicks = max(1, maxTicks)
    }

    /// matplotlib's `numticks='auto'` for an axis: its length over (3 × font size) for a horizontal
    /// axis, (2 × font size) for a vertical one, clipped to 2…9.
    public static func automaticTicks(axisLengthPoints: Double, fontSizePoints: Double = PlotStyle.fontSize,
                                      vertical: Bool) -> Int {
        let bins = TickLocator.automaticBins(axisLengthPoints: axisLengthPoints, fontSizePoints: fontSizePoints,
                                             vertical: vertical)
        return max(2, bins)
    }

    /// The number of decades from one major tick to the next for the view `range` (positive bounds).
    public func stride(for range: ClosedRange<Double>) -> Int {
        guard let (low, high) = Self.decadeBounds(range) else { return 1 }
        let decades = high - low
        var stride = decades / maxTicks + 1
        // A stride as large as the range would leave a single tick: clip it.
        if stride >= decades { stride = max(1, decades - 1) }
        return stride
    }

    /// The major ticks (decades) inside `range`, ascending; empty for a non-positive or non-finite range.
    public func majorTicks(in range: ClosedRange<Double>) -> [Double] {
        majorExponents(in: range).map { PowersOfTen.power($0) }
    }

    /// The minor ticks inside `range`, ascending: 2…9 × 10^k when every decade is major, the
    /// decades without a major tick otherwise.
    public func minorTicks(in range: ClosedRange<Double>) -> [Double] {
        guard let (low, high) = Self.decadeBounds(range) else { return [] }
        let stride = self.stride(for: range)
        if stride > 1 {
            let majors = Set(majorExponents(in: range))
            return (low...high).filter { !majors.contains($0) }.map { PowersOfTen.power($0) }
        }
        var ticks: [Double] = []
        for exponent in (low - 1)...high {
            for mantissa in 2...9 {
                let value = PowersOfTen.scale(Double(mantissa), byPowerOfTen: exponent)
                if Self.isInside(value, range) { ticks.append(value) }
            }
        }
        return ticks
    }

    private func majorExponents(in range: ClosedRange<Double>) -> [Int] {
        guard let (low, high) = Self.decadeBounds(range), low <= high else { return [] }
        let stride = self.stride(for: range)
        let aligned = (low...high).filter { (($0 % stride) + stride) % stride == 0 }
        // Aligning to multiples of the stride can leave one tick where aligning to the first decade leaves two.
        if aligned.count < 2, stride > 1 {
            return Array(Swift.stride(from: low, through: high, by: stride))
        }
        return aligned
    }

    /// The first and last exponent k with 10^k inside `range` (within 1e-10 decades).
    static func decadeBounds(_ range: ClosedRange<Double>) -> (Int, Int)? {
        guard range.lowerBound > 0, range.upperBound.isFinite, range.lowerBound.isFinite else { return nil }
        let low = (log10(range.lowerBound) - 1e-10).rounded(.up)
        let high = (log10(range.upperBound) + 1e-10).rounded(.down)
        guard low.isFinite, high.isFinite, abs(low) < 10_000, abs(high) < 10_000 else { return nil }
        return (Int(low), Int(high))
    }

    static func isInside(_ value: Double, _ range: ClosedRange<Double>) -> Bool {
        value >= range.lowerBound * (1 - 1e-10) && value <= range.upperBound * (1 + 1e-10)
    }
}

/// Labels log-axis ticks like matplotlib's `LogFormatterSciNotation`: decades as `$10^{k}$`
/// (mathtext), other values as `$c\times10^{k}$`. Minor ticks are labelled only on short views:
/// none beyond one decade, those with c ∈ {2, 3, 4, 6} beyond 0.4 decades, all below — and more
/// when fewer than two labels would show otherwise.
public struct LogTickFormatter: Sendable, Equatable {
    /// A formatter with matplotlib's minor thresholds (1 and 0.4 decades).
    public init() {}

    /// The mathtext label of 10^`exponent`, e.g. `$10^{-1}$`.
    public func label(decade exponent: Int) -> String {
        "$10^{\(exponent)}$"
    }

    /// The mathtext label of `value`: a decade label, or `$c\times10^{k}$` for other values.
    public func label(for value: Double) -> String {
        guard value > 0, value.isFinite else { return "" }
        let exponent = PowersOfTen.floorLog10(value)
        let mantissa = PowersOfTen.scale(value, byPowerOfTen: -exponent)
        if abs(mantissa - mantissa.rounded()) < 1e-9, mantissa.rounded() == 1 { return label(decade: exponent) }
        var digits = String(format: "%.6g", mantissa)
        if digits.contains(".") {
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return "$\(digits)\\times10^{\(exponent)}$"
    }

    /// The mantissas labelled, from fewest to all: none, {2, 5}, {2, 3, 4, 6}, 2…9.
    private static let labelSets: [Set<Int>] = [[], [2, 5], [2, 3, 4, 6], Set(2...9)]

    /// Labels for minor ticks `values` on a log axis showing `viewLimits`: "" where none is shown.
    /// With `extraLevels` 0 these are matplotlib's: none beyond one decade, c ∈ {2, 3, 4, 6} beyond
    /// 0.4 decades, all below; each extra level labels more (none → {2, 5} → {2, 3, 4, 6} → all).
    public func minorLabels(for values: [Double], viewLimits: ClosedRange<Double>, extraLevels: Int = 0) -> [String] {
        let decades = abs(log10(viewLimits.upperBound) - log10(viewLimits.lowerBound))
        let start = decades > 1 ? 0 : decades > 0.4 ? 2 : 3
        let labelled = Self.labelSets[min(Self.labelSets.count - 1, start + max(0, extraLevels))]
        return values.map { value in
            let exponent = PowersOfTen.floorLog10(value)
            let mantissa = Int(PowersOfTen.scale(value, byPowerOfTen: -exponent).rounded())
            return labelled.contains(mantissa) ? label(for: value) : ""
        }
    }
}

/// Ticks of one log axis: labelled decades plus minor ticks (some labelled on short views), or
/// `nil` when fewer than two labels would show and linear ticks should be used instead.
struct LogAxisTicks {
    var major: [Double]
    var majorLabels: [String]
    var minor: [Double]
    var minorLabels: [String]

    init?(view: ClosedRange<Double>, maxTicks: Int) {
        let locator = LogTickLocator(maxTicks: maxTicks)
        let formatter = LogTickFormatter()
        major = locator.majorTicks(in: view)
        majorLabels = major.map { formatter.label(for: $0) }
        minor = locator.minorTicks(in: view)
        minorLabels = minor.map { _ in "" }
        if locator.stride(for: view) == 1 {
            // Label more minor ticks until at least two labels show (matplotlib's thresholds first).
            for level in 0...3 {
                minorLabels = formatter.minorLabels(for: minor, viewLimits: view, extraLevels: level)
                if major.count + minorLabels.filter({ !$0.isEmpty }).count >= 2 { break }
            }
        }
        if major.count + minorLabels.filter({ !$0.isEmpty }).count < 2 { return nil }
    }
}
