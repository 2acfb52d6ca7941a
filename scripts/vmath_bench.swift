// Timing of VectorMath's buffer kernels against the platform libm on 1,000-element buffers (ns per element, best of
// several runs). Built and run by scripts/vmath-bench.sh; not part of the package.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

@inline(never) func blackHole(_ x: Double) { if x == 0.123456789 { print("") } }

func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Best ns per element of `body` over 1,000 elements.
func time(_ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<30 {
        let reps = 2000
        let t0 = now()
        for _ in 0..<reps { body() }
        let t = Double(now() - t0) / Double(reps * 1000)
        best = min(best, t)
    }
    return best
}

var state: UInt64 = 42
func uniform(_ a: Double, _ b: Double) -> Double {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return a + (b - a) * Double(state >> 11) * 0x1p-53
}

let n = 1000
func fmt(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    let s = "\(r)"
    return String(repeating: " ", count: max(0, 6 - s.count)) + s
}
func inputs(_ a: Double, _ b: Double) -> [Double] { (0..<n).map { _ in uniform(a, b) } }
var out = [Double](repeating: 0, count: n), out2 = out

func row(_ name: String, _ xs: [Double], ours: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void,
         libm: (Double) -> Double) {
    let t1 = xs.withUnsafeBufferPointer { x in
        out.withUnsafeMutableBufferPointer { o in time { ours(x.baseAddress!, o.baseAddress!); blackHole(o[7]) } }
    }
    let t2 = xs.withUnsafeBufferPointer { x in
        out2.withUnsafeMutableBufferPointer { o in
            time {
                for i in 0..<n { o[i] = libm(x[i]) }
                blackHole(o[7])
            }
        }
    }
    let pad = String(repeating: " ", count: max(0, 10 - name.count))
    print("\(name)\(pad) ours \(fmt(t1)) ns   libm \(fmt(t2)) ns")
}

let e = inputs(-20, 20), l = inputs(1e-3, 1e3), s = inputs(-10, 10), t = inputs(-5, 5)
row("exp", e, ours: { VectorMath.exp($0, $1, count: n) }, libm: { Glibc.exp($0) })
row("log", l, ours: { VectorMath.log($0, $1, count: n) }, libm: { Glibc.log($0) })
row("sin", s, ours: { VectorMath.sin($0, $1, count: n) }, libm: { Glibc.sin($0) })
row("cos", s, ours: { VectorMath.cos($0, $1, count: n) }, libm: { Glibc.cos($0) })
var cosOut = [Double](repeating: 0, count: n)
let sc = s.withUnsafeBufferPointer { x in
    out.withUnsafeMutableBufferPointer { o in
        cosOut.withUnsafeMutableBufferPointer { c in
            time {
                VectorMath.sinCos(x.baseAddress!, sin: o.baseAddress!, cos: c.baseAddress!, count: n)
                blackHole(c[3])
            }
        }
    }
}
let scLibm = s.withUnsafeBufferPointer { x in
    out.withUnsafeMutableBufferPointer { o in
        cosOut.withUnsafeMutableBufferPointer { c in
            time {
                for i in 0..<n { o[i] = Glibc.sin(x[i]); c[i] = Glibc.cos(x[i]) }
                blackHole(c[3])
            }
        }
    }
}
print("sinCos     ours \(fmt(sc)) ns   libm \(fmt(scLibm)) ns (sin + cos)")
row("tanh", t, ours: { VectorMath.tanh($0, $1, count: n) }, libm: { Glibc.tanh($0) })
row("sigmoid", s, ours: { VectorMath.sigmoid($0, $1, count: n) }, libm: { 1 / (1 + Glibc.exp(-$0)) })
let big = inputs(-1e6, 1e6).map { $0 * 1e10 }
row("sin 1e16", big, ours: { VectorMath.sin($0, $1, count: n) }, libm: { Glibc.sin($0) })
