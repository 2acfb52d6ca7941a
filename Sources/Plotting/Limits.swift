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
    /// otherwise the autoscaled data interval.
    public static func viewLimits(explicit: ClosedRange<Double>?, data: ClosedRange<Double>?,
                                  margin: Double = PlotStyle.margin) -> ClosedRange<Double> {
        if let explicit, explicit.lowerBound.isFinite, explicit.upperBound.isFinite {
            return nonsingular(explicit)
        }
        return autoscale(data, margin: margin)
    }
}

extension Series {
    /// The x values of the series.
    public var xValues: [Double] {
        switch self {
        case .scatter(let s): return s.x
        case .line(let l): return l.x
        }
    }

    /// The y values of the series.
    public var yValues: [Double] {
        switch self {
        case .scatter(let s): return s.y
        case .line(let l): return l.y
        }
    }

    /// The legend label, if any.
    public var label: String? {
        switch self {
        case .scatter(let s): return s.label
        case .line(let l): return l.label
        }
    }

    /// The (x, y) pairs where both coordinates are finite (pairs beyond the shorter array are ignored).
    var finitePoints: [(x: Double, y: Double)] {
        let xs = xValues, ys = yValues
        return zip(xs, ys).compactMap { $0.isFinite && $1.isFinite ? (x: $0, y: $1) : nil }
    }
}

extension Axes {
    /// The finite data interval along x over all series (points whose x or y is not finite are ignored).
    public var xDataInterval: ClosedRange<Double>? {
        AxisLimits.dataInterval(of: series.lazy.flatMap { $0.finitePoints.lazy.map(\.x) })
    }

    /// The finite data interval along y over all series.
    public var yDataInterval: ClosedRange<Double>? {
        AxisLimits.dataInterval(of: series.lazy.flatMap { $0.finitePoints.lazy.map(\.y) })
    }

    /// The x view limits drawn: `xLimits` if set, else the data with a 5 % margin.
    public var xViewLimits: ClosedRange<Double> {
        AxisLimits.viewLimits(explicit: xLimits, data: xDataInterval)
    }

    /// The y view limits drawn: `yLimits` if set, else the data with a 5 % margin.
    public var yViewLimits: ClosedRange<Double> {
        AxisLimits.viewLimits(explicit: yLimits, data: yDataInterval)
    }
}
