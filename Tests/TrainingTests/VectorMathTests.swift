import XCTest
@testable import Training
#if arch(x86_64) && os(Linux)
import Glibc
#endif

/// Accuracy and bit-identity of `VectorMath`. The reference is glibc's long double (Float80) functions, accurate to far
/// better than a double ulp, so |ours − reference| in ulps of the reference's binade is a fair ≤ 2 ulp check.
final class VectorMathTests: XCTestCase {
    /// SplitMix64: a deterministic sample generator.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        /// Uniform in [a, b).
        mutating func uniform(_ a: Double, _ b: Double) -> Double {
            a + (b - a) * (Double(next() >> 11) * 0x1p-53)
        }
        /// |x| log-uniform over 2^lo ..< 2^hi (uniform exponent, uniform mantissa bits), random sign.
        mutating func logUniform(_ lo: Int, _ hi: Int) -> Double {
            let bits = next()
            let e = lo + Int(bits % UInt64(hi - lo))
            let m = Double(sign: .plus, exponent: e, significand: 1 + Double(next() >> 12) * 0x1p-52)
            return bits & (1 << 40) != 0 ? -m : m
        }
    }

    /// FNV-1a hashes of each kernel's results over its sample (see `checkForms`).
    static let resultHashes: [String: String] = [
        "cos": "d3697ec09ce440fd",
        "exp": "a595141f0da942f7",
        "log": "d27cfecd506bf59b",
        "sigmoid": "d0d9c9478c789b2d",
        "sin": "f6fb4be7c7c7d2e8",
        "tanh": "7fae8debb7d373c9",
    ]

    /// `count` samples per generator closure, from a fixed seed.
    static func samples(_ seed: UInt64, _ count: Int, _ makers: [(inout Generator) -> Double]) -> [Double] {
        var g = Generator(state: seed)
        var xs: [Double] = []
        xs.reserveCapacity(count * makers.count)
        for make in makers { for _ in 0..<count { xs.append(make(&g)) } }
        return xs
    }

    /// Applies the buffer kernel out of place, in place and as scalar calls: all three must give the same bits.
    func checkForms(_ name: String, _ xs: [Double], scalar: (Double) -> Double,
                    buffer: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> [Double] {
        var out = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in buffer(x.baseAddress!, o.baseAddress!, xs.count) }
        }
        var inPlace = xs
        inPlace.withUnsafeMutableBufferPointer { p in buffer(UnsafePointer(p.baseAddress!), p.baseAddress!, xs.count) }
        // FNV-1a over the result bits, which must be the same on every platform, vector level and build: these were
        // recorded by a `FITREPORT_CPU=baseline` (SSE2) build and an AVX-512 build, debug and release, on x86-64.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in out { hash = (hash ^ v.bitPattern) &* 0x100_0000_01b3 }
        print("VectorMath.\(name): result bits hash \(String(hash, radix: 16)) over \(xs.count) arguments")
        if let expected = Self.resultHashes[name] {
            XCTAssertEqual(String(hash, radix: 16), expected, "\(name): the result bits differ from the recorded ones")
        }
        var mismatches = 0
        for i in xs.indices {
            let s = scalar(xs[i])
            if s.bitPattern != out[i].bitPattern || out[i].bitPattern != inPlace[i].bitPattern {
                if mismatches < 5 {
                    XCTFail("\(name)(\(xs[i])): scalar \(s), buffer \(out[i]), in place \(inPlace[i]) differ in bits")
                }
                mismatches += 1
            }
        }
        return out
    }

    #if arch(x86_64) && os(Linux)
    /// Error of `ours` in ulps of the exact value `ref` (ulp of ref's binade, subnormal ulp below 2^-1022). Special
    /// results (NaN, ±∞, a reference beyond the double range) must match exactly: then the error is 0 or infinite.
    static func ulpError(_ ours: Double, _ ref: Float80) -> Double {
        if ref.isNaN { return ours.isNaN ? 0 : .infinity }
        let rounded = Double(ref)
        if rounded.isInfinite { return ours == rounded ? 0 : .infinity }
        if ours.isNaN || ours.isInfinite { return .infinity }
        if ref == 0 { return ours == 0 && ours.sign == ref.sign ? 0 : Double(Float80(ours).magnitude / 0x1p-1074) }
        let e = Swift.max(Int(ref.exponent), -1022)
        let ulp = Float80(sign: .plus, exponent: e - 52, significand: 1)
        return Double((Float80(ours) - ref).magnitude / ulp)
    }

    /// Max ulp error of `ours` over `xs` against `reference`, printed; asserts ≤ 2.
    func checkAccuracy(_ name: String, _ xs: [Double], _ ours: [Double], _ reference: (Float80) -> Float80) {
        var worst = 0.0, worstX = 0.0
        for (x, y) in zip(xs, ours) {
            let err = Self.ulpError(y, reference(Float80(x)))
            if !(err <= worst) { worst = err; worstX = x }
        }
        print("VectorMath.\(name): max error \(String(format: "%.3f", worst)) ulp over \(xs.count) arguments" +
              " (at x = \(worstX))")
        XCTAssertLessThanOrEqual(worst, 2, "\(name): \(worst) ulp at x = \(worstX)")
    }
    #endif

    static let specials: [Double] = [
        0, -0.0, .infinity, -.infinity, .nan, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        .leastNormalMagnitude, -.leastNormalMagnitude, Double.leastNormalMagnitude.nextDown, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, 1e-300, -1e-300, 0x1p-30, -0x1p-30, 1e22, -1e22, 1e300, -1e300,
    ]

    func testExp() {
        let xs = Self.samples(1, 25_000, [
            { $0.uniform(-746, 710) }, { $0.uniform(-1, 1) }, { $0.uniform(-30, 30) }, { $0.logUniform(-60, 10) },
            { $0.uniform(709.5, 709.8) }, { $0.uniform(-745.2, -708) }, { $0.uniform(-0.35, 0.35) },
            { $0.logUniform(-1074, -60) },
        ]) + Self.specials + [709.782712893384, 709.7827128933841, 709.79, -708.39641853226408, -708.4, -744.44,
                              -745.1332191019411, -745.1332191019412, -745.2, 0x1p-1063]
        let out = checkForms("exp", xs, scalar: VectorMath.exp) { VectorMath.exp($0, $1, count: $2) }
        XCTAssertEqual(VectorMath.exp(0), 1)
        XCTAssertEqual(VectorMath.exp(-0.0), 1)
        XCTAssertEqual(VectorMath.exp(.infinity), .infinity)
        XCTAssertEqual(VectorMath.exp(-.infinity).bitPattern, 0)
        XCTAssertEqual(VectorMath.exp(709.79), .infinity)
        XCTAssertEqual(VectorMath.exp(-746).bitPattern, 0)
        XCTAssertTrue(VectorMath.exp(.nan).isNaN)
        XCTAssertTrue(VectorMath.exp(-740).isSubnormal)
        #if arch(x86_64) && os(Linux)
        checkAccuracy("exp", xs, out) { expl($0) }
        #endif
    }

    func testLog() {
        let xs = Self.samples(2, 25_000, [
            { Double(bitPattern: $0.next() % 0x7ff0_0000_0000_0000) }, { $0.uniform(0.5, 2) },
            { 1 + $0.uniform(-0x1p-10, 0x1p-10) }, { 1 + $0.logUniform(-53, -10) },
            { $0.logUniform(-1074, -1022).magnitude }, { $0.uniform(0, 100) }, { $0.logUniform(-1022, 1024).magnitude },
            { $0.uniform(0.7, 1.5) },
        ]) + Self.specials + [(1.0).nextUp, (1.0).nextDown, 2, 0.5, 0x1.6a09e667f3bcdp-1, 0x1.6a09e667f3bccp0, 10]
        let out = checkForms("log", xs, scalar: VectorMath.log) { VectorMath.log($0, $1, count: $2) }
        XCTAssertEqual(VectorMath.log(0), -.infinity)
        XCTAssertEqual(VectorMath.log(-0.0), -.infinity)
        XCTAssertEqual(VectorMath.log(.infinity), .infinity)
        XCTAssertTrue(VectorMath.log(-1).isNaN)
        XCTAssertTrue(VectorMath.log(-.infinity).isNaN)
        XCTAssertTrue(VectorMath.log(.nan).isNaN)
        XCTAssertEqual(VectorMath.log(1).bitPattern, 0)
        #if arch(x86_64) && os(Linux)
        checkAccuracy("log", xs, out) { $0 < 0 ? .nan : logl($0) }
        #endif
    }

    /// Doubles next to k·π/2: ordinary k, large k, and the hard cases.
    static func nearHalfPiMultiples() -> [Double] {
        var xs: [Double] = []
        let halfPi = Float80.pi / 2
        var k: Float80 = 1
        while k < 0x1p62 {
            let x = Double(k * halfPi)
            xs += [x, x.nextUp, x.nextDown, -x]
            k = k < 5000 ? k + 1 : (k * 1.37).rounded()
        }
        xs += [6381956970095103 * 0x1p797, -6381956970095103 * 0x1p797, 0x1.6ac5b262ca1ffp849, 0x1.921fb54442d18p0,
               0x1.921fb54442d18p1, 0x1p20, Double(0x1p20).nextUp, -0x1p20, 0x1p1023, 1e22, 1e300]
        return xs
    }

    func testSinCos() {
        let xs = Self.samples(3, 20_000, [
            { $0.uniform(-10, 10) }, { $0.uniform(-1000, 1000) }, { $0.uniform(-0x1p20, 0x1p20) },
            { $0.logUniform(-30, 20) }, { $0.logUniform(20, 1024) }, { $0.uniform(-0.8, 0.8) },
            { $0.logUniform(-1074, -30) }, { $0.logUniform(-30, 1024) },
        ]) + Self.specials + Self.nearHalfPiMultiples()
        let sinOut = checkForms("sin", xs, scalar: VectorMath.sin) { VectorMath.sin($0, $1, count: $2) }
        let cosOut = checkForms("cos", xs, scalar: VectorMath.cos) { VectorMath.cos($0, $1, count: $2) }
        // sinCos: scalar, out of place, and in place over either output.
        var s = [Double](repeating: 0, count: xs.count), c = s, s2 = xs, c2 = xs
        xs.withUnsafeBufferPointer { x in
            s.withUnsafeMutableBufferPointer { sp in
                c.withUnsafeMutableBufferPointer { cp in
                    VectorMath.sinCos(x.baseAddress!, sin: sp.baseAddress!, cos: cp.baseAddress!, count: xs.count)
                }
            }
        }
        var cTmp = s2, sTmp = c2
        s2.withUnsafeMutableBufferPointer { sp in
            cTmp.withUnsafeMutableBufferPointer { cp in
                VectorMath.sinCos(UnsafePointer(sp.baseAddress!), sin: sp.baseAddress!, cos: cp.baseAddress!,
                                  count: xs.count)
            }
        }
        c2.withUnsafeMutableBufferPointer { cp in
            sTmp.withUnsafeMutableBufferPointer { sp in
                VectorMath.sinCos(UnsafePointer(cp.baseAddress!), sin: sp.baseAddress!, cos: cp.baseAddress!,
                                  count: xs.count)
            }
        }
        var mismatches = 0
        for i in xs.indices {
            let v = VectorMath.sinCos(xs[i])
            let sins = [v.sin, s[i], s2[i], sTmp[i], sinOut[i]].map(\.bitPattern)
            let coss = [v.cos, c[i], cTmp[i], c2[i], cosOut[i]].map(\.bitPattern)
            if Set(sins).count != 1 || Set(coss).count != 1 {
                if mismatches < 5 { XCTFail("sinCos(\(xs[i])) differs from sin/cos: \(sins) \(coss)") }
                mismatches += 1
            }
        }
        XCTAssertEqual(VectorMath.sin(-0.0).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(VectorMath.sin(0).bitPattern, 0)
        XCTAssertEqual(VectorMath.cos(-0.0), 1)
        for x in [Double.infinity, -.infinity, .nan] {
            XCTAssertTrue(VectorMath.sin(x).isNaN && VectorMath.cos(x).isNaN)
        }
        XCTAssertEqual(VectorMath.sin(Double.leastNonzeroMagnitude), .leastNonzeroMagnitude)
        #if arch(x86_64) && os(Linux)
        checkAccuracy("sin", xs, sinOut) { sinl($0) }
        checkAccuracy("cos", xs, cosOut) { cosl($0) }
        #endif
    }

    /// tanh's exponential form uses `expModerate`, which must give `expCore`'s bits wherever tanh calls it: 2|x| in
    /// [1.25, 40] (and NaN). Checked on a dense sample, every binade edge of the range and its ends.
    func testExpModerateGivesExpCoresBits() {
        var g = Generator(state: 7)
        var ys = (0..<400_000).map { _ in g.uniform(1, 64) } + [1.25, 40, 1, 64, .nan]
        for e in 0...5 {
            let edge = Double(sign: .plus, exponent: e, significand: 1)
            ys += [edge, edge.nextDown, edge.nextUp]
        }
        // The integer steps of k = round(y·log2 e) too, where the reduction changes.
        for k in 1...93 { ys += [(Double(k) + 0.5) / VectorMath.log2e, ((Double(k) + 0.5) / VectorMath.log2e).nextUp] }
        for y in ys {
            XCTAssertEqual(VectorMath.expModerate(y).bitPattern, VectorMath.expCore(y).bitPattern, "y = \(y)")
            if y.isNaN { XCTAssertTrue(VectorMath.expModerate(y).isNaN) }
        }
    }

    func testTanh() {
        let xs = Self.samples(4, 25_000, [
            { $0.uniform(-1, 1) }, { $0.uniform(-25, 25) }, { $0.logUniform(-40, 6) }, { $0.uniform(0.55, 0.7) },
            { $0.uniform(-0.7, -0.55) }, { $0.uniform(0.6, 3) }, { $0.logUniform(-1074, -40) }, { $0.uniform(-4, 4) },
        ]) + Self.specials + [0.625, (0.625).nextDown, 19.1, 19.2, 20, 20.5, 1e-10]
        let out = checkForms("tanh", xs, scalar: VectorMath.tanh) { VectorMath.tanh($0, $1, count: $2) }
        XCTAssertEqual(VectorMath.tanh(-0.0).bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(VectorMath.tanh(.infinity), 1)
        XCTAssertEqual(VectorMath.tanh(-.infinity), -1)
        XCTAssertTrue(VectorMath.tanh(.nan).isNaN)
        XCTAssertEqual(VectorMath.tanh(-.leastNonzeroMagnitude), -.leastNonzeroMagnitude)
        #if arch(x86_64) && os(Linux)
        checkAccuracy("tanh", xs, out) { tanhl($0) }
        #endif
    }

    func testSigmoid() {
        let xs = Self.samples(5, 25_000, [
            { $0.uniform(-50, 50) }, { $0.uniform(-750, 40) }, { $0.logUniform(-60, 10) }, { $0.uniform(-1, 1) },
            { $0.uniform(-745.2, -700) }, { $0.uniform(10, 40) }, { $0.logUniform(-1074, -60) }, { $0.uniform(-5, 5) },
        ]) + Self.specials + [-745.1332191019411, -745.2, -708.4, 36.8, 37.5]
        let out = checkForms("sigmoid", xs, scalar: VectorMath.sigmoid) { VectorMath.sigmoid($0, $1, count: $2) }
        XCTAssertEqual(VectorMath.sigmoid(0), 0.5)
        XCTAssertEqual(VectorMath.sigmoid(.infinity), 1)
        XCTAssertEqual(VectorMath.sigmoid(-.infinity).bitPattern, 0)
        XCTAssertTrue(VectorMath.sigmoid(.nan).isNaN)
        #if arch(x86_64) && os(Linux)
        checkAccuracy("sigmoid", xs, out) { 1 / (1 + expl(-$0)) }
        #endif
    }
}
