/// Elementary functions written with plain IEEE-754 arithmetic only (no platform libm), so their results are the
/// same bits on every machine. Used where reproducibility across platforms matters more than the last ulp.
public enum DeterministicMath {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let sqrt2 = 1.4142135623730951

    /// Natural logarithm of a positive finite `x`, accurate to about 1 ulp.
    ///
    /// Writes x = m·2^e with m in [√½, √2), then ln m = 2·atanh(s) with s = (m−1)/(m+1), |s| ≤ 0.1716, summed as an
    /// odd series to s²³ (truncation below 1e-18). Returns NaN for x ≤ 0 or NaN, +∞ for +∞.
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        var m = x.significand
        var e = Double(x.exponent)
        if m > sqrt2 {
            m /= 2
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        // Horner form of 1 + s²/3 + s⁴/5 + … + s²²/23.
        var poly = 1.0 / 23
        var k = 21.0
        while k >= 1 {
            poly = poly * s2 + 1 / k
            k -= 2
        }
        let lnM = 2 * s * poly
        return e * ln2Hi + (lnM + e * ln2Lo)
    }
}
