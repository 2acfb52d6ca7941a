/// The lane width of the fused kernels: four doubles (two SSE registers on baseline x86-64, one AVX register).
typealias Lanes = SIMD4<Double>

@inline(__always)
func loadLanes(_ p: UnsafePointer<Double>, _ l: Int) -> Lanes {
    UnsafeRawPointer(p + l).loadUnaligned(as: Lanes.self)
}

/// Sum of the four lanes in a fixed order.
@inline(__always)
func laneSum(_ v: Lanes) -> Double { (v[0] + v[1]) + (v[2] + v[3]) }

/// How a fused kernel reads one per-point coefficient: as stored, or as the square of a column (x², computed in
/// registers instead of being stored).
protocol FeatureRead {
    init(_ base: UnsafePointer<Double>)
    func lanes(_ l: Int) -> Lanes
    subscript(_ l: Int) -> Double { get }
}

/// A stored coefficient column.
struct LoadedFeature: FeatureRead {
    let base: UnsafePointer<Double>
    @inline(__always) init(_ base: UnsafePointer<Double>) { self.base = base }
    @inline(__always) func lanes(_ l: Int) -> Lanes { loadLanes(base, l) }
    @inline(__always) subscript(_ l: Int) -> Double { base[l] }
}

/// The square of a column, as `Instruction.square` computes it (v·v).
struct SquaredFeature: FeatureRead {
    let base: UnsafePointer<Double>
    @inline(__always) init(_ base: UnsafePointer<Double>) { self.base = base }
    @inline(__always) func lanes(_ l: Int) -> Lanes {
        let v = loadLanes(base, l)
        return v * v
    }
    @inline(__always) subscript(_ l: Int) -> Double { base[l] * base[l] }
}

/// One block's inputs and output for a fused kernel.
struct FusedBlock {
    let count: Int
    /// Per-point coefficient columns, `featureCount` of them.
    let features: UnsafePointer<UnsafePointer<Double>>
    let featureCount: Int
    /// Bit j set: coefficient j is the square of `features[j]`.
    let squared: Int
    /// r = Σⱼ theta[j]·coefficientⱼ + bias − target.
    let target: UnsafePointer<Double>
    let theta: UnsafePointer<Double>
    let bias: Double
    /// Receives Σ penalty(r), Σ slope·coefficientⱼ for each j, Σ slope.
    let row: UnsafeMutablePointer<Double>
    /// At least 2·count doubles (used when featureCount > 3).
    let scratch: UnsafeMutablePointer<Double>
}

/// Residual, penalty and gradient sums in one pass over a block, the residual kept in registers. Specialized (by
/// generics, chosen once per block) for up to three per-point coefficients, each stored or a squared column —
/// lines, quadratics, cubics; more coefficients use a few passes over the block.
///
/// Lanes are summed four wide in fixed order, then the four lanes in a fixed order, then the leftover points, so
/// a block's row depends only on its data and parameters.
enum FusedKernels {
    static func run<P: ResidualPenalty>(_ pen: P, _ b: FusedBlock) {
        let f = b.features
        switch b.featureCount {
        case 0:
            run0(pen, b)
        case 1:
            if b.squared & 1 != 0 { run1(pen, b, SquaredFeature(f[0])) } else { run1(pen, b, LoadedFeature(f[0])) }
        case 2:
            switch b.squared & 3 {
            case 0: run2(pen, b, LoadedFeature(f[0]), LoadedFeature(f[1]))
            case 1: run2(pen, b, SquaredFeature(f[0]), LoadedFeature(f[1]))
            case 2: run2(pen, b, LoadedFeature(f[0]), SquaredFeature(f[1]))
            default: run2(pen, b, SquaredFeature(f[0]), SquaredFeature(f[1]))
            }
        case 3:
            switch b.squared & 7 {
            case 0: run3(pen, b, LoadedFeature(f[0]), LoadedFeature(f[1]), LoadedFeature(f[2]))
            case 1: run3(pen, b, SquaredFeature(f[0]), LoadedFeature(f[1]), LoadedFeature(f[2]))
            case 2: run3(pen, b, LoadedFeature(f[0]), SquaredFeature(f[1]), LoadedFeature(f[2]))
            case 3: run3(pen, b, SquaredFeature(f[0]), SquaredFeature(f[1]), LoadedFeature(f[2]))
            case 4: run3(pen, b, LoadedFeature(f[0]), LoadedFeature(f[1]), SquaredFeature(f[2]))
            case 5: run3(pen, b, SquaredFeature(f[0]), LoadedFeature(f[1]), SquaredFeature(f[2]))
            case 6: run3(pen, b, LoadedFeature(f[0]), SquaredFeature(f[1]), SquaredFeature(f[2]))
            default: run3(pen, b, SquaredFeature(f[0]), SquaredFeature(f[1]), SquaredFeature(f[2]))
            }
        default:
            runMany(pen, b)
        }
    }

    private static func run0<P: ResidualPenalty>(_ pen: P, _ b: FusedBlock) {
        let t = b.target, n = b.count
        let vs = Lanes(repeating: b.bias)
        var acc = Lanes(), gb = Lanes()
        var l = 0
        while l &+ 4 <= n {
            let r = vs - loadLanes(t, l)
            acc += pen.value(r)
            gb += pen.slope(r)
            l &+= 4
        }
        var sa = 0.0, sb = 0.0
        while l < n {
            let r = b.bias - t[l]
            sa += pen.value(r)
            sb += pen.slope(r)
            l &+= 1
        }
        b.row[0] = laneSum(acc) + sa
        b.row[1] = laneSum(gb) + sb
    }

    private static func run1<P: ResidualPenalty, F0: FeatureRead>(_ pen: P, _ b: FusedBlock, _ f0: F0) {
        let t = b.target, n = b.count
        let th0 = b.theta[0]
        let v0 = Lanes(repeating: th0), vs = Lanes(repeating: b.bias)
        var acc = Lanes(), g0 = Lanes(), gb = Lanes()
        var l = 0
        while l &+ 4 <= n {
            let x0 = f0.lanes(l)
            let r = (v0 * x0 + vs) - loadLanes(t, l)
            acc += pen.value(r)
            let g = pen.slope(r)
            g0 += g * x0
            gb += g
            l &+= 4
        }
        var sa = 0.0, s0 = 0.0, sb = 0.0
        while l < n {
            let x0 = f0[l]
            let r = (th0 * x0 + b.bias) - t[l]
            sa += pen.value(r)
            let g = pen.slope(r)
            s0 += g * x0
            sb += g
            l &+= 1
        }
        b.row[0] = laneSum(acc) + sa
        b.row[1] = laneSum(g0) + s0
        b.row[2] = laneSum(gb) + sb
    }

    private static func run2<P: ResidualPenalty, F0: FeatureRead, F1: FeatureRead>(
        _ pen: P, _ b: FusedBlock, _ f0: F0, _ f1: F1
    ) {
        let t = b.target, n = b.count
        let th0 = b.theta[0], th1 = b.theta[1]
        let v0 = Lanes(repeating: th0), v1 = Lanes(repeating: th1), vs = Lanes(repeating: b.bias)
        var acc = Lanes(), g0 = Lanes(), g1 = Lanes(), gb = Lanes()
        var l = 0
        while l &+ 4 <= n {
            let x0 = f0.lanes(l), x1 = f1.lanes(l)
            let r = ((v0 * x0 + v1 * x1) + vs) - loadLanes(t, l)
            acc += pen.value(r)
            let g = pen.slope(r)
            g0 += g * x0
            g1 += g * x1
            gb += g
            l &+= 4
        }
        var sa = 0.0, s0 = 0.0, s1 = 0.0, sb = 0.0
        while l < n {
            let x0 = f0[l], x1 = f1[l]
            let r = ((th0 * x0 + th1 * x1) + b.bias) - t[l]
            sa += pen.value(r)
            let g = pen.slope(r)
            s0 += g * x0
            s1 += g * x1
            sb += g
            l &+= 1
        }
        b.row[0] = laneSum(acc) + sa
        b.row[1] = laneSum(g0) + s0
        b.row[2] = laneSum(g1) + s1
        b.row[3] = laneSum(gb) + sb
    }

    private static func run3<P: ResidualPenalty, F0: FeatureRead, F1: FeatureRead, F2: FeatureRead>(
        _ pen: P, _ b: FusedBlock, _ f0: F0, _ f1: F1, _ f2: F2
    ) {
        let t = b.target, n = b.count
        let th0 = b.theta[0], th1 = b.theta[1], th2 = b.theta[2]
        let v0 = Lanes(repeating: th0), v1 = Lanes(repeating: th1), v2 = Lanes(repeating: th2)
        let vs = Lanes(repeating: b.bias)
        var acc = Lanes(), g0 = Lanes(), g1 = Lanes(), g2 = Lanes(), gb = Lanes()
        var l = 0
        while l &+ 4 <= n {
            let x0 = f0.lanes(l), x1 = f1.lanes(l), x2 = f2.lanes(l)
            let r = (((v0 * x0 + v1 * x1) + v2 * x2) + vs) - loadLanes(t, l)
            acc += pen.value(r)
            let g = pen.slope(r)
            g0 += g * x0
            g1 += g * x1
            g2 += g * x2
            gb += g
            l &+= 4
        }
        var sa = 0.0, s0 = 0.0, s1 = 0.0, s2 = 0.0, sb = 0.0
        while l < n {
            let x0 = f0[l], x1 = f1[l], x2 = f2[l]
            let r = (((th0 * x0 + th1 * x1) + th2 * x2) + b.bias) - t[l]
            sa += pen.value(r)
            let g = pen.slope(r)
            s0 += g * x0
            s1 += g * x1
            s2 += g * x2
            sb += g
            l &+= 1
        }
        b.row[0] = laneSum(acc) + sa
        b.row[1] = laneSum(g0) + s0
        b.row[2] = laneSum(g1) + s1
        b.row[3] = laneSum(g2) + s2
        b.row[4] = laneSum(gb) + sb
    }

    /// Four or more coefficients: residuals into scratch, then penalty and slopes, then one dot product per
    /// coefficient.
    private static func runMany<P: ResidualPenalty>(_ pen: P, _ b: FusedBlock) {
        let n = b.count, k = b.featureCount
        let r = b.scratch, g = b.scratch + n
        for j in 0..<k {
            let f = b.features[j], th = b.theta[j]
            let squared = b.squared & (1 << j) != 0
            switch (j == 0, squared) {
            case (true, false): for l in 0..<n { r[l] = th * f[l] }
            case (true, true): for l in 0..<n { r[l] = th * (f[l] * f[l]) }
            case (false, false): for l in 0..<n { r[l] += th * f[l] }
            case (false, true): for l in 0..<n { r[l] += th * (f[l] * f[l]) }
            }
        }
        let t = b.target
        for l in 0..<n { r[l] = (r[l] + b.bias) - t[l] }
        var acc = Lanes(), gb = Lanes()
        var l = 0
        while l &+ 4 <= n {
            let rv = loadLanes(r, l)
            acc += pen.value(rv)
            let gv = pen.slope(rv)
            UnsafeMutableRawPointer(g + l).storeBytes(of: gv, as: Lanes.self)
            gb += gv
            l &+= 4
        }
        let body = l
        var sa = 0.0, sb = 0.0
        while l < n {
            sa += pen.value(r[l])
            g[l] = pen.slope(r[l])
            sb += g[l]
            l &+= 1
        }
        b.row[0] = laneSum(acc) + sa
        for j in 0..<k {
            let f = b.features[j]
            let squared = b.squared & (1 << j) != 0
            var dot = Lanes()
            var i = 0
            var tail = 0.0
            if squared {
                while i < body {
                    let v = loadLanes(f, i)
                    dot += loadLanes(g, i) * (v * v)
                    i &+= 4
                }
                while i < n {
                    tail += g[i] * (f[i] * f[i])
                    i &+= 1
                }
            } else {
                while i < body {
                    dot += loadLanes(g, i) * loadLanes(f, i)
                    i &+= 4
                }
                while i < n {
                    tail += g[i] * f[i]
                    i &+= 1
                }
            }
            b.row[1 + j] = laneSum(dot) + tail
        }
        b.row[1 + k] = laneSum(gb) + sb
    }
}
