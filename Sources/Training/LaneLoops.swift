/// A per-point operand inside a block loop: a run of values or one value repeated. Block loops are generic over
/// it, so each combination compiles to its own loop with no branch per lane.
protocol LaneRead {
    subscript(_ lane: Int) -> Double { get }
}

/// Values that differ per point (a data column, a hoisted column or a scratch slot), read from `start`.
struct VectorLane: LaneRead {
    let base: UnsafePointer<Double>
    @inline(__always) subscript(_ lane: Int) -> Double { base[lane] }
}

/// One value at every point (a constant, a parameter, or a function of those).
struct ScalarLane: LaneRead {
    let value: Double
    @inline(__always) subscript(_ lane: Int) -> Double { value }
}

/// An operand resolved for one block.
enum ResolvedLane {
    case vector(UnsafePointer<Double>)
    case scalar(Double)
}

/// A loop body over two operands, specialized for each pair of operand kinds.
protocol BinaryLaneLoop {
    func run<A: LaneRead, B: LaneRead>(_ a: A, _ b: B)
}

extension ResolvedLane {
    /// Calls `loop.run` with the concrete operand kinds of `self` and `other`.
    @inline(__always)
    func dispatch<L: BinaryLaneLoop>(_ other: ResolvedLane, _ loop: L) {
        switch (self, other) {
        case (.vector(let a), .vector(let b)): loop.run(VectorLane(base: a), VectorLane(base: b))
        case (.vector(let a), .scalar(let b)): loop.run(VectorLane(base: a), ScalarLane(value: b))
        case (.scalar(let a), .vector(let b)): loop.run(ScalarLane(value: a), VectorLane(base: b))
        case (.scalar(let a), .scalar(let b)): loop.run(ScalarLane(value: a), ScalarLane(value: b))
        }
    }
}

/// out[l] = op(a[l], b[l]) over `count` lanes.
struct ForwardBinaryLoop: BinaryLaneLoop {
    let op: BinaryOp
    let count: Int
    let out: UnsafeMutablePointer<Double>

    @inline(__always)
    private func each<A: LaneRead, B: LaneRead>(_ a: A, _ b: B, _ f: (Double, Double) -> Double) {
        for l in 0..<count { out[l] = f(a[l], b[l]) }
    }

    func run<A: LaneRead, B: LaneRead>(_ a: A, _ b: B) {
        switch op {
        case .add: each(a, b) { $0 + $1 }
        case .sub: each(a, b) { $0 - $1 }
        case .mul: each(a, b) { $0 * $1 }
        case .div: each(a, b) { $0 / $1 }
        case .pow: each(a, b) { BinaryOp.pow.forward($0, $1) }
        case .min: each(a, b) { BinaryOp.min.forward($0, $1) }
        case .max: each(a, b) { BinaryOp.max.forward($0, $1) }
        }
    }
}

/// Where the adjoint contribution of one operand goes.
enum AdjointSink {
    /// Added lane by lane into an adjoint slot.
    case lanes(UnsafeMutablePointer<Double>)
    /// Written lane by lane into an adjoint slot (the slot's first contribution: nothing to clear or add to).
    case assign(UnsafeMutablePointer<Double>)
    /// Summed over the block into one accumulator (operands that are the same at every point).
    case sum(UnsafeMutablePointer<Double>)

    /// Applies `contribution(l)` for lanes 0..<count. A sum follows `LaneSum`'s order.
    @inline(__always)
    func accumulate(count: Int, _ contribution: (Int) -> Double) {
        switch self {
        case .lanes(let dst): for l in 0..<count { dst[l] += contribution(l) }
        case .assign(let dst): for l in 0..<count { dst[l] = contribution(l) }
        case .sum(let acc): acc.pointee += LaneSum.total(count: count, contribution)
        }
    }
}

/// The order of every per-block sum of the block program: lane l goes to partial sum l mod 8 for the lanes of whole
/// groups of eight, the partials are folded pairwise ((0+1)+(2+3)) + ((4+5)+(6+7)), then the remaining lanes are summed
/// in order and added. Eight independent chains instead of one keep the adder busy (a single running sum waits on
/// each addition) and let the compiler use vector registers; the order is fixed by the code, so the bits do not depend
/// on the vector width or the thread count.
enum LaneSum {
    @inline(__always)
    static func total(count: Int, _ value: (Int) -> Double) -> Double {
        var partial = SIMD8<Double>()
        var l = 0
        while l + 8 <= count {
            partial += SIMD8(value(l), value(l + 1), value(l + 2), value(l + 3), value(l + 4), value(l + 5),
                             value(l + 6), value(l + 7))
            l += 8
        }
        var tail = 0.0
        while l < count {
            tail += value(l)
            l += 1
        }
        return fold(partial) + tail
    }

    @inline(__always)
    static func fold(_ p: SIMD8<Double>) -> Double {
        ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]))
    }
}

/// A loop body over three operands, specialized for each combination of operand kinds.
protocol TernaryLaneLoop {
    func run<A: LaneRead, B: LaneRead, C: LaneRead>(_ a: A, _ b: B, _ c: C)
}

extension ResolvedLane {
    /// Calls `loop.run` with the concrete operand kinds of `self`, `b` and `c`.
    @inline(__always)
    func dispatch<L: TernaryLaneLoop>(_ b: ResolvedLane, _ c: ResolvedLane, _ loop: L) {
        switch c {
        case .vector(let p): dispatch(b, Bound(loop: loop, c: VectorLane(base: p)))
        case .scalar(let v): dispatch(b, Bound(loop: loop, c: ScalarLane(value: v)))
        }
    }
}

/// A ternary loop with its third operand fixed, run as a binary one.
private struct Bound<L: TernaryLaneLoop, C: LaneRead>: BinaryLaneLoop {
    let loop: L
    let c: C
    @inline(__always) func run<A: LaneRead, B: LaneRead>(_ a: A, _ b: B) { loop.run(a, b, c) }
}

/// out[l] = a[l]·b[l] + c[l] over `count` lanes (two roundings, as the separate product and sum).
struct MulAddLoop: TernaryLaneLoop {
    let count: Int
    let out: UnsafeMutablePointer<Double>

    func run<A: LaneRead, B: LaneRead, C: LaneRead>(_ a: A, _ b: B, _ c: C) {
        for l in 0..<count { out[l] = a[l] * b[l] + c[l] }
    }
}

/// Reverse rule of one binary step for one operand: sink += Σ or lanewise adjoint·∂op/∂operand, with the partials of
/// `BinaryOp.partials` (the same arithmetic as `Evaluator`).
struct BackwardBinaryLoop: BinaryLaneLoop {
    let op: BinaryOp
    /// 0 for the first operand, 1 for the second.
    let operand: Int
    let count: Int
    let result: UnsafePointer<Double>
    let adjoint: UnsafePointer<Double>
    let sink: AdjointSink

    @inline(__always)
    private func each<A: LaneRead, B: LaneRead>(_ a: A, _ b: B, _ d: (Double, Double, Double) -> Double) {
        sink.accumulate(count: count) { l in adjoint[l] * d(a[l], b[l], result[l]) }
    }

    @inline(__always)
    private func partial<A: LaneRead, B: LaneRead>(_ a: A, _ b: B, _ op: BinaryOp) {
        if operand == 0 {
            each(a, b) { op.partials($0, $1, result: $2).0 }
        } else {
            each(a, b) { op.partials($0, $1, result: $2).1 }
        }
    }

    func run<A: LaneRead, B: LaneRead>(_ a: A, _ b: B) {
        switch op {
        case .add: partial(a, b, .add)
        case .sub: partial(a, b, .sub)
        case .mul: partial(a, b, .mul)
        case .div: partial(a, b, .div)
        case .pow: partial(a, b, .pow)
        case .min: partial(a, b, .min)
        case .max: partial(a, b, .max)
        }
    }
}

enum UnaryLoops {
    /// out[l] = op(a[l]).
    @inline(__always)
    static func forward(_ op: UnaryOp, count: Int, _ a: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>) {
        @inline(__always) func each(_ f: (Double) -> Double) { for l in 0..<count { out[l] = f(a[l]) } }
        switch op {
        case .neg: each { -$0 }
        case .abs: each { Swift.abs($0) }
        case .sin: VectorMath.sin(a, out, count: count)
        case .cos: VectorMath.cos(a, out, count: count)
        case .tan: each { UnaryOp.tan.forward($0) }
        case .exp: VectorMath.exp(a, out, count: count)
        case .log: VectorMath.log(a, out, count: count)
        case .sqrt: each { $0.squareRoot() }
        case .tanh: VectorMath.tanh(a, out, count: count)
        case .sigmoid: VectorMath.sigmoid(a, out, count: count)
        case .atan: each { UnaryOp.atan.forward($0) }
        }
    }

    /// dst (+)= adjoint[l]·op′(a[l]) given the forward results; `aux` holds cos(a) for `sin` and sin(a) for `cos`
    /// when the forward pass kept it.
    @inline(__always)
    static func backward(_ op: UnaryOp, count: Int, _ a: UnsafePointer<Double>, result: UnsafePointer<Double>,
                         aux: UnsafePointer<Double>?, adjoint: UnsafePointer<Double>, _ dst: AdjointSink)
    {
        @inline(__always) func each(_ op: UnaryOp) {
            dst.accumulate(count: count) { l in adjoint[l] * op.derivative(a[l], result: result[l]) }
        }
        // The common ones spelled out (the same arithmetic as `UnaryOp.derivative`), so each loop vectorises.
        switch op {
        case .neg: dst.accumulate(count: count) { l in adjoint[l] * -1 }
        case .abs: each(.abs)
        case .sin:
            if let aux { dst.accumulate(count: count) { l in adjoint[l] * aux[l] } } else { each(.sin) }
        case .cos:
            if let aux { dst.accumulate(count: count) { l in adjoint[l] * -aux[l] } } else { each(.cos) }
        case .tan: each(.tan)
        case .exp: dst.accumulate(count: count) { l in adjoint[l] * result[l] }
        case .log: dst.accumulate(count: count) { l in adjoint[l] * (1 / a[l]) }
        case .sqrt: dst.accumulate(count: count) { l in adjoint[l] * (0.5 / result[l]) }
        case .tanh: dst.accumulate(count: count) { l in adjoint[l] * (1 - result[l] * result[l]) }
        case .sigmoid: dst.accumulate(count: count) { l in adjoint[l] * (result[l] * (1 - result[l])) }
        case .atan: each(.atan)
        }
    }
}
