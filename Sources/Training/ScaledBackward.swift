/// A destination of per-lane adjoint contributions inside one fused loop; resolved from an `AdjointSink` before the
/// loop, so the loop is specialized for each combination. Loops hand lanes over in groups of eight (`put(_:_:_:)`
/// with the lane's place in its group), then the remaining lanes one by one (`putTail`), so a sum keeps `LaneSum`'s
/// order.
protocol LaneSink {
    mutating func put(_ place: Int, _ lane: Int, _ value: Double)
    mutating func putTail(_ lane: Int, _ value: Double)
    /// Called once after the loop (a sum adds its total to its accumulator).
    func flush()
}

struct NoLaneSink: LaneSink {
    @inline(__always) mutating func put(_ place: Int, _ lane: Int, _ value: Double) {}
    @inline(__always) mutating func putTail(_ lane: Int, _ value: Double) {}
    @inline(__always) func flush() {}
}

struct AssignLaneSink: LaneSink {
    let dst: UnsafeMutablePointer<Double>
    @inline(__always) mutating func put(_ place: Int, _ lane: Int, _ value: Double) { dst[lane] = value }
    @inline(__always) mutating func putTail(_ lane: Int, _ value: Double) { dst[lane] = value }
    @inline(__always) func flush() {}
}

struct AddLaneSink: LaneSink {
    let dst: UnsafeMutablePointer<Double>
    @inline(__always) mutating func put(_ place: Int, _ lane: Int, _ value: Double) { dst[lane] += value }
    @inline(__always) mutating func putTail(_ lane: Int, _ value: Double) { dst[lane] += value }
    @inline(__always) func flush() {}
}

/// Sums in `LaneSum`'s order, then adds the total to the accumulator.
struct SumLaneSink: LaneSink {
    let accumulator: UnsafeMutablePointer<Double>
    var partial = SIMD8<Double>()
    var tail = 0.0
    @inline(__always) mutating func put(_ place: Int, _ lane: Int, _ value: Double) { partial[place] += value }
    @inline(__always) mutating func putTail(_ lane: Int, _ value: Double) { tail += value }
    @inline(__always) func flush() { accumulator.pointee += LaneSum.fold(partial) + tail }
}

/// Something run with a concrete `LaneSink`.
protocol SinkVisitor {
    func visit<S: LaneSink>(_ sink: S)
}

extension Optional where Wrapped == AdjointSink {
    /// Calls `visitor` with the concrete sink (`NoLaneSink` for nil).
    @inline(__always)
    func visit<V: SinkVisitor>(_ visitor: V) {
        switch self {
        case nil: visitor.visit(NoLaneSink())
        case .lanes(let p)?: visitor.visit(AddLaneSink(dst: p))
        case .assign(let p)?: visitor.visit(AssignLaneSink(dst: p))
        case .sum(let p)?: visitor.visit(SumLaneSink(accumulator: p))
        }
    }
}

/// The reverse rule of `s·v[l] (+ c)` — a product of a scalar `s` and per-point values `v`, with an optional
/// addend — for all three operands in one loop: the scalar's sink gets g·v, the vector's g·s, the addend's g. The same
/// products and the same summation order as one loop per operand, so the same bits.
struct ScaledBackward<G: LaneRead> {
    let scalar: Double
    let vector: UnsafePointer<Double>
    /// The adjoint of the step's value per lane, read from a slot (for a fused unary step, the spare slot its rule
    /// was written to).
    let adjoint: G
    let count: Int

    /// Runs the loop with sinks for the scalar, the vector and the addend (nil: nothing to carry).
    ///
    /// The one loop is compiled for the sinks the planner gives these operands — a scalar's adjoint is summed, a
    /// vector's goes to lanes — 2 × 3 × 4 combinations instead of all 4 × 4 × 4: each is a specialized copy of the
    /// loop, and the full set (then once more per unary function) made this file most of `Training`'s release build.
    /// Any other combination runs one loop per operand, with the same products in the same order, so the same bits.
    @inline(__always)
    func run(scalar s: AdjointSink?, vector v: AdjointSink?, addend c: AdjointSink?) {
        let first = First(loop: self, vectorSink: v, addendSink: c)
        switch (s, v) {
        case (_, .sum?), (.lanes?, _), (.assign?, _): separately(scalar: s, vector: v, addend: c)
        case (nil, _): first.visit(NoLaneSink())
        case (.sum(let p)?, _): first.visit(SumLaneSink(accumulator: p))
        }
    }

    /// One loop per operand (`AdjointSink.accumulate`): the same bits as `body`.
    private func separately(scalar s: AdjointSink?, vector v: AdjointSink?, addend c: AdjointSink?) {
        let x = vector, g = adjoint, k = scalar
        s?.accumulate(count: count) { l in g[l] * x[l] }
        v?.accumulate(count: count) { l in g[l] * k }
        c?.accumulate(count: count) { l in g[l] }
    }

    private struct First: SinkVisitor {
        let loop: ScaledBackward<G>
        let vectorSink: AdjointSink?
        let addendSink: AdjointSink?
        @inline(__always) func visit<S: LaneSink>(_ sink: S) {
            let second = Second(loop: loop, scalarSink: sink, addendSink: addendSink)
            switch vectorSink {
            case nil: second.visit(NoLaneSink())
            case .lanes(let p)?: second.visit(AddLaneSink(dst: p))
            case .assign(let p)?: second.visit(AssignLaneSink(dst: p))
            case .sum?: preconditionFailure("a vector operand's adjoint is never a sum (run(scalar:vector:addend:))")
            }
        }
    }

    private struct Second<S: LaneSink>: SinkVisitor {
        let loop: ScaledBackward<G>
        let scalarSink: S
        let addendSink: AdjointSink?
        @inline(__always) func visit<V: LaneSink>(_ sink: V) {
            addendSink.visit(Third(loop: loop, scalarSink: scalarSink, vectorSink: sink))
        }
    }

    private struct Third<S: LaneSink, V: LaneSink>: SinkVisitor {
        let loop: ScaledBackward<G>
        let scalarSink: S
        let vectorSink: V
        @inline(__always) func visit<C: LaneSink>(_ sink: C) {
            loop.body(scalarSink, vectorSink, sink)
        }
    }

    @inline(__always)
    private func body<S: LaneSink, V: LaneSink, C: LaneSink>(_ s: S, _ v: V, _ c: C) {
        var s = s, v = v, c = c
        let x = vector, g = adjoint, k = scalar
        var l = 0
        while l + 8 <= count {
            for place in 0..<8 {
                let gl = g[l + place]
                s.put(place, l + place, gl * x[l + place])
                v.put(place, l + place, gl * k)
                c.put(place, l + place, gl)
            }
            l += 8
        }
        while l < count {
            let gl = g[l]
            s.putTail(l, gl * x[l])
            v.putTail(l, gl * k)
            c.putTail(l, gl)
            l += 1
        }
        s.flush()
        v.flush()
        c.flush()
    }
}
