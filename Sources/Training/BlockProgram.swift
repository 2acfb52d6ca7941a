/// Where a block step reads per-point values.
enum LaneSource: Equatable {
    /// Data column `k`, read from the block's first point.
    case column(Int)
    /// Precomputed column `h` (an epoch-invariant data expression computed once), read from the block's first point.
    case hoisted(Int)
    /// Scratch slot `s`: the values an earlier step wrote for this block.
    case slot(Int)
    /// The per-epoch scalar value of uniform instruction `i`.
    case uniform(Int)
}

/// One per-point instruction of a `BlockProgram`.
struct BlockStep {
    let instruction: Int
    let operation: Instruction
    let a: LaneSource
    /// The second operand of binary operations.
    let b: LaneSource?
    let slot: Int
}

/// The general fast path: a `Program` split by `Variation`. Uniform instructions are evaluated once per epoch as
/// scalars (and differentiated once per epoch), data-only instructions are read from data columns, precomputed
/// once, or recomputed per block, and only the per-point instructions run lane by lane, one instruction over a
/// whole block at a time. Operands keep their kind (column, slot or scalar), so nothing is broadcast or copied.
///
/// Per block it produces a row of partial sums: Σ weight·output, then one adjoint sum per uniform instruction that
/// feeds a per-point one (`boundary`). After the rows are added in block order, `finishGradient` carries those sums
/// back to the parameters.
final class BlockProgram {
    let program: Program
    let variations: [Variation]
    let blockSize: Int
    /// Where each instruction's per-point values are (meaningless for instructions that are never read per point).
    let sources: [LaneSource]
    /// Per-point steps in program order.
    let steps: [BlockStep]
    let slotCount: Int
    /// Uniform instructions in program order (evaluated once per epoch).
    let uniformOrder: [Int]
    /// Data instructions whose values are precomputed (index = hoisted column number).
    let hoisted: [Int]
    /// The output instruction (for gradients).
    let output: Int
    /// Adjoint slot per instruction (−1: none).
    let adjointSlot: [Int]
    let adjointSlotCount: Int
    /// Uniform, parameter-dependent instructions read by per-point steps; their adjoints are summed per block.
    let boundary: [Int]
    /// Position in `boundary` per instruction (−1: not on the boundary).
    let boundaryIndex: [Int]

    /// Width of a block's row of partial sums: the value, then one adjoint sum per boundary instruction.
    var partialWidth: Int { 1 + boundary.count }

    /// Plans `program` so that `outputs` get per-point values; data instructions in `hoist` are read from
    /// precomputed columns. With `gradient`, `outputs` must be the single per-point output.
    init(_ program: Program, outputs: [Int], hoist: Set<Int>, blockSize: Int) {
        self.program = program
        self.blockSize = blockSize
        let variations = program.variations
        self.variations = variations
        let insts = program.instructions
        let count = insts.count

        // Which instructions run per point: reachable from the outputs through non-hoisted, non-uniform ones.
        var needed = [Bool](repeating: false, count: count)
        for o in outputs { needed[o] = true }
        for i in stride(from: count - 1, through: 0, by: -1) where needed[i] {
            if variations[i] == .uniform || hoist.contains(i) { continue }
            switch insts[i] {
            case .unary(_, let a), .square(let a): needed[a] = true
            case .binary(_, let a, let b): needed[a] = true; needed[b] = true
            default: break
            }
        }
        var sources = [LaneSource](repeating: .uniform(0), count: count)
        var hoisted: [Int] = []
        var steps: [BlockStep] = []
        var uniformOrder: [Int] = []
        for i in 0..<count {
            if variations[i] == .uniform {
                uniformOrder.append(i)
                sources[i] = .uniform(i)
                continue
            }
            guard needed[i] else { continue }
            if hoist.contains(i) {
                sources[i] = .hoisted(hoisted.count)
                hoisted.append(i)
                continue
            }
            switch insts[i] {
            case .variable(let k): sources[i] = .column(k)
            case .unary(_, let a), .square(let a):
                sources[i] = .slot(steps.count)
                steps.append(BlockStep(instruction: i, operation: insts[i], a: sources[a], b: nil, slot: steps.count))
            case .binary(_, let a, let b):
                sources[i] = .slot(steps.count)
                steps.append(BlockStep(instruction: i, operation: insts[i], a: sources[a], b: sources[b],
                                       slot: steps.count))
            case .constant, .parameter: break  // uniform
            }
        }
        self.sources = sources
        self.steps = steps
        self.slotCount = steps.count
        self.uniformOrder = uniformOrder
        self.hoisted = hoisted

        // Adjoints: a slot per varying step, a per-block sum per uniform parameter-dependent operand of one.
        output = outputs.last ?? 0
        var adjointSlot = [Int](repeating: -1, count: count)
        var slots = 0
        var boundary: [Int] = []
        var boundaryIndex = [Int](repeating: -1, count: count)
        for step in steps where variations[step.instruction] == .varying {
            adjointSlot[step.instruction] = slots
            slots += 1
            for operand in [step.a, step.b] {
                if case .uniform(let u)? = operand, program.dependsOnParameters[u], boundaryIndex[u] < 0 {
                    boundaryIndex[u] = boundary.count
                    boundary.append(u)
                }
            }
        }
        self.adjointSlot = adjointSlot
        adjointSlotCount = slots
        self.boundary = boundary
        self.boundaryIndex = boundaryIndex
    }

    /// Per-worker scratch size in doubles (values, then adjoints).
    var scratchCount: Int { (slotCount + adjointSlotCount) * blockSize }

    /// Evaluates the uniform instructions for `parameters` into `uniform` (indexed by instruction).
    func evaluateUniform(parameters: UnsafePointer<Double>, into uniform: UnsafeMutablePointer<Double>) {
        let insts = program.instructions
        for i in uniformOrder {
            uniform[i] = insts[i].scalarValue(UnsafePointer(uniform), parameters: parameters)
        }
    }

    @inline(__always)
    func resolve(_ source: LaneSource, _ ctx: BlockContext) -> ResolvedLane {
        switch source {
        case .column(let k): .vector(ctx.columns[k] + ctx.start)
        case .hoisted(let h): .vector(ctx.hoisted[h] + ctx.start)
        case .slot(let s): .vector(UnsafePointer(ctx.scratch + s * blockSize))
        case .uniform(let i): .scalar(ctx.uniform[i])
        }
    }

    @inline(__always)
    private func vector(_ source: LaneSource, _ ctx: BlockContext) -> UnsafePointer<Double> {
        if case .vector(let p) = resolve(source, ctx) { return p }
        preconditionFailure("per-point operand expected")
    }

    /// Runs every step over the block described by `ctx`.
    func forward(_ ctx: BlockContext) {
        let n = ctx.count
        for step in steps {
            let out = ctx.scratch + step.slot * blockSize
            switch step.operation {
            case .square:
                let a = vector(step.a, ctx)
                for l in 0..<n { out[l] = a[l] * a[l] }
            case .unary(let op, _):
                UnaryLoops.forward(op, count: n, vector(step.a, ctx), out)
            case .binary(let op, _, _):
                guard let b = step.b else { continue }
                resolve(step.a, ctx).dispatch(resolve(b, ctx), ForwardBinaryLoop(op: op, count: n, out: out))
            default: break
            }
        }
    }

    /// After `forward`: Σ weight·output over the block (the value alone, for a validation loss).
    func outputSum(_ ctx: BlockContext, weight: Double) -> Double {
        let values = vector(sources[output], ctx)
        var total = 0.0
        for l in 0..<ctx.count { total += weight * values[l] }
        return total
    }

    /// After `forward`: writes Σ weight·output and the boundary adjoint sums of this block to `row`.
    func backward(_ ctx: BlockContext, weight: Double, row: UnsafeMutablePointer<Double>) {
        let n = ctx.count
        let bs = blockSize
        let values = vector(sources[output], ctx)
        var total = 0.0
        for l in 0..<n { total += weight * values[l] }
        row[0] = total
        for j in boundary.indices { row[1 + j] = 0 }
        let adjoints = ctx.scratch + slotCount * bs
        for s in 0..<adjointSlotCount {
            let p = adjoints + s * bs
            for l in 0..<n { p[l] = 0 }
        }
        let seed = adjoints + adjointSlot[output] * bs
        for l in 0..<n { seed[l] = weight }
        let needs = program.dependsOnParameters
        for step in steps.reversed() where adjointSlot[step.instruction] >= 0 {
            let g = UnsafePointer(adjoints + adjointSlot[step.instruction] * bs)
            let result = UnsafePointer(ctx.scratch + step.slot * bs)
            func sink(_ source: LaneSource) -> AdjointSink? {
                switch source {
                case .slot:
                    let inst = steps[slotIndex(source)].instruction
                    return adjointSlot[inst] >= 0 ? .lanes(adjoints + adjointSlot[inst] * bs) : nil
                case .uniform(let u): return needs[u] ? .sum(row + 1 + boundaryIndex[u]) : nil
                case .column, .hoisted: return nil
                }
            }
            switch step.operation {
            case .square(let ia):
                guard adjointSlot[ia] >= 0 else { continue }
                let a = vector(step.a, ctx)
                let dst = adjoints + adjointSlot[ia] * bs
                for l in 0..<n { dst[l] += g[l] * 2 * a[l] }
            case .unary(let op, let ia):
                guard adjointSlot[ia] >= 0 else { continue }
                UnaryLoops.backward(op, count: n, vector(step.a, ctx), result: result, adjoint: g,
                                    adjoints + adjointSlot[ia] * bs)
            case .binary(let op, _, _):
                guard let b = step.b else { continue }
                let ra = resolve(step.a, ctx), rb = resolve(b, ctx)
                if let target = sink(step.a) {
                    ra.dispatch(rb, BackwardBinaryLoop(op: op, operand: 0, count: n, result: result, adjoint: g,
                                                       sink: target))
                }
                if let target = sink(b) {
                    ra.dispatch(rb, BackwardBinaryLoop(op: op, operand: 1, count: n, result: result, adjoint: g,
                                                       sink: target))
                }
            default: break
            }
        }
    }

    private func slotIndex(_ source: LaneSource) -> Int {
        if case .slot(let s) = source { return s }
        return -1
    }

    /// Carries the summed boundary adjoints (`sums[j]` for `boundary[j]`) back through the uniform instructions and
    /// adds the result to `gradient`. `uniform` holds this epoch's uniform values; `adjoint` is scratch of one
    /// double per instruction.
    func finishGradient(sums: UnsafePointer<Double>, uniform: UnsafePointer<Double>,
                        adjoint: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<Double>)
    {
        let insts = program.instructions
        let needs = program.dependsOnParameters
        for i in uniformOrder { adjoint[i] = 0 }
        for (j, u) in boundary.enumerated() { adjoint[u] = sums[j] }
        for i in uniformOrder.reversed() where needs[i] {
            let g = adjoint[i]
            switch insts[i] {
            case .parameter(let p): gradient[p] += g
            case .square(let a): adjoint[a] += g * 2 * uniform[a]
            case .unary(let op, let a): adjoint[a] += g * op.derivative(uniform[a], result: uniform[i])
            case .binary(let op, let a, let b):
                let (da, db) = op.partials(uniform[a], uniform[b], result: uniform[i])
                if needs[a] { adjoint[a] += g * da }
                if needs[b] { adjoint[b] += g * db }
            case .constant, .variable: break
            }
        }
    }
}

extension BlockProgram {
    /// The per-point values of a non-uniform `source` for the block of `ctx`.
    @inline(__always)
    func pointer(_ source: LaneSource, _ ctx: BlockContext) -> UnsafePointer<Double> {
        switch source {
        case .column(let k): ctx.columns[k] + ctx.start
        case .hoisted(let h): ctx.hoisted[h] + ctx.start
        case .slot(let s): UnsafePointer(ctx.scratch + s * blockSize)
        case .uniform: preconditionFailure("per-point operand expected")
        }
    }
}

/// Pointers for one block: the data, the precomputed columns, this epoch's uniform values and a worker's scratch.
struct BlockContext {
    let columns: UnsafePointer<UnsafePointer<Double>>
    let hoisted: UnsafePointer<UnsafePointer<Double>>
    let uniform: UnsafePointer<Double>
    let scratch: UnsafeMutablePointer<Double>
    let start: Int
    let count: Int
}
