// exp: x = k·ln2 + r with k = round(x/ln2) (magic-number rounding) and |r| ≤ ln2/2, Cody–Waite with ln2 = ln2Hi + ln2Lo
// (ln2Hi has 42 significant bits, so k·ln2Hi is exact and x − k·ln2Hi is exact by Sterbenz). e^r − 1 = r + r²/2 +
// r³·q(r) with q a degree-9 Chebyshev fit on [−0.3467, 0.3467] from scripts/gen_vmath_polys.py: the rounded
// coefficients give |1 + r + r²/2 + r³q(r) − e^r| ≤ 9.7e-19·e^r (2^-59.8). Then 2^k(1 + p) is formed as ((1 +
// p)·2^k1)·2^k2 with k1 + k2 = k, both in the normal range, so overflow, gradual underflow and zero come out of one
// rounding.

extension VectorMath {
    static let ln2Hi = 0x1.62e42fefa3800p-1
    static let ln2Lo = 0x1.ef35793c76730p-45
    static let log2e = 0x1.71547652b82fep+0

    /// e^r − 1 for |r| ≤ 0.3467, with relative error ≲ 2^-54 (rounding of the evaluation included). The polynomial is
    /// evaluated in Estrin's scheme (pairs, then powers r², r⁴, r⁸), whose short dependency chains keep the vector
    /// units busy; Horner's would be latency-bound.
    @inline(__always) @usableFromInline
    static func expm1Reduced(_ r: Double) -> Double {
        // Each c + d·t is one explicit fused multiply-add (one rounding, the same on every platform): 14 operations
        // instead of 24.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let a = (0x1.5555555555556p-3).addingProduct(0x1.5555555555555p-5, r)
        let b = (0x1.11111111109afp-7).addingProduct(0x1.6c16c16c167dfp-10, r)
        let c = (0x1.a01a01a7c73c0p-13).addingProduct(0x1.a01a01a47ccd9p-16, r)
        let d = (0x1.71de0da24602dp-19).addingProduct(0x1.27e4e1ed9933ep-22, r)
        let e = (0x1.af38c67fbb53ep-26).addingProduct(0x1.1f66eff4fc984p-29, r)
        let q = a.addingProduct(b, r2).addingProduct(c.addingProduct(d, r2), r4).addingProduct(e, r8)
        return r.addingProduct(r2, (0.5).addingProduct(r, q))
    }

    /// x = k·ln2 + r reduced: e^r − 1 = p and the two scales with 2^k1·2^k2 = 2^k (both in the normal range), so
    /// e^x = ((1 + p)·s1)·s2 with overflow, gradual underflow and zero from one rounding. Any double, branch-free.
    @inline(__always) @usableFromInline
    static func expReduced(_ x: Double) -> (p: Double, s1: Double, s2: Double) {
        // Clamp (NaN passes through both comparisons): e^710 overflows and e^-746 rounds to zero.
        let xc = x > 710 ? 710 : (x < -746 ? -746 : x)
        let kd = (xc * log2e + roundMagic) - roundMagic
        let r = (xc - kd * ln2Hi) - kd * ln2Lo
        let k1 = (kd * 0.5 + roundMagic) - roundMagic
        return (expm1Reduced(r), pow2(k1), pow2(kd - k1))
    }

    /// e^x as an unevaluated sum hi + lo: hi is the `exp` result and lo the rounding error of its 1 + p (scaled the
    /// same way), so hi + lo carries e^x to ~2^-100 relative before the polynomial's own error. Any double,
    /// branch-free.
    @inline(__always) @usableFromInline
    static func expSplit(_ x: Double) -> (hi: Double, lo: Double) {
        let (p, s1, s2) = expReduced(x)
        let h = 1 + p
        return ((h * s1) * s2, ((p - (h - 1)) * s1) * s2)
    }

    /// The exp core: any double, including ±∞ and NaN, branch-free. The same operations as `expSplit(x).hi`.
    @inline(__always) @usableFromInline
    static func expCore(_ x: Double) -> Double {
        let (p, s1, s2) = expReduced(x)
        return ((1 + p) * s1) * s2
    }

    /// e^y for y in [1, 64] (NaN for NaN), the same bits as `expCore(y)`: there 2^k1·2^k2 is an exact scaling by 2^k
    /// and no clamp applies, so one scaling does, nine operations fewer. tanh's exponential form runs here.
    @inline(__always) @usableFromInline
    static func expModerate(_ y: Double) -> Double {
        let kd = (y * log2e + roundMagic) - roundMagic
        let r = (y - kd * ln2Hi) - kd * ln2Lo
        return (1 + expm1Reduced(r)) * pow2(kd)
    }

    /// e^x, within 1 ulp of the exact value (largest error measured 0.93 ulp; subnormal results within 1 ulp of the
    /// subnormal grid).
    ///
    /// exp(±0) = 1, exp(x) = +∞ for x > 709.782712893384 (and for +∞), gradual underflow down to +0 below about −745.13
    /// (and for −∞), NaN for NaN. Method: Cody–Waite reduction x = k·ln2 + r, a degree-12 polynomial for e^r, scaling
    /// by 2^k built from exponent bits.
    public static func exp(_ x: Double) -> Double { expCore(x) }

    /// out[i] = exp(x[i]) for i in 0..<count, the same bits as the scalar `exp`. `out` may be `x` (in place); no other
    /// overlap. Branch-free, vectorised.
    public static func exp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        map(x, out, count) { expCore($0) }
    }
}
