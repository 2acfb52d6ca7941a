import Foundation

/// How data values map to positions along an axis (matplotlib's `set_xscale`/`set_yscale`).
public enum AxisScale: String, Sendable, Equatable, CaseIterable, Codable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios (base 10); non-positive values cannot be shown and are skipped.
    case log

    /// Whether `value` can be placed on an axis of this scale: finite, and positive for `.log`.
    public func canShow(_ value: Double) -> Bool {
        switch self {
        case .linear: return value.isFinite
        case .log: return value.isFinite && value > 0
        }
    }

    /// The value in the space where the axis is linear: itself, or its base-10 logarithm.
    func transform(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return value > 0 ? log10(value) : -.infinity
        }
    }

    /// The inverse of `transform`.
    func inverse(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .log: return pow(10, value)
        }
    }
}
