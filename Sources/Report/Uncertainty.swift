import RunRecord

/// How the report writes a reference fit's uncertainty: standard errors, confidence intervals, the confidence band
/// and the correlations of the estimates.
enum Uncertainty {
    /// The level used when the record has intervals but does not say at which level (the record's default).
    static let defaultLevel = 0.95

    /// A confidence level as a percentage for people: 0.95 → "95 %", 0.683 → "68.3 %".
    static func percent(_ level: Double) -> String {
        "\(NumberFormat.short(level * 100, digits: 4)) %"
    }

    /// The level of the record's parameter intervals: `confidenceLevel`, else the band's, else 95 %.
    static func level(of record: RunRecord) -> Double {
        record.confidenceLevel ?? record.data?.band?.level ?? defaultLevel
    }

    /// An estimate with its standard error, `7.36072 ± 0.4213` (6 and 4 significant digits); the estimate alone
    /// without one; `nil` without an estimate.
    static func estimate(_ value: Double?, standardError: Double?) -> String? {
        guard let value else { return nil }
        let text = NumberFormat.short(value, digits: 6)
        guard let standardError else { return text }
        return text + " ± " + NumberFormat.short(standardError, digits: 4)
    }

    /// A confidence interval, `[6.51, 8.21]` (6 significant digits); "—" when a bound is missing.
    static func interval(lower: Double?, upper: Double?) -> String {
        guard let lower, let upper else { return "—" }
        return "[\(NumberFormat.short(lower, digits: 6)), \(NumberFormat.short(upper, digits: 6))]"
    }

    /// A correlation with 3 decimals (`-0.968`, `1.000`; no negative zero); non-finite values as `NumberFormat.short`.
    static func correlation(_ r: Double) -> String {
        guard r.isFinite else { return NumberFormat.short(r) }
        let text = String(format: "%.3f", r)
        return text == "-0.000" ? "0.000" : text
    }

    /// Correlations above this in magnitude mark estimates that are nearly redundant (highlighted in the report).
    static let highCorrelation = 0.999

    /// Whether the off-diagonal correlation `r` is high enough to highlight.
    static func isHigh(_ r: Double) -> Bool { Swift.abs(r) > highCorrelation }
}
