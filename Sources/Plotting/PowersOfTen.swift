import Foundation

/// Exact-as-possible powers of ten, so tick values are computed without accumulated float noise.
enum PowersOfTen {
    /// 10^0 … 10^22 are exactly representable as `Double`.
    private static let exact: [Double] = {
        var table: [Double] = [1]
        for _ in 1...22 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// 10^`exponent` (correctly rounded for |exponent| ≤ 22).
    static func power(_ exponent: Int) -> Double {
        if exponent >= 0 {
            return exponent < exact.count ? exact[exponent] : pow(10, Double(exponent))
        }
        return 1 / power(-exponent)
    }

    /// `value` × 10^`exponent`, dividing by an exact power for negative exponents so that
    /// e.g. 3 × 10^−1 yields the double nearest to 0.3 rather than 0.30000000000000004.
    static func scale(_ value: Double, byPowerOfTen exponent: Int) -> Double {
        if exponent >= 0 { return value * power(exponent) }
        if -exponent < exact.count { return value / exact[-exponent] }
        // Very small scales: two steps keep the intermediate in range.
        return value / exact[22] / power(-exponent - 22)
    }

    /// ⌊log10(|value|)⌋ (0 for zero or non-finite values), as matplotlib computes it: a value within
    /// rounding of a power of ten (e.g. 4 × 2.5e299, one ulp below 1e300) counts as that power.
    static func floorLog10(_ value: Double) -> Int {
        let exponent = log10(abs(value)).rounded(.down)
        return exponent.isFinite ? Int(exponent) : 0
    }
}
