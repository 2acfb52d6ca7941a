/// A penalty of the residual with its slope, lane-wise and scalar. The gradient sums use `slope`; they are
/// multiplied by `slopeScale` once per epoch (2 for r², which keeps the factor out of the loop and is exact).
protocol ResidualPenalty {
    var slopeScale: Double { get }
    func value(_ r: Lanes) -> Lanes
    func slope(_ r: Lanes) -> Lanes
    func value(_ r: Double) -> Double
    func slope(_ r: Double) -> Double
}

/// r², slope 2r.
struct SquaredResidual: ResidualPenalty {
    var slopeScale: Double { 2 }
    @inline(__always) func value(_ r: Lanes) -> Lanes { r * r }
    @inline(__always) func slope(_ r: Lanes) -> Lanes { r }
    @inline(__always) func value(_ r: Double) -> Double { r * r }
    @inline(__always) func slope(_ r: Double) -> Double { r }
}

/// |r|, slope sign(r) (0 at 0, as `UnaryOp.abs`).
struct AbsoluteResidual: ResidualPenalty {
    var slopeScale: Double { 1 }
    @inline(__always) func value(_ r: Lanes) -> Lanes { r.replacing(with: -r, where: r .< 0) }
    @inline(__always) func slope(_ r: Lanes) -> Lanes {
        Lanes(repeating: 0).replacing(with: 1, where: r .> 0).replacing(with: -1, where: r .< 0)
    }
    @inline(__always) func value(_ r: Double) -> Double { Swift.abs(r) }
    @inline(__always) func slope(_ r: Double) -> Double { r > 0 ? 1 : (r < 0 ? -1 : 0) }
}

/// ½m² + δ(|r| − m) with m = min(|r|, δ), written with the same operations as `Loss.huber`; slope r inside the
/// threshold, δ·sign(r) outside.
struct HuberResidual: ResidualPenalty {
    let delta: Double
    var slopeScale: Double { 1 }

    @inline(__always) func value(_ r: Lanes) -> Lanes {
        let size = r.replacing(with: -r, where: r .< 0)
        let d = Lanes(repeating: delta)
        let m = size.replacing(with: d, where: d .< size)
        return 0.5 * (m * m) + d * (size - m)
    }

    @inline(__always) func slope(_ r: Lanes) -> Lanes {
        let size = r.replacing(with: -r, where: r .< 0)
        let d = Lanes(repeating: delta)
        let outside = Lanes(repeating: 0).replacing(with: d, where: r .> 0).replacing(with: -d, where: r .< 0)
        return r.replacing(with: outside, where: d .< size)
    }

    @inline(__always) func value(_ r: Double) -> Double {
        let size = Swift.abs(r)
        let m = Swift.min(size, delta)
        return 0.5 * (m * m) + delta * (size - m)
    }

    @inline(__always) func slope(_ r: Double) -> Double {
        Swift.abs(r) <= delta ? r : (r > 0 ? delta : (r < 0 ? -delta : 0))
    }
}
