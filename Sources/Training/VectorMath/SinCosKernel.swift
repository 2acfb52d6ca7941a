// sin and cos: x = k·π/2 + r with k = round(x·2/π) (magic-number rounding) and |r| ≤ π/4 (+ rounding slack), quadrant k
// mod 4 from the low bits of the rounded sum. For |x| ≤ 2^20 the reduction is Cody–Waite with π/2 in four parts
// (TwoOverPiTable.swift): the first three have 33 bits, so k·halfPi1…3 are exact, x − k·halfPi1 is exact, and the next
// two subtractions keep their rounding errors (Fast2Sum: each is exact whenever its operands are out of order), so r =
// rh + rl is accurate to far below an ulp of r even next to a multiple of π/2. Larger |x| go through the Payne–Hanek
// reduction (PayneHanek.swift). On the reduced argument, with z = rh²:
//   sin r ≈ rh + (rh·z·S(z) + rl·(1 − z/2)),  cos r ≈ 1 − z/2 + z²·C(z) − rh·rl,
// S and C degree-6 Chebyshev fits on z ∈ [0, (π/4·1.0001)²] from scripts/gen_vmath_polys.py (errors of the rounded
// polynomials 6.3e-18 and 1.2e-18 relative, 2^-57.1 and 2^-59.5); 1 − z/2 is summed with its rounding error.

extension VectorMath {
    /// |x| up to which the Cody–Waite reduction is used (|k| < 2^20 keeps k·halfPi1…3 exact).
    static let sinCosFastLimit = 0x1p20

    /// sin(r) and cos(r) for r = rh + rl, |r| ≤ π/4·1.0001, turned into sin(k·π/2 + r), cos(k·π/2 + r) for k ≡ q (mod
    /// 4).
    @inline(__always) @usableFromInline
    static func sinCosReduced(_ rh: Double, _ rl: Double, _ q: UInt64) -> (sin: Double, cos: Double) {
        let z = rh * rh
        // S(z) and C(z) in Estrin's scheme (see expm1Reduced).
        let z2 = z * z, z4 = z2 * z2
        let s01 = -0x1.5555555555555p-3 + 0x1.1111111111110p-7 * z
        let s23 = -0x1.a01a01a019936p-13 + 0x1.71de3a54605eep-19 * z
        let s45 = -0x1.ae64541266378p-26 + 0x1.61217ec01749dp-33 * z
        let s = (s01 + s23 * z2) + (s45 - 0x1.ab17a79237a19p-41 * z2) * z4
        let c01 = 0x1.5555555555555p-5 - 0x1.6c16c16c16c16p-10 * z
        let c23 = 0x1.a01a01a019d0ap-16 - 0x1.27e4fb7712bdfp-22 * z
        let c45 = 0x1.1eed8deb6d561p-29 - 0x1.9394b9c9c20a4p-37 * z
        let c = (c01 + c23 * z2) + (c45 + 0x1.ab783376962cfp-45 * z2) * z4
        let hz = 0.5 * z
        let sinR = rh + ((z * rh) * s + (rl - hz * rl))
        let w = 1 - hz
        let cosR = w + (((1 - w) - hz) + ((z * z) * c - rh * rl))
        // Quadrant: odd k swaps sin and cos; sin changes sign for k ≡ 2, 3 and cos for k ≡ 1, 2 (mod 4).
        let swap = q & 1 != 0
        let sinV = swap ? cosR : sinR
        let cosV = swap ? sinR : cosR
        let sinSign = (q & 2) << 62
        let cosSign = ((q &+ 1) & 2) << 62
        return (Double(bitPattern: sinV.bitPattern ^ sinSign), Double(bitPattern: cosV.bitPattern ^ cosSign))
    }

    /// Cody–Waite reduction for |x| ≤ sinCosFastLimit: x = k·π/2 + rh + rl, q = k mod 4 (in the low bits).
    @inline(__always) @usableFromInline
    static func reduceMedium(_ x: Double) -> (rh: Double, rl: Double, q: UInt64) {
        let t = x * twoOverPi + roundMagic
        let k = t - roundMagic
        let y1 = x - k * halfPi1
        let t2 = k * halfPi2
        let y2 = y1 - t2
        let e2 = (y1 - y2) - t2
        let t3 = k * halfPi3
        let y3 = y2 - t3
        let e3 = (y2 - y3) - t3
        let lo = (e2 + e3) - k * halfPi4
        let rh = y3 + lo
        let rl = (y3 - rh) + lo
        return (rh, rl, t.bitPattern)
    }

    /// The branch-free fast path for |x| ≤ sinCosFastLimit. |x| < 2^-27 returns sin x = x (exact to the rounding, and
    /// keeps the sign of −0).
    @inline(__always) @usableFromInline
    static func sinCosFast(_ x: Double) -> (sin: Double, cos: Double) {
        let (rh, rl, q) = reduceMedium(x)
        let v = sinCosReduced(rh, rl, q)
        return (x.magnitude < 0x1p-27 ? x : v.sin, v.cos)
    }

    /// Everything else: |x| > sinCosFastLimit through Payne–Hanek, NaN for ±∞ and NaN.
    @inline(never) @usableFromInline
    static func sinCosSlow(_ x: Double) -> (sin: Double, cos: Double) {
        if x.magnitude <= sinCosFastLimit { return sinCosFast(x) }
        guard x.isFinite else { return (.nan, .nan) }
        let (rh, rl, q) = reduceLarge(x)
        return sinCosReduced(rh, rl, q)
    }

    /// The scalar function shared by all forms: the fast path, or the slow one outside its range.
    @inline(__always) @usableFromInline
    static func sinCosScalar(_ x: Double) -> (sin: Double, cos: Double) {
        x.magnitude <= sinCosFastLimit ? sinCosFast(x) : sinCosSlow(x)
    }

    /// Applies `fast` to each chunk of ordinary arguments and `scalar` element by element to a chunk holding any
    /// argument outside the fast range.
    @inline(__always)
    static func sinCosMap(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int,
                          _ pick: ((sin: Double, cos: Double)) -> Double) {
        chunks(x, out, count) { src, dst, start, n in
            if anyOutside(src, start, n, sinCosFastLimit) {
                for i in start..<(start + n) { dst[i] = pick(sinCosScalar(src[i])) }
            } else {
                for i in start..<(start + n) { dst[i] = pick(sinCosFast(src[i])) }
            }
        }
    }

    /// Sine, within 1 ulp of the exact value for every finite double (largest error measured 0.77 ulp).
    ///
    /// sin(±0) = ±0 (and sin x = x for |x| < 2^-27, subnormals included), sin(±∞) = NaN, NaN for NaN. Method: x = k·π/2
    /// + r, Cody–Waite reduction with π/2 in four parts for |x| ≤ 2^20 and Payne–Hanek with 2/π to 1,536 bits beyond,
    /// then polynomials for sin r and cos r on |r| ≤ π/4 chosen and signed by k mod 4.
    public static func sin(_ x: Double) -> Double { sinCosScalar(x).sin }

    /// Cosine, within 1 ulp of the exact value for every finite double (largest error measured 0.76 ulp).
    ///
    /// cos(±0) = 1, cos(±∞) = NaN, NaN for NaN. Method: as `sin`.
    public static func cos(_ x: Double) -> Double { sinCosScalar(x).cos }

    /// (sin x, cos x) from one reduction: the same bits as `sin(x)` and `cos(x)`.
    public static func sinCos(_ x: Double) -> (sin: Double, cos: Double) { sinCosScalar(x) }

    /// out[i] = sin(x[i]) for i in 0..<count, the same bits as the scalar `sin`. `out` may be `x` (in place); no other
    /// overlap. Vectorised; a 128-element chunk holding an argument with |x| > 2^20, ±∞ or NaN runs element by element.
    public static func sin(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        sinCosMap(x, out, count) { $0.sin }
    }

    /// out[i] = cos(x[i]) for i in 0..<count, the same bits as the scalar `cos`. `out` may be `x` (in place); no other
    /// overlap. Vectorised as `sin`.
    public static func cos(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, count: Int) {
        sinCosMap(x, out, count) { $0.cos }
    }

    /// sin[i] = sin(x[i]) and cos[i] = cos(x[i]) for i in 0..<count, the same bits as the scalar functions. `x` may be
    /// `sin` or `cos` (in place); no other overlap. Vectorised as `sin`.
    public static func sinCos(_ x: UnsafePointer<Double>, sin: UnsafeMutablePointer<Double>,
                              cos: UnsafeMutablePointer<Double>, count: Int) {
        guard count > 0 else { return }
        // Reading through the output pointer when the input is one of the outputs keeps the loop free of an overlap
        // check that an in-place call would fail (see `map`).
        if UnsafePointer(sin) == x {
            sinCosLoop(UnsafePointer(sin), sin, cos, count)
        } else if UnsafePointer(cos) == x {
            sinCosLoop(UnsafePointer(cos), sin, cos, count)
        } else {
            sinCosLoop(x, sin, cos, count)
        }
    }

    @inline(__always)
    static func sinCosLoop(_ x: UnsafePointer<Double>, _ sinOut: UnsafeMutablePointer<Double>,
                           _ cosOut: UnsafeMutablePointer<Double>, _ count: Int) {
        var start = 0
        while start < count {
            let n = Swift.min(sinCosChunk, count - start)
            if anyOutside(x, start, n, sinCosFastLimit) {
                for i in start..<(start + n) {
                    let v = sinCosScalar(x[i])
                    sinOut[i] = v.sin
                    cosOut[i] = v.cos
                }
            } else {
                for i in start..<(start + n) {
                    let v = sinCosFast(x[i])
                    sinOut[i] = v.sin
                    cosOut[i] = v.cos
                }
            }
            start += n
        }
    }
}
