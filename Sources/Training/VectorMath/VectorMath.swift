/// Deterministic, vectorisable elementary functions: exp, log, sin, cos, tanh and sigmoid of doubles, one at a time or
/// over buffers.
///
/// Every kernel uses only IEEE-754 basic operations (+ − × ÷), comparisons, selects and integer operations on bit
/// patterns — no platform libm, no fused multiply-add, no extended precision — so a result is the same bits on every
/// platform, vector width and thread count. The polynomial coefficients are derived by `scripts/gen_vmath_polys.py`
/// (Chebyshev fits with mpmath, error of the rounded coefficients stated next to each), the bits of 2/π by
/// `scripts/gen_two_over_pi.py` (exact integer arithmetic).
///
/// Each scalar function and its buffer form share one `@inline(__always)` core, so `VectorMath.exp(x[i])` and
/// `VectorMath.exp(x, out, count:)` give identical bits. The buffer loops are branch-free for ordinary arguments, so
/// the compiler vectorises them; sin/cos of |x| > 2^20 (and of ±∞ or NaN) take a scalar slow path per 128-element chunk
/// that contains one.
///
/// Accuracy against the correctly rounded result, measured on dense samples by `VectorMathTests` (≤ 2 ulp is asserted):
/// see the documentation of each function.
public enum VectorMath {}

extension VectorMath {
    /// 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to the nearest integer (ties to even),
    /// and the sum's low mantissa bits hold that integer in two's complement.
    @usableFromInline static let roundMagic = 0x1.8p52

    @usableFromInline static let signMask: UInt64 = 0x8000_0000_0000_0000

    /// 2^k for an integral double k in [−1022, 1023], built from its exponent bits.
    @inline(__always) @usableFromInline
    static func pow2(_ k: Double) -> Double {
        // (k + 1.5·2^52).bitPattern = roundMagic.bitPattern + k (wrapping), so the biased exponent is that + 1023 − it.
        let bias: UInt64 = 1023 &- roundMagic.bitPattern
        return Double(bitPattern: ((k + roundMagic).bitPattern &+ bias) << 52)
    }

    /// out[i] = f(x[i]) for i in 0..<count. When `out` is `x` the loop reads and writes one pointer, so the compiler
    /// needs no run-time overlap check (which would send an in-place call to its scalar fallback loop).
    ///
    /// The last `count % 8` elements go through the same vector loop as the rest, padded with zeros to eight lanes:
    /// the compiler's remainder loop is scalar, and at 100 points (a block of 96 plus 4) those four elements took a
    /// fifth of a tanh network's transcendental time. Each lane's operations are the same either way, so are its bits.
    @inline(__always) @usableFromInline
    static func map(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int,
                    _ f: (Double) -> Double) {
        guard count > 0 else { return }
        let whole = count - count % tailLanes
        if UnsafePointer(out) == x {
            for i in 0..<whole { out[i] = f(out[i]) }
        } else {
            for i in 0..<whole { out[i] = f(x[i]) }
        }
        guard whole < count else { return }
        var lanes = SIMD8<Double>()
        for i in whole..<count { lanes[i - whole] = x[i] }
        withUnsafeMutableBytes(of: &lanes) { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: Double.self)
            for i in 0..<tailLanes { p[i] = f(p[i]) }
        }
        for i in whole..<count { out[i] = lanes[i - whole] }
    }

    /// Lanes of the padded last vector in `map`.
    @usableFromInline static let tailLanes = 8

    /// Elements per chunk of the sin/cos buffer loops: a chunk whose arguments are all in the fast range runs the
    /// branch-free loop; any other chunk runs element by element through the scalar function.
    static let sinCosChunk = 128

    /// Runs `body(src, dst, start, n)` over chunks; `src` is the same pointer value as `dst` when the caller works in
    /// place (see `map`).
    @inline(__always)
    static func chunks(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int,
                       _ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int, Int) -> Void) {
        guard count > 0 else { return }
        let inPlace = UnsafePointer(out) == x
        var start = 0
        while start < count {
            let n = Swift.min(sinCosChunk, count - start)
            if inPlace { body(UnsafePointer(out), out, start, n) } else { body(x, out, start, n) }
            start += n
        }
    }

    /// 1 if any of x[start..<start+n] is outside [−limit, limit] (or NaN), else 0; a branch-free reduction.
    @inline(__always)
    static func anyOutside(_ x: UnsafePointer<Double>, _ start: Int, _ n: Int, _ limit: Double) -> Bool {
        var flag: UInt64 = 0
        for i in start..<(start + n) { flag |= x[i].magnitude <= limit ? 0 : 1 }
        return flag != 0
    }
}
