import Foundation

/// The labels of an axis's ticks plus the text matplotlib shows once at the axis end
/// (its "offset text", e.g. `1e6` or `+1e3`) when labels are scaled or shifted.
public struct TickLabels: Sendable, Equatable {
    /// One label per tick, in the order of the ticks.
    public var labels: [String]
    /// A multiplier and/or offset to apply to every label (`nil` when labels are plain values).
    /// A tick's value is label × 10^k + offset for offset text "1ek+offset".
    public var offsetText: String?

    /// Labels and an optional offset text.
    public init(labels: [String], offsetText: String? = nil) {
        self.labels = labels
        self.offsetText = offsetText
    }
}

/// Formats tick values like matplotlib's default `ScalarFormatter`:
/// one fixed number of decimals per axis (derived from the tick spacing), no float noise,
/// the unicode minus sign "−" (U+2212), an offset when the ticks share many leading digits
/// (`axes.formatter.offset_threshold` 4) and a ×10^k multiplier when the largest tick is
/// ≥ 10^`upperPowerLimit` or ≤ 10^`lowerPowerLimit` (`axes.formatter.limits` [−5, 6]).
public struct TickFormatter: Sendable, Equatable {
    /// Use an offset such as "+1e3" when it saves at least `offsetThreshold` digits.
    public var useOffset: Bool
    /// The fewest leading digits an offset must save (`axes.formatter.offset_threshold`).
    public var offsetThreshold: Int
    /// Scientific multiplier when the order of magnitude is ≤ this (matplotlib −5).
    public var lowerPowerLimit: Int
    /// Scientific multiplier when the order of magnitude is ≥ this (matplotlib 6).
    public var upperPowerLimit: Int

    /// The minus sign matplotlib uses (`axes.unicode_minus`).
    public static let minusSign = "\u{2212}"

    /// A formatter with matplotlib's defaults unless overridden.
    public init(useOffset: Bool = true, offsetThreshold: Int = 4,
                lowerPowerLimit: Int = -5, upperPowerLimit: Int = 6) {
        self.useOffset = useOffset
        self.offsetThreshold = offsetThreshold
        self.lowerPowerLimit = lowerPowerLimit
        self.upperPowerLimit = upperPowerLimit
    }

    /// Labels for `ticks` on an axis whose view limits are `viewLimits`.
    /// Only ticks inside the view decide the offset and multiplier, as in matplotlib.
    public func labels(for ticks: [Double], viewLimits: ClosedRange<Double>) -> TickLabels {
        let finiteTicks = ticks.filter(\.isFinite)
        guard !finiteTicks.isEmpty else { return TickLabels(labels: ticks.map { _ in "" }) }
        let visible = finiteTicks.filter { viewLimits.contains($0) }
        let offset = useOffset ? computeOffset(visible: visible) : 0
        let order = orderOfMagnitude(visible: visible, offset: offset, viewLimits: viewLimits)
        let scaled: (Double) -> Double = { value in
            PowersOfTen.scale(value - offset, byPowerOfTen: -order)
        }
        var decimalSource = finiteTicks
        if finiteTicks.count < 2 {
            decimalSource += [viewLimits.lowerBound, viewLimits.upperBound].filter(\.isFinite)
        }
        let decimals = Self.decimals(for: decimalSource.map(scaled))
        let labels = ticks.map { tick -> String in
            guard tick.isFinite else { return "" }
            var value = scaled(tick)
            if abs(value) < 1e-8 { value = 0 }
            return Self.fixed(value, decimals: decimals)
        }
        var offsetText = ""
        if order != 0 { offsetText += "1e" + Self.integer(order) }
        if offset != 0 { offsetText += (offset > 0 ? "+" : "") + Self.compactScientific(offset) }
        return TickLabels(labels: labels, offsetText: offsetText.isEmpty ? nil : offsetText)
    }

    /// `value` with `decimals` digits after the point, "−" for negatives, never "−0".
    static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") {
            text.removeFirst()
            let isZero = text.allSatisfy { $0 == "0" || $0 == "." }
            if !isZero { text = minusSign + text }
        }
        return text
    }

    static func integer(_ value: Int) -> String {
        value < 0 ? minusSign + String(-value) : String(value)
    }

    /// A value as "1e3", "1.5e3", "−2e−4" or "7" (matplotlib's `format_data`, trailing zeros dropped).
    static func compactScientific(_ value: Double) -> String {
        guard value != 0, value.isFinite else { return "0" }
        let exponent = PowersOfTen.floorLog10(value)
        let significand = PowersOfTen.scale(value, byPowerOfTen: -exponent)
        var text = String(format: "%.10f", significand)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        if text.hasPrefix("-") { text = minusSign + text.dropFirst() }
        return exponent == 0 ? text : text + "e" + integer(exponent)
    }

    /// The fewest decimals that print every value exactly to within 1e-3 of the values' range
    /// (matplotlib's `ScalarFormatter._set_format`).
    static func decimals(for values: [Double]) -> Int {
        guard let low = values.min(), let high = values.max() else { return 0 }
        var range = high - low
        if range == 0 { range = values.map(abs).max() ?? 0 }
        if range == 0 || !range.isFinite { range = 1 }
        let rangeOrder = PowersOfTen.floorLog10(range)
        let threshold = 1e-3 * PowersOfTen.scale(1, byPowerOfTen: rangeOrder)
        var digits = min(20, max(0, 3 - rangeOrder))
        while digits >= 0 {
            let worst = values.map { abs($0 - rounded($0, decimals: digits)) }.max() ?? 0
            if worst < threshold { digits -= 1 } else { break }
        }
        return min(20, digits + 1)
    }

    private static func rounded(_ value: Double, decimals: Int) -> Double {
        let factor = PowersOfTen.power(decimals)
        let scaled = value * factor
        guard scaled.isFinite, abs(scaled) < 1e15 else { return value }
        return scaled.rounded() / factor
    }

    /// matplotlib's `_compute_offset`: a round number shared by all visible ticks, or 0.
    private func computeOffset(visible: [Double]) -> Double {
        guard let low = visible.min(), let high = visible.max(), low != high, !(low <= 0 && 0 <= high) else {
            return 0
        }
        let absMin = min(abs(low), abs(high)), absMax = max(abs(low), abs(high))
        let sign: Double = low < 0 ? -1 : 1
        let quotient: (Double, Int) -> Double = { value, order in
            PowersOfTen.scale(value, byPowerOfTen: -order).rounded(.down)
        }
        let topOrder = Int(log10(absMax).rounded(.up))
        let floorOrder = topOrder - 400
        // Smallest power of ten at which both ends agree.
        var order = topOrder
        while order > floorOrder, quotient(absMin, order) == quotient(absMax, order) { order -= 1 }
        order += 1
        if (absMax - absMin) / PowersOfTen.power(order) <= 1e-2 {
            // Straddling a multiple of a large power of ten: agree up to one unit.
            order = topOrder
            while order > floorOrder, quotient(absMax, order) - quotient(absMin, order) <= 1 { order -= 1 }
            order += 1
        }
        let leading = quotient(absMax, order)
        guard leading >= PowersOfTen.power(max(0, offsetThreshold - 1)) else { return 0 }
        return sign * PowersOfTen.scale(leading, byPowerOfTen: order)
    }

    /// matplotlib's `_set_order_of_magnitude`: the exponent of the ×10^k multiplier, or 0.
    private func orderOfMagnitude(visible: [Double], offset: Double, viewLimits: ClosedRange<Double>) -> Int {
        guard !visible.isEmpty else { return 0 }
        let order: Int
        if offset != 0 {
            let span = viewLimits.upperBound - viewLimits.lowerBound
            guard span > 0, span.isFinite else { return 0 }
            order = PowersOfTen.floorLog10(span)
        } else {
            let largest = visible.map(abs).max() ?? 0
            guard largest > 0 else { return 0 }
            order = PowersOfTen.floorLog10(largest)
        }
        return order <= lowerPowerLimit || order >= upperPowerLimit ? order : 0
    }
}
