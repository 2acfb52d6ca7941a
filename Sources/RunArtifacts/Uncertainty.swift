import RunRecord

/// How the report writes a reference fit's uncertainty: standard errors, confidence intervals, the confidence band
/// and the correlations of the estimates.
package enum Uncertainty {
    /// The level used when the record has intervals but does not say at which level (the record's default).
    static let defaultLevel = 0.95

    /// A confidence level as a percentage for people: 0.95 → "95 %", 0.683 → "68.3 %".
    package static func percent(_ level: Double) -> String {
        "\(NumberFormat.short(level * 100, digits: 4)) %"
    }

    /// The level of the record's parameter intervals: `confidenceLevel`, else the band's, else 95 %.
    package static func level(of record: RunRecord) -> Double {
        record.confidenceLevel ?? record.data?.band?.level ?? defaultLevel
    }

    /// An estimate with its standard error, `7.36072 ± 0.4213` (6 and 4 significant digits); the estimate alone
    /// without one; `nil` without an estimate.
    package static func estimate(_ value: Double?, standardError: Double?) -> String? {
        guard let value else { return nil }
        let text = NumberFormat.short(value, digits: 6)
        guard let standardError else { return text }
        return text + " ± " + NumberFormat.short(standardError, digits: 4)
    }

    /// A confidence interval, `[6.51, 8.21]` (6 significant digits); "—" when a bound is missing.
    package static func interval(lower: Double?, upper: Double?) -> String {
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
    package static let highCorrelation = 0.999

    /// Whether the off-diagonal correlation `r` is high enough to highlight.
    static func isHigh(_ r: Double) -> Bool { Swift.abs(r) > highCorrelation }

    /// The correlation matrix of the parameters `names` as the report page shows it: one row per parameter (its
    /// `name` and `cells`, each with its `value` to 3 decimals and whether it is `high`, |r| > 0.999 off the
    /// diagonal), and the highly correlated pairs ("a and b") in matrix order. `nil` when the matrix is not
    /// `names.count` × `names.count`. Every cell of the matrix passes through here, so it lives in this optimised
    /// target rather than in `Report`'s page.
    package static func correlationTable(_ matrix: [[Double]], names: [String])
        -> (rows: [[String: Any]], highPairs: [String])?
    {
        guard matrix.count == names.count, matrix.allSatisfy({ $0.count == names.count }) else { return nil }
        let rows: [[String: Any]] = matrix.enumerated().map { i, row in
            [
                "name": names[i],
                "cells": row.enumerated().map { j, r -> [String: Any] in
                    ["value": correlation(r), "high": i != j && isHigh(r)]
                },
            ]
        }
        let highPairs = (0..<names.count).flatMap { i in
            ((i + 1)..<names.count).filter { isHigh(matrix[i][$0]) }.map { "\(names[i]) and \(names[$0])" }
        }
        return (rows, highPairs)
    }
}
