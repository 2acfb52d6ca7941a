/// The reverse rules of three steps as one loop: a reader `k·h + c` of a unary step `h = f(z)` whose operand is
/// `z = s·x + d` (a tanh unit `w·tanh(v·x + u)`, a sine `a·sin(b·x) + c`). Per lane: the reader's adjoint g gives
/// k's contribution g·h, h's adjoint g·k, f's rule turns that into z's adjoint, which gives s's contribution ·x and
/// d's. The products are the ones the three separate rules compute (`ScaledBackward` twice with the unary rule
/// between them) and every sum keeps `LaneSum`'s order and is added to its accumulator in the order the separate
/// rules would add them, so the bits are the same; neither h's nor z's adjoint is ever stored.
struct ChainedBackward {
    /// The reader's adjoint, the unary step's values and kept companion (cos/sin for sin/cos), the data `x`.
    let g: UnsafePointer<Double>, h: UnsafePointer<Double>, aux: UnsafePointer<Double>, x: UnsafePointer<Double>
    /// The reader's scalar and the inner product's scalar.
    let k: Double, s: Double
    let count: Int
    /// Accumulators: the reader's scalar and addend (nil when the addend shares the reader's adjoint or is not a
    /// parameter's), the inner scalar and addend (nil when absent).
    let kSum: UnsafeMutablePointer<Double>, cSum: UnsafeMutablePointer<Double>?
    let sSum: UnsafeMutablePointer<Double>, dSum: UnsafeMutablePointer<Double>?

    /// True when the planner may fuse `reader`, `unary` (a `fusesOperand` step) and `operand` (the unary step's
    /// operand, `fusedIntoReader`) this way: the shapes above with every scalar adjoint summed and x data.
    static func plannable(reader r: BlockStep, unary u: BlockStep, operand z: BlockStep) -> Bool {
        guard case .unary = u.operation, u.fusesOperand, z.fusedIntoReader, u.a == .slot(z.slot) else { return false }
        // The reader must be visited by the reverse pass itself: one that is the operand of the next unary step
        // (`b·sin(b·x) + x` inside `sin(…)`) runs inside that step's loop, which knows nothing of this chain.
        guard !r.fusedIntoReader else { return false }
        func summedOrNone(_ plan: SinkPlan) -> Bool {
            switch plan {
            case .sum, .none: true
            default: false
            }
        }
        // The reader: scalar × h (either order), h's adjoint written by it alone, the addend summed or shared.
        switch r.operation {
        case .binary(.mul): break
        case .mulAdd: guard summedOrNone(r.sinks.2) || r.sinks.2 == .alias else { return false }
        default: return false
        }
        let readerOrder: (scalar: SinkPlan, vector: SinkPlan)
        switch (r.a, r.b) {
        case (.uniform, .slot(u.slot)?): readerOrder = (r.sinks.0, r.sinks.1)
        case (.slot(u.slot), .uniform?): readerOrder = (r.sinks.1, r.sinks.0)
        default: return false
        }
        guard case .sum = readerOrder.scalar, readerOrder.vector == .lanes(slot: u.adjointSlot, assign: true) else {
            return false
        }
        // The operand: scalar × data, plus an addend summed or absent.
        switch z.operation {
        case .binary(.mul): break
        case .mulAdd: guard summedOrNone(z.sinks.2) else { return false }
        default: return false
        }
        let operandOrder: (scalar: SinkPlan, vector: SinkPlan)
        switch (z.a, z.b) {
        case (.uniform, .column?), (.uniform, .hoisted?): operandOrder = (z.sinks.0, z.sinks.1)
        case (.column, .uniform?), (.hoisted, .uniform?): operandOrder = (z.sinks.1, z.sinks.0)
        default: return false
        }
        guard case .sum = operandOrder.scalar, operandOrder.vector == .none else { return false }
        switch u.operation {
        case .unary(.tanh), .unary(.sigmoid), .unary(.exp): return true
        case .unary(.sin), .unary(.cos): return u.auxSlot >= 0
        default: return false
        }
    }

    /// Runs the loop for unary operation `op` (one planned by `plannable`).
    func run(_ op: UnaryOp) {
        switch op {
        case .tanh: addends(TanhRule(r: h))
        case .sigmoid: addends(SigmoidRule(r: h))
        case .exp: addends(ExpRule(r: h))
        case .sin: addends(SinRule(cos: aux))
        case .cos: addends(CosRule(sin: aux))
        default: preconditionFailure("planned for tanh, sigmoid, exp, sin and cos")
        }
    }

    @inline(__always)
    private func addends<F: ChainRule>(_ rule: F) {
        switch (cSum, dSum) {
        case (nil, nil): body(rule, NoLaneSink(), NoLaneSink())
        case (let c?, nil): body(rule, SumLaneSink(accumulator: c), NoLaneSink())
        case (nil, let d?): body(rule, NoLaneSink(), SumLaneSink(accumulator: d))
        case (let c?, let d?): body(rule, SumLaneSink(accumulator: c), SumLaneSink(accumulator: d))
        }
    }

    @inline(__always)
    private func body<F: ChainRule, C: LaneSink, D: LaneSink>(_ rule: F, _ c: C, _ d: D) {
        var kp = SumLaneSink(accumulator: kSum), c = c, sp = SumLaneSink(accumulator: sSum), d = d
        var l = 0
        while l + 8 <= count {
            for place in 0..<8 {
                let gl = g[l + place]
                kp.put(place, l + place, gl * h[l + place])
                c.put(place, l + place, gl)
                let gz = rule.apply(gl * k, l + place)
                sp.put(place, l + place, gz * x[l + place])
                d.put(place, l + place, gz)
            }
            l += 8
        }
        while l < count {
            let gl = g[l]
            kp.putTail(l, gl * h[l])
            c.putTail(l, gl)
            let gz = rule.apply(gl * k, l)
            sp.putTail(l, gz * x[l])
            d.putTail(l, gz)
            l += 1
        }
        // The separate rules' order: the reader's scalar, its addend, then the operand's scalar and addend.
        kp.flush()
        c.flush()
        sp.flush()
        d.flush()
    }
}

/// A unary step's reverse rule for one lane: its operand's adjoint from its own adjoint `g` (the arithmetic of
/// `UnaryLoops.backward`).
protocol ChainRule {
    func apply(_ g: Double, _ lane: Int) -> Double
}

struct TanhRule: ChainRule {
    let r: UnsafePointer<Double>
    @inline(__always) func apply(_ g: Double, _ l: Int) -> Double { g * (1 - r[l] * r[l]) }
}

struct SigmoidRule: ChainRule {
    let r: UnsafePointer<Double>
    @inline(__always) func apply(_ g: Double, _ l: Int) -> Double { g * (r[l] * (1 - r[l])) }
}

struct ExpRule: ChainRule {
    let r: UnsafePointer<Double>
    @inline(__always) func apply(_ g: Double, _ l: Int) -> Double { g * r[l] }
}

struct SinRule: ChainRule {
    let cos: UnsafePointer<Double>
    @inline(__always) func apply(_ g: Double, _ l: Int) -> Double { g * cos[l] }
}

struct CosRule: ChainRule {
    let sin: UnsafePointer<Double>
    @inline(__always) func apply(_ g: Double, _ l: Int) -> Double { g * -sin[l] }
}
