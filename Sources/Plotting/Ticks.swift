import Foundation

/// A tick spacing `mantissa` × 10^`exponent` with `mantissa` ∈ {1, 2, 25, 5}
/// (2.5 × 10^k is stored as 25 × 10^(k−1)), so tick values are exact decimal multiples.
public struct TickSpacing: Sendable, Equatable, Hashable {
    /// 1, 2, 25 or 5.
    public let mantissa: Int
    /// The power of ten the mantissa is scaled by.
    public let exponent: Int

    /// Creates `mantissa` × 10^`exponent`.
    public init(mantissa: Int, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// The spacing as a number.
    public var step: Double { value(atMultiple: 1) }

    /// `multiple` × step, computed as one correctly rounded decimal scaling (no float noise).
    public func value(atMultiple multiple: Int64) -> Double {
        PowersOfTen.scale(Double(multiple) * Double(mantissa), byPowerOfTen: exponent)
    }

    /// The candidate spacings of matplotlib's `AutoLocator` (steps 1, 2, 2.5, 5, 10) around a decade,
    /// ascending: 1, 2, 2.5, 5 × 10^`decade` and 1 × 10^(`decade`+1).
    static func candidates(decade: Int) -> [TickSpacing] {
        [TickSpacing(mantissa: 1, exponent: decade), TickSpacing(mantissa: 2, exponent: decade),
         TickSpacing(mantissa: 25, exponent: decade - 1), TickSpacing(mantissa: 5, exponent: decade),
         TickSpacing(mantissa: 1, exponent: decade + 1)]
    }
}

/// Chooses tick positions like matplotlib's default `AutoLocator` (a `MaxNLocator` with
/// `nbins='auto'`, `steps=[1, 2, 2.5, 5, 10]`, `min_n_ticks=2`).
///
/// The spacing is the smallest of {1, 2, 2.5, 5} × 10^k that is at least span / `maxBins`;
/// the ticks are its multiples inside the view limits.
public struct TickLocator: Sendable, Equatable {
    /// The most intervals the view may be divided into (matplotlib clips `nbins='auto'` to 9).
    public var maxBins: Int
    /// The fewest ticks that must lie inside the view; a smaller step is taken otherwise.
    public var minTicks: Int

    /// A locator dividing the view into at most `maxBins` intervals.
    public init(maxBins: Int = 9, minTicks: Int = 2) {
        self.maxBins = max(1, maxBins)
        self.minTicks = max(1, minTicks)
    }

    /// matplotlib's `nbins='auto'` for an axis: its length over (3 × font size) for a horizontal
    /// axis, (2 × font size) for a vertical one, clipped to 1…9.
    public static func automaticBins(axisLengthPoints: Double, fontSizePoints: Double = PlotStyle.fontSize,
                                     vertical: Bool) -> Int {
        let size = fontSizePoints * (vertical ? 2 : 3)
        guard size > 0, axisLengthPoints.isFinite, axisLengthPoints > 0 else { return 9 }
        return Int(min(9, max(1, (axisLengthPoints / size).rounded(.down))))
    }

    /// The spacing chosen for the view limits `range`, or `nil` if a bound is not finite.
    /// An empty or tiny range is first widened like `AxisLimits.nonsingular`.
    public func spacing(for range: ClosedRange<Double>) -> TickSpacing? {
        guard range.lowerBound.isFinite, range.upperBound.isFinite else { return nil }
        let view = AxisLimits.nonsingular(range)
        let bins = Double(maxBins)
        // Divide before subtracting so that spans near the double range do not overflow.
        let raw = view.upperBound / bins - view.lowerBound / bins
        guard raw > 0, raw.isFinite else { return nil }
        let candidates = TickSpacing.candidates(decade: PowersOfTen.floorLog10(raw))
        let firstLarge = candidates.firstIndex { $0.step >= raw * (1 - 1e-12) } ?? candidates.count - 1
        // Start from the smallest step that is large enough; fall back to smaller ones while too
        // few ticks would be visible.
        for index in stride(from: firstLarge, through: 0, by: -1) {
            let spacing = candidates[index]
            if multiples(of: spacing, in: view).count >= minTicks || index == 0 {
                return spacing
            }
        }
        return candidates[firstLarge]
    }

    /// The tick spacing for `range` as a number (0 when the range is not finite).
    public func step(for range: ClosedRange<Double>) -> Double {
        spacing(for: range)?.step ?? 0
    }

    /// The ticks inside the view limits `range` (within a relative tolerance of 1e-10 of the step),
    /// ascending. Empty if a bound is not finite.
    public func ticks(in range: ClosedRange<Double>) -> [Double] {
        guard let spacing = spacing(for: range) else { return [] }
        let view = AxisLimits.nonsingular(range)
        return multiples(of: spacing, in: view).map { spacing.value(atMultiple: $0) }
    }

    /// The integer multiples k with k × spacing inside `view`.
    private func multiples(of spacing: TickSpacing, in view: ClosedRange<Double>) -> Range<Int64> {
        let step = spacing.step
        let tolerance = 1e-10
        let low = (view.lowerBound / step - tolerance).rounded(.up)
        let high = (view.upperBound / step + tolerance).rounded(.down)
        // Beyond this the multiples are not representable (cannot happen after `nonsingular`).
        let limit = 1e17
        guard low.isFinite, high.isFinite, abs(low) < limit, abs(high) < limit, low <= high else {
            return 0..<0
        }
        return Int64(low)..<(Int64(high) + 1)
    }
}
