// log: x = m·2^e with m in [√½, √2) taken from the bit pattern (subnormals are first scaled by 2^54), f = m − 1
// (exact), s = f/(2+f), log(1+f) = 2·atanh(s) = f − (f²/2 − s·(f²/2 + T)) with T = s²·h(s²); h is a degree-6 Chebyshev
// fit on s² ∈ [0, 0.17158²] from scripts/gen_vmath_polys.py, |2s + s³h(s²) − 2·atanh(s)| ≤ 4.6e-18·|2·atanh(s)|
// (2^-57.6). The result is e·ln2Hi + (log(1+f) + e·ln2Lo) with e·ln2Hi exact.

extension VectorMath {
    /// The log core: any double, branch-free.
    @inline(__always) @usableFromInline
    static func logCore(_ x: Double) -> Double {
        let tiny = x < 0x1p-1022
        let xs = tiny ? x * 0x1p54 : x
        // Adding 1.0.bits − √½.bits moves m ∈ [√½, √2) to [1, 2) in the exponent field: the exponent bits give e + 1023
        // and the remaining mantissa bits, added back to √½'s bits, give m.
        let u = xs.bitPattern &+ 0x0009_5f61_9980_c433
        let eOffset = tiny ? 0x1p52 + 1023 + 54 : 0x1p52 + 1023
        let e = Double(bitPattern: (u >> 52) | 0x4330_0000_0000_0000) - eOffset
        let m = Double(bitPattern: (u & 0x000f_ffff_ffff_ffff) &+ 0x3fe6_a09e_667f_3bcd)
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        // h(z) in Estrin's scheme (see expm1Reduced).
        let z2 = z * z, z4 = z2 * z2
        let h01 = 0x1.5555555555558p-1 + 0x1.99999999952d9p-2 * z
        let h23 = 0x1.2492492df24c9p-2 + 0x1.c71c62e434baap-3 * z
        let h45 = 0x1.7462b50978d9ap-3 + 0x1.39fe54273fda1p-3 * z
        let h6 = 0x1.2b58e1fea16c6p-3
        let h = (h01 + h23 * z2) + (h45 + h6 * z2) * z4
        let t = z * h
        let hfsq = 0.5 * f * f
        let r = e * ln2Hi + (f - (hfsq - (s * (hfsq + t) + e * ln2Lo)))
        // x ≤ 0, +∞ and NaN: log(±0) = −∞, log(+∞) = +∞, NaN otherwise.
        let special = x == 0 ? -Double.infinity : (x > 0 ? x : Double.nan)
        return x < Double.infinity ? (x > 0 ? r : special) : special
    }

    /// Natural logarithm, within 1 ulp of the exact value (largest error measured 0.76 ulp).
    ///
    /// log(±0) = −∞, log(x < 0) = NaN (also for −∞), log(+∞) = +∞, log(1) = +0, NaN for NaN; subnormal inputs are exact
    /// to the same accuracy. Method: x = m·2^e with m ∈ [√½, √2) from the bit pattern, log m = 2·atanh((m−1)/(m+1)) by
    /// a polynomial in s², e·ln2 added in two parts.
    public static func log(_ x: Double) -> Double { logCore(x) }

    /// out[i] = log(x[i]) for i in 0..<count, the same bits as the scalar `log`. `out` may be `x` (in place); no other
    /// overlap. Branch-free, vectorised.
    public static func log(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        map(x, out, count) { logCore($0) }
    }
}
