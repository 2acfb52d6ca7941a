// Payne–Hanek reduction for |x| > 2^20 (finite): x = M·2^E with M a 53-bit integer. Bits of 2/π (b_i of weight 2^-i)
// with i ≤ E − 2 contribute multiples of 4 to x·2/π, which do not change sin or cos, so only a 192-bit window starting
// at bit E − 1 is multiplied by M (exact 64-bit integer products). The product's two integer bits are k mod 4, its 190
// fraction bits f (moved to [−½, ½) by rounding k) need ~62 leading zero bits in the worst case for doubles (|x −
// k·π/2| ≥ 2^-61 for every double x), and the bits of 2/π left out of the window are worth < 2^-135, so the 128 leading
// bits of |f| converted to a double-double and multiplied by π/2 (Dekker's exact product) give r = rh + rl accurate to
// ~2^-100 relative.

extension VectorMath {
    /// x = k·π/2 + rh + rl with |rh + rl| ≤ π/4 and q ≡ k (mod 4), for finite |x| > 2^20 (the table indexing needs |x|
    /// ≥ 2^-10; only used above the Cody–Waite range).
    @usableFromInline
    static func reduceLarge(_ x: Double) -> (rh: Double, rl: Double, q: UInt64) {
        let bits = x.bitPattern
        let e = Int((bits >> 52) & 0x7ff) - 1075
        let m = (bits & 0x000f_ffff_ffff_ffff) | (1 << 52)
        // Table bit index of bit i of 2/π is i + 63 (word 0 holds the zero bits i ≤ 0); the window starts at i = e − 1.
        let first = e - 1 + 63
        let word = first >> 6, shift = UInt64(first & 63)
        let table = twoOverPiBits
        func windowWord(_ j: Int) -> UInt64 {
            shift == 0 ? table[word + j] : (table[word + j] << shift) | (table[word + j + 1] >> (64 - shift))
        }
        let w0 = windowWord(0), w1 = windowWord(1), w2 = windowWord(2)
        // A = m·(w0·2^128 + w1·2^64 + w2) (a3:a2:a1:a0); x·2/π ≡ A·2^-190 (mod 4), so after A <<= 2 the top word's two
        // low bits are k mod 4 and the three lower words the fraction (its last two bits are zero).
        let p2 = m.multipliedFullWidth(by: w2)
        let p1 = m.multipliedFullWidth(by: w1)
        let p0 = m.multipliedFullWidth(by: w0)
        let a0 = p2.low
        let (a1, c1) = p2.high.addingReportingOverflow(p1.low)
        let (a2x, c2x) = p1.high.addingReportingOverflow(p0.low)
        let (a2, c2y) = a2x.addingReportingOverflow(c1 ? 1 : 0)
        let a3 = p0.high &+ (c2x ? 1 : 0) &+ (c2y ? 1 : 0)
        var q = ((a3 << 2) | (a2 >> 62)) & 3
        let (a2s, a1s, a0s) = ((a2 << 2) | (a1 >> 62), (a1 << 2) | (a0 >> 62), a0 << 2)
        // Fraction f = (a2s, a1s, a0s)/2^192 in [0, 1); f ≥ ½ rounds k up and leaves f − 1.
        var (f2, f1, f0) = (a2s, a1s, a0s)
        let negative = a2s >> 63 != 0
        if negative {
            q = (q &+ 1) & 3
            // Two's complement negation of the 192-bit integer: 2^192 − f.
            f0 = ~f0; f1 = ~f1; f2 = ~f2
            var carry: Bool
            (f0, carry) = f0.addingReportingOverflow(1)
            if carry { (f1, carry) = f1.addingReportingOverflow(1); if carry { f2 &+= 1 } }
        }
        // Normalise: shift left until the top bit is set; hi:lo are the leading 128 bits, worth (hi +
        // lo·2^-64)·2^-(64+lz).
        var lz = 0
        if f2 == 0 { (f2, f1, f0) = (f1, f0, 0); lz += 64 }
        if f2 == 0 { (f2, f1, f0) = (f1, f0, 0); lz += 64 }
        if f2 == 0 { return (x.sign == .minus ? -0.0 : 0.0, 0, q) }  // cannot happen for a double (f ≠ 0)
        let l = f2.leadingZeroBitCount
        let hi = l == 0 ? f2 : (f2 << l) | (f1 >> (64 - l))
        let lo = l == 0 ? f1 : (f1 << l) | (f0 >> (64 - l))
        lz += l
        let scale = Double(sign: .plus, exponent: -(64 + lz), significand: 1)
        let fh = Double(hi & ~0x7ff) * scale
        let fl = (Double(hi & 0x7ff) + Double(lo) * 0x1p-64) * scale
        // (fh + fl)·π/2 with the product fh·halfPiHi exact (Dekker).
        let (ph, pe) = twoProduct(fh, halfPiHi)
        let tail = pe + (fh * halfPiLo + fl * halfPiHi)
        var rh = ph + tail
        var rl = (ph - rh) + tail
        if negative { rh = -rh; rl = -rl }
        // sin/cos are odd/even: for x < 0 reduce |x| and mirror, −x = −k·π/2 − r.
        if x.sign == .minus { return (-rh, -rl, (0 &- q) & 3) }
        return (rh, rl, q)
    }

    /// a·b = p + e exactly (Dekker's product with Veltkamp splitting; no fused multiply-add), for |a|, |b| < 2^996.
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (Double, Double) {
        let p = a * b
        let ca = 134_217_729.0 * a, cb = 134_217_729.0 * b
        let ah = ca - (ca - a), al = a - ah
        let bh = cb - (cb - b), bl = b - bh
        return (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }
}
