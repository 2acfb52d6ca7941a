import Foundation

/// View-limit rules of matplotlib's autoscaling: data interval, `nonsingular` widening and the
/// 5 % margin (`axes.xmargin`/`axes.ymargin`).
public enum AxisLimits {
    /// The interval used when an axis has no finite data (matplotlib's empty-axes default).
    public static let emptyDefault: ClosedRange<Double> = 0...1

    /// The smallest interval holding every finite value, or `nil` when there is none.
    /// NaN and ±∞ are ignored.
    public static func dataInterval<S: Sequence>(of values: S) -> ClosedRange<Double>? where S.Element == Double {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite {
            low = min(low, value)
            high = max(high, value)
        }
        return low <= high ? low...high : nil
    }

    /// matplotlib's `nonsingular`: widens an empty or numerically tiny interval.
    ///
    /// - An interval within 1e-15 of its magnitude is widened by `expander` × |bound| on each side
    ///   (0…0 becomes −`expander`…`expander`).
    /// - Non-finite bounds give −`expander`…`expander`.
    public static func nonsingular(_ range: ClosedRange<Double>, expander: Double = 0.05) -> ClosedRange<Double> {
        var low = range.lowerBound
        var high = range.upperBound
        guard low.isFinite, high.isFinite else { return -expander...expander }
        let tiny = 1e-15
        let maxAbs = max(abs(low), abs(high))
        if maxAbs < (1e6 / tiny) * Double.leastNormalMagnitude {
            return -expander...expander
        }
        if high - low <= maxAbs * tiny {
            if low == 0 && high == 0 { return -expander...expander }
            low -= expander * abs(low)
            high += expander * abs(high)
        }
        return low...high
    }

    /// Autoscaled view limits: `nonsingular(data)` widened by `margin` × span on each side.
    /// `nil` data (no finite values) gives `emptyDefault`.
    public static func autoscale(_ data: ClosedRange<Double>?, margin: Double = PlotStyle.margin) -> ClosedRange<Double> {
        guard let data else { return emptyDefault }
        let interval = nonsingular(data)
        let halfSpan = interval.upperBound / 2 - interval.lowerBound / 2
        var delta = 2 * halfSpan * (margin.isFinite ? max(0, margin) : 0)
        if !delta.isFinite { delta = 0 }
        var low = interval.lowerBound - delta
        var high = interval.upperBound + delta
        if !low.isFinite { low = interval.lowerBound }
        if !high.isFinite { high = interval.upperBound }
        return low...high
    }

    /// The limits an axis shows: the explicit limits when given and finite (made nonsingular),
    /// otherwise the autoscaled data interval. On a `.log` axis explicit limits must be positive
    /// (others are ignored) and the data interval must hold positive values only.
    public static func viewLimits(explicit: ClosedRange<Double>?, data: ClosedRange<Double>?,
                                  margin: Double = PlotStyle.margin, scale: AxisScale = .linear) -> ClosedRange<Double> {
        if scale == .log {
            if let explicit, scale.canShow(explicit.lowerBound), scale.canShow(explicit.upperBound) {
                return logNonsingular(explicit)
            }
            return logAutoscale(data, margin: margin)
        }
        if let explicit, explicit.lowerBound.isFinite, explicit.upperBound.isFinite {
            return nonsingular(explicit)
        }
        return autoscale(data, margin: margin)
    }

    /// The interval a log axis shows without positive data (matplotlib's 1…10).
    public static let logEmptyDefault: ClosedRange<Double> = 1...10

    /// matplotlib's `LogLocator.nonsingular`: a single value widens to the decades around it
    /// (5…5 → 1…10, 10…10 → 1…100). Expects positive bounds.
    public static func logNonsingular(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
        guard range.lowerBound > 0, range.upperBound.isFinite else { return logEmptyDefault }
        let low = log10(range.lowerBound), high = log10(range.upperBound)
        guard high - low <= 1e-12 * max(1, abs(high)) else { return range }
        let isPower = abs(low - low.rounded()) < 1e-12
        let below = isPower ? low.rounded() - 1 : low.rounded(.down)
        let above = isPower ? high.rounded() + 1 : high.rounded(.up)
        return PowersOfTen.power(Int(below))...PowersOfTen.power(Int(above))
    }

    /// Autoscaled limits of a log axis: `logNonsingular(data)` widened by `margin` × its span in
    /// decades on each side. `nil` or non-positive data gives `logEmptyDefault`.
    public static func logAutoscale(_ data: ClosedRange<Double>?, margin: Double = PlotStyle.margin) -> ClosedRange<Double> {
        guard let data, data.lowerBound > 0, data.upperBound.isFinite else { return logEmptyDefault }
        let interval = logNonsingular(data)
        let low = log10(interval.lowerBound), high = log10(interval.upperBound)
        let delta = (high - low) * (margin.isFinite ? max(0, margin) : 0)
        let lower = pow(10, low - delta), upper = pow(10, high + delta)
        guard lower > 0, upper.isFinite, lower < upper else { return interval }
        return lower...upper
    }
}

extension Series {
    /// The x values of the series (for a band each x twice: paired with its lower, then with its upper bound).
    public var xValues: [Double] {
        switch self {
        case .scatter(let s): return s.x
        case .line(let l): return l.x
        case .band(let b):
            let count = b.rowCount
            return Array(b.x.prefix(count)) + Array(b.x.prefix(count))
        }
    }

    /// The y values of the series (for a band the lower bounds, then the upper bounds).
    public var yValues: [Double] {
        switch self {
        case .scatter(let s): return s.y
        case .line(let l): return l.y
        case .band(let b):
            let count = b.rowCount
            return Array(b.lower.prefix(count)) + Array(b.upper.prefix(count))
        }
    }

    /// The legend label, if any.
    public var label: String? {
        switch self {
        case .scatter(let s): return s.label
        case .line(let l): return l.label
        case .band(let b): return b.label
        }
    }

    /// The data interval along x (`alongX`) or y of the points showable on axes of these scales
    /// (finite; positive on log axes; pairs beyond the shorter array are ignored).
    func dataInterval(alongX: Bool, xScale: AxisScale, yScale: AxisScale) -> ClosedRange<Double>? {
        if case .band(let band) = self {
            return band.dataInterval(alongX: alongX, xScale: xScale, yScale: yScale)
        }
        let xs = xValues, ys = yValues
        var low = Double.infinity, high = -Double.infinity
        for (x, y) in zip(xs, ys) where xScale.canShow(x) && yScale.canShow(y) {
            let value = alongX ? x : y
            low = min(low, value)
            high = max(high, value)
        }
        return low <= high ? low...high : nil
    }
}

extension BandSeries {
    /// The number of rows: the length of the shortest of `x`, `lower` and `upper`.
    var rowCount: Int { min(x.count, lower.count, upper.count) }

    /// Whether row `index` is drawn on axes of these scales: its x and both bounds can be shown.
    func shows(_ index: Int, xScale: AxisScale, yScale: AxisScale) -> Bool {
        xScale.canShow(x[index]) && yScale.canShow(lower[index]) && yScale.canShow(upper[index])
    }

    /// The data interval along x, or along y over both bounds, of the rows that are drawn (matplotlib's
    /// `fill_between` updates the limits with the rows it fills).
    func dataInterval(alongX: Bool, xScale: AxisScale, yScale: AxisScale) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for index in 0..<rowCount where shows(index, xScale: xScale, yScale: yScale) {
            if alongX {
                low = min(low, x[index])
                high = max(high, x[index])
            } else {
                low = min(low, lower[index], upper[index])
                high = max(high, lower[index], upper[index])
            }
        }
        return low <= high ? low...high : nil
    }
}

extension Axes {
    /// The data interval along x over all series, of the points that can be shown (points whose x or
    /// y is not finite, or not positive on a log axis, are ignored).
    public var xDataInterval: ClosedRange<Double>? { dataInterval(alongX: true) }

    /// The data interval along y over all series, of the points that can be shown.
    public var yDataInterval: ClosedRange<Double>? { dataInterval(alongX: false) }

    /// The x view limits drawn: `xLimits` if set, else the data with a 5 % margin (in decades on a log axis).
    public var xViewLimits: ClosedRange<Double> {
        AxisLimits.viewLimits(explicit: xLimits, data: xDataInterval, scale: xScale)
    }

    /// The y view limits drawn: `yLimits` if set, else the data with a 5 % margin (in decades on a log axis).
    public var yViewLimits: ClosedRange<Double> {
        AxisLimits.viewLimits(explicit: yLimits, data: yDataInterval, scale: yScale)
    }

    private func dataInterval(alongX: Bool) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for item in series {
            guard let interval = item.dataInterval(alongX: alongX, xScale: xScale, yScale: yScale) else { continue }
            low = min(low, interval.lowerBound)
            high = max(high, interval.upperBound)
        }
        return low <= high ? low...high : nil
    }
}
