// tanh and sigmoid, both on the exp kernel (ExpKernel.swift). tanh: |x| < 0.625 uses tanh x = x + x³·P(x²), P a
// degree-11 Chebyshev fit on x² ∈ [0, 0.625²] from scripts/gen_vmath_polys.py (error of the rounded polynomial 8.0e-18
// relative, 2^-56.8), so tiny arguments keep full relative accuracy; |x| ≥ 0.625 uses 1 − 2/(e^{2|x|} + 1), where
// 2/(e^{2|x|}+1) ≤ 0.45 so its rounding errors shrink against the result. Both are computed and one is selected
// (branch-free); the sign is copied from x. sigmoid: with E = e^{−|x|} ∈ [0, 1], σ(x) = 1/(1 + E) for x ≥ 0 and E/(1 +
// E) for x < 0: no cancellation anywhere, and tiny results for very negative x are E itself to exp's relative accuracy
// (gradual underflow included). E is kept as a double-double (exp's 1 + p with its rounding error) and the quotient
// gets one exact-residual correction, since the plain quotient's three roundings (E, 1 + E, ÷) reach 2 ulp.

extension VectorMath {
    /// tanh of a = |x| < 0.625 by the odd polynomial (sign not yet applied).
    @inline(__always) @usableFromInline
    static func tanhSmallMagnitude(_ a: Double) -> Double {
        let z = a * a
        // P(z) in Estrin's scheme (see expm1Reduced), each c + d·t one explicit fused multiply-add: 17 operations
        // instead of 28, and one rounding fewer in every step. The activation of every tanh network runs here.
        let z2 = z * z, z4 = z2 * z2, z8 = z4 * z4
        let p01 = (-0x1.5555555555555p-2).addingProduct(0x1.11111111110a8p-3, z)
        let p23 = (-0x1.ba1ba1ba0f126p-5).addingProduct(0x1.664f487e0a749p-6, z)
        let p45 = (-0x1.226e3473dce5cp-7).addingProduct(0x1.d6d39ae3905e2p-9, z)
        let p67 = (-0x1.7d9f6f23e8682p-10).addingProduct(0x1.3526e9ed54da1p-11, z)
        let p89 = (-0x1.f243823c8c981p-13).addingProduct(0x1.8445870f6fe41p-14, z)
        let pab = (-0x1.05bbdae896297p-15).addingProduct(0x1.b33642a122cddp-18, z)
        let p = p01.addingProduct(p23, z2).addingProduct(p45.addingProduct(p67, z2), z4)
            .addingProduct(p89.addingProduct(pab, z2), z8)
        return a.addingProduct(a * z, p)
    }

    /// tanh of a = |x| ≥ 0.625 (or NaN) as 1 − 2/(e^{2a} + 1) (sign not yet applied).
    @inline(__always) @usableFromInline
    static func tanhLargeMagnitude(_ a: Double) -> Double {
        // tanh rounds to 1 for |x| > 19.1; clamping at 20 keeps e^{2|x|} finite (NaN passes through).
        let y = a > 20 ? 40 : a + a
        return 1 - 2 / (expModerate(y) + 1)
    }

    /// `t` with the sign of `x`.
    @inline(__always) @usableFromInline
    static func withSign(_ t: Double, of x: Double) -> Double {
        Double(bitPattern: t.bitPattern | (x.bitPattern & signMask))
    }

    /// The tanh core: any double, branch-free (both forms computed, one selected).
    @inline(__always) @usableFromInline
    static func tanhCore(_ x: Double) -> Double {
        let a = x.magnitude
        let small = tanhSmallMagnitude(a)
        let big = tanhLargeMagnitude(a)
        return withSign(a < 0.625 ? small : big, of: x)
    }

    /// Hyperbolic tangent, within 2 ulp of the exact result (the largest error measured by VectorMathTests is 1.3 ulp,
    /// just above |x| = 0.625; below it ≤ 1 ulp).
    ///
    /// tanh(±0) = ±0, tanh x = x to full relative accuracy for tiny and subnormal x, tanh(±∞) = ±1 (and ±1 for |x| >
    /// 19.1), NaN for NaN. Method: an odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) with the exp kernel above,
    /// the sign copied from x.
    public static func tanh(_ x: Double) -> Double { tanhCore(x) }

    /// out[i] = tanh(x[i]) for i in 0..<count, the same bits as the scalar `tanh`. `out` may be `x` (in place); no
    /// other overlap. Branch-free, vectorised.
    ///
    /// Chunks of 32 whose arguments all lie on one side of |x| = 0.625 compute only that side's form (the polynomial
    /// alone is about four times cheaper than the exponential form with its division); the selected value, and so
    /// every bit, is the same as `tanhCore`'s.
    public static func tanh(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        guard count > 0 else { return }
        var start = 0
        while start < count {
            let n = Swift.min(32, count - start)
            let (someLarge, allLarge) = largeMagnitudes(x + start, n, from: 0.625)
            if !someLarge {
                map(x + start, out + start, n) { withSign(tanhSmallMagnitude($0.magnitude), of: $0) }
            } else if allLarge {
                map(x + start, out + start, n) { withSign(tanhLargeMagnitude($0.magnitude), of: $0) }
            } else {
                map(x + start, out + start, n) { tanhCore($0) }
            }
            start += n
        }
    }

    /// Whether some and whether all of x[0..<n] have |x| ≥ `limit` (NaN counts as large), eight at a time on the
    /// bit patterns: for non-negative doubles their order is the numbers' order, and NaN's is above every number's.
    /// Written with vector masks because the plain counting loop stayed scalar and branchy, and took more than a
    /// third of `tanh`'s time.
    @inline(__always)
    static func largeMagnitudes(_ x: UnsafePointer<Double>, _ n: Int, from limit: Double) -> (some: Bool, all: Bool) {
        typealias Bits = SIMD8<UInt64>
        let magnitude = Bits(repeating: ~signMask), bound = Bits(repeating: limit.bitPattern)
        var someLarge = false, allLarge = true
        var i = 0
        while i + Bits.scalarCount <= n {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: Bits.self)
            let large = (v & magnitude) .>= bound
            someLarge = someLarge || any(large)
            allLarge = allLarge && all(large)
            i += Bits.scalarCount
        }
        while i < n {
            let large = (x[i].bitPattern & ~signMask) >= limit.bitPattern
            someLarge = someLarge || large
            allLarge = allLarge && large
            i += 1
        }
        return (someLarge, allLarge)
    }

    /// The sigmoid core: any double, branch-free.
    @inline(__always) @usableFromInline
    static func sigmoidCore(_ x: Double) -> Double {
        // E = e^{−|x|} = eh + el; the denominator 1 + E = s + sl exactly (Fast2Sum, 1 ≥ eh).
        let (eh, el) = expSplit(-x.magnitude)
        let s = 1 + eh
        let sl = ((1 - s) + eh) + el
        let negative = x < 0
        let n = negative ? eh : 1
        let nl = negative ? el : 0
        // q0 = n/s rounded; one correction step with the exact residual (n + nl) − q0·(s + sl) (Dekker's product for
        // q0·s; n − q0·s is exact by Sterbenz) divided by s, for which 1/s ∈ [½, 1] to ~2% suffices (one Newton step
        // from the secant 1.5 − s/2): the result is q0 + ρ/s rounded once, within ~0.6 ulp.
        let q0 = n / s
        let (p, pe) = twoProduct(q0, s)
        let rho = (((n - p) - pe) + nl) - q0 * sl
        var inv = 1.5 - 0.5 * s
        inv = inv * (2 - s * inv)
        return q0 + rho * inv
    }

    /// The logistic sigmoid 1/(1 + e^{−x}), within 1 ulp of the exact value for all x (largest error measured 0.93 ulp;
    /// relative accuracy kept for the tiny results of very negative x, gradual underflow to +0 below about −745).
    ///
    /// sigmoid(±0) = 0.5, sigmoid(+∞) = 1, sigmoid(−∞) = +0, NaN for NaN. Method: E = e^{−|x|} with the exp kernel,
    /// then 1/(1 + E) for x ≥ 0 and E/(1 + E) for x < 0, the quotient corrected once with its exact residual.
    public static func sigmoid(_ x: Double) -> Double { sigmoidCore(x) }

    /// out[i] = sigmoid(x[i]) for i in 0..<count, the same bits as the scalar `sigmoid`. `out` may be `x` (in place);
    /// no other overlap. Branch-free, vectorised.
    public static func sigmoid(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        map(x, out, count) { sigmoidCore($0) }
    }
}
