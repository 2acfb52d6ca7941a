/// The reverse pass of a `BlockProgram` over one block: the adjoints planned in `BlockProgram.init` (shared,
/// assigned, summed or fused with a reader's rule), from the output's seed back to the boundary sums.
extension BlockProgram {
    /// After `forward`: writes Σ weight·output and the boundary adjoint sums of this block to `row`.
    func backward(_ ctx: BlockContext, weight: Double, row: UnsafeMutablePointer<Double>) {
        let n = ctx.count
        let bs = blockSize
        let values = vector(sources[output], ctx)
        row[0] = LaneSum.total(count: n) { l in weight * values[l] }
        for j in boundary.indices { row[1 + j] = 0 }
        let adjoints = ctx.scratch + slotCount * bs
        guard outputAdjointSlot >= 0 else { return }
        let seed = adjoints + outputAdjointSlot * bs
        for l in 0..<n { seed[l] = weight }
        for index in steps.indices.reversed() where steps[index].hasAdjoint && !steps[index].fusedIntoReader {
            let step = steps[index]
            let g = UnsafePointer(adjoints + step.adjointSlot * bs)
            let result = UnsafePointer(ctx.scratch + step.slot * bs)
            func target(_ plan: SinkPlan) -> AdjointSink? {
                switch plan {
                case .none, .alias: nil
                case .lanes(let slot, let assign): assign ? .assign(adjoints + slot * bs) : .lanes(adjoints + slot * bs)
                case .sum(let index): .sum(row + 1 + index)
                }
            }
            if step.fusesUnaryOperand {
                chained(reader: step, unary: steps[index - 1], operand: steps[index - 2], adjoint: g, ctx, row: row)
                continue
            }
            switch step.operation {
            case .square:
                guard let dst = target(step.sinks.0) else { continue }
                let a = vector(step.a, ctx)
                dst.accumulate(count: n) { l in g[l] * 2 * a[l] }
            case .unary(let op) where step.fusesOperand:
                let z = steps[index - 1]
                let ra = resolve(z.a, ctx), rb = resolve(z.b ?? z.a, ctx)
                let addend = z.operation == .mulAdd ? target(z.sinks.2) : nil
                switch op {
                case .tanh, .sigmoid, .exp, .sin, .cos: break
                default: preconditionFailure("planned for tanh, sigmoid, exp, sin and cos")
                }
                // The operand's adjoint per lane, g·f′, into the spare slot with `UnaryLoops.backward`'s arithmetic,
                // then the operand's product rule as one loop reading it: the same products, so the same bits. One
                // pass over a block that stays in L1 instead of a copy of `ScaledBackward`'s loops per function,
                // which made a fifth of `Training`'s compiled code.
                let spare = ctx.scratch + spareSlot * bs
                let aux = step.auxSlot >= 0 ? UnsafePointer(ctx.scratch + step.auxSlot * bs) : nil
                UnaryLoops.backward(op, count: n, vector(step.a, ctx), result: result, aux: aux, adjoint: g,
                                    .assign(spare))
                let adjoint = VectorLane(base: UnsafePointer(spare))
                switch (ra, rb) {
                case (.scalar(let s), .vector(let v)):
                    ScaledBackward(scalar: s, vector: v, adjoint: adjoint, count: n)
                        .run(scalar: target(z.sinks.0), vector: target(z.sinks.1), addend: addend)
                case (.vector(let v), .scalar(let s)):
                    ScaledBackward(scalar: s, vector: v, adjoint: adjoint, count: n)
                        .run(scalar: target(z.sinks.1), vector: target(z.sinks.0), addend: addend)
                default: preconditionFailure("planned as a scalar times per-point values")
                }
            case .unary(let op):
                guard let dst = target(step.sinks.0) else { continue }
                let aux = step.auxSlot >= 0 ? UnsafePointer(ctx.scratch + step.auxSlot * bs) : nil
                UnaryLoops.backward(op, count: n, vector(step.a, ctx), result: result, aux: aux, adjoint: g, dst)
            case .binary(let op):
                guard let b = step.b else { continue }
                let ra = resolve(step.a, ctx), rb = resolve(b, ctx)
                if op == .mul, let fused = scaled(ra, rb, VectorLane(base: g), n) {
                    let (first, second) = (target(step.sinks.0), target(step.sinks.1))
                    fused.loop.run(scalar: fused.scalarFirst ? first : second,
                                   vector: fused.scalarFirst ? second : first, addend: nil)
                    continue
                }
                for position in 0..<2 {
                    guard let dst = target(step.sink(position)) else { continue }
                    ra.dispatch(rb, BackwardBinaryLoop(op: op, operand: position, count: n, result: result,
                                                       adjoint: g, sink: dst))
                }
            case .mulAdd:
                guard let b = step.b else { continue }
                let ra = resolve(step.a, ctx), rb = resolve(b, ctx)
                if let fused = scaled(ra, rb, VectorLane(base: g), n) {
                    let (first, second) = (target(step.sinks.0), target(step.sinks.1))
                    fused.loop.run(scalar: fused.scalarFirst ? first : second,
                                   vector: fused.scalarFirst ? second : first, addend: target(step.sinks.2))
                    continue
                }
                for position in 0..<2 {
                    guard let dst = target(step.sink(position)) else { continue }
                    ra.dispatch(rb, BackwardBinaryLoop(op: .mul, operand: position, count: n, result: result,
                                                       adjoint: g, sink: dst))
                }
                if let dst = target(step.sinks.2) { dst.accumulate(count: n) { l in g[l] } }
            }
        }
    }

    /// The reverse rules of a reader, the unary step before it and that step's operand as one loop (planned by
    /// `ChainedBackward.plannable`).
    private func chained(reader r: BlockStep, unary u: BlockStep, operand z: BlockStep, adjoint g: UnsafePointer<Double>,
                         _ ctx: BlockContext, row: UnsafeMutablePointer<Double>)
    {
        guard case .unary(let op) = u.operation else { preconditionFailure("planned for a unary step") }
        func sum(_ plan: SinkPlan) -> UnsafeMutablePointer<Double>? {
            if case .sum(let index) = plan { row + 1 + index } else { nil }
        }
        func scalarAndVector(_ step: BlockStep) -> (Double, UnsafePointer<Double>, UnsafeMutablePointer<Double>?) {
            switch (resolve(step.a, ctx), resolve(step.b ?? step.a, ctx)) {
            case (.scalar(let k), .vector(let v)): (k, v, sum(step.sinks.0))
            case (.vector(let v), .scalar(let k)): (k, v, sum(step.sinks.1))
            default: preconditionFailure("planned as a scalar times per-point values")
            }
        }
        let (k, h, kSum) = scalarAndVector(r)
        let (s, x, sSum) = scalarAndVector(z)
        guard let kSum, let sSum else { preconditionFailure("planned with summed scalars") }
        let bs = blockSize
        ChainedBackward(g: g, h: h, aux: UnsafePointer(ctx.scratch + max(u.auxSlot, 0) * bs), x: x, k: k, s: s,
                        count: ctx.count, kSum: kSum, cSum: r.operation == .mulAdd ? sum(r.sinks.2) : nil,
                        sSum: sSum, dSum: z.operation == .mulAdd ? sum(z.sinks.2) : nil)
            .run(op)
    }

    /// The one-loop reverse rule of a product of a scalar and per-point values (either order), or nil when both
    /// operands are per-point or both scalar.
    @inline(__always)
    fileprivate func scaled(_ a: ResolvedLane, _ b: ResolvedLane, _ g: VectorLane, _ n: Int)
        -> (loop: ScaledBackward<VectorLane>, scalarFirst: Bool)?
    {
        switch (a, b) {
        case (.scalar(let s), .vector(let v)):
            (ScaledBackward(scalar: s, vector: v, adjoint: g, count: n), true)
        case (.vector(let v), .scalar(let s)):
            (ScaledBackward(scalar: s, vector: v, adjoint: g, count: n), false)
        default: nil
        }
    }
}
