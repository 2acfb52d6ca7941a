/// The general fast path: a `Program` split by `Variation`. Uniform instructions are evaluated once per epoch as
/// scalars (and differentiated once per epoch), data-only instructions are read from data columns, precomputed
/// once, or recomputed per block, and only the per-point instructions run lane by lane, one instruction over a
/// whole block at a time. Operands keep their kind (column, slot or scalar), so nothing is broadcast or copied.
///
/// Three plans keep the passes few: a product read only by a sum runs with it as one `mulAdd` pass; an operand whose
/// only reader is a sum shares that sum's adjoint (nothing to copy); and every adjoint slot is written by its first
/// contribution instead of being cleared first. None of them changes a bit: each is the same rounded arithmetic.
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
    /// Value slots (one per step, then one per `auxSlot`).
    let slotCount: Int
    /// Uniform instructions in program order (evaluated once per epoch).
    let uniformOrder: [Int]
    /// Data instructions whose values are precomputed (index = hoisted column number).
    let hoisted: [Int]
    /// The output instruction (for gradients).
    let output: Int
    /// Adjoint slot of the output (−1 when it does not vary with the parameters).
    let outputAdjointSlot: Int
    let adjointSlotCount: Int
    /// Uniform, parameter-dependent instructions read by per-point steps; their adjoints are summed per block.
    let boundary: [Int]

    /// Width of a block's row of partial sums: the value, then one adjoint sum per boundary instruction.
    var partialWidth: Int { 1 + boundary.count }

    /// Plans `program` so that `outputs` get per-point values; data instructions in `hoist` are read from
    /// precomputed columns. With `gradient`, `outputs` must be the single per-point output.
    ///
    /// `chainReaders: false` leaves out the `ChainedBackward` plan (for tests that compare its bits with the three
    /// separate rules').
    init(_ program: Program, outputs: [Int], hoist: Set<Int>, blockSize: Int, chainReaders: Bool = true) {
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
        func isStep(_ i: Int) -> Bool {
            guard needed[i], variations[i] != .uniform, !hoist.contains(i) else { return false }
            if case .variable = insts[i] { return false }
            return true
        }
        // Readers of each per-point value (outputs count as readers).
        var uses = [Int](repeating: 0, count: count)
        for o in outputs { uses[o] += 1 }
        for i in 0..<count where isStep(i) {
            switch insts[i] {
            case .unary(_, let a), .square(let a): uses[a] += 1
            case .binary(_, let a, let b): uses[a] += 1; uses[b] += 1
            default: break
            }
        }
        // Products read only by one sum (and not an output) run inside that sum.
        var absorbed = [Bool](repeating: false, count: count)
        var fusedProduct = [Int](repeating: -1, count: count)
        for i in 0..<count where isStep(i) {
            guard case .binary(.add, let x, let y) = insts[i] else { continue }
            for m in [x, y] where x != y && isStep(m) && uses[m] == 1 && !absorbed[m] {
                if case .binary(.mul, _, _) = insts[m] {
                    absorbed[m] = true
                    fusedProduct[i] = m
                    break
                }
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
            guard needed[i], !absorbed[i] else { continue }
            if hoist.contains(i) {
                sources[i] = .hoisted(hoisted.count)
                hoisted.append(i)
                continue
            }
            let slot = steps.count
            func add(_ operation: StepOperation, _ operandInstructions: [Int]) {
                sources[i] = .slot(slot)
                steps.append(BlockStep(instruction: i, operation: operation,
                                       operands: operandInstructions.map { sources[$0] },
                                       operandInstructions: operandInstructions, slot: slot))
            }
            switch insts[i] {
            case .variable(let k): sources[i] = .column(k)
            case .square(let a): add(.square, [a])
            case .unary(let op, let a): add(.unary(op), [a])
            case .binary(.add, let x, let y) where fusedProduct[i] >= 0:
                let m = fusedProduct[i]
                guard case .binary(.mul, let ma, let mb) = insts[m] else { preconditionFailure("fused product") }
                add(.mulAdd, [ma, mb, m == x ? y : x])
            case .binary(let op, let a, let b): add(.binary(op), [a, b])
            case .constant, .parameter: break  // uniform
            }
        }
        var valueSlots = steps.count

        // Adjoints, planned in reverse (the order the reverse pass runs): an operand's first contribution claims
        // a slot — or the reader's own slot, when the reader is a sum and the operand has no other reader.
        output = outputs.last ?? 0
        var adjointSlot = [Int](repeating: -1, count: count)
        var slots = 0
        if variations[output] == .varying, isStep(output) {
            adjointSlot[output] = 0
            slots = 1
        }
        outputAdjointSlot = adjointSlot[output]
        var boundary: [Int] = []
        var boundaryIndex = [Int](repeating: -1, count: count)
        for s in steps.indices.reversed() where variations[steps[s].instruction] == .varying {
            let step = steps[s]
            if adjointSlot[step.instruction] < 0 {
                adjointSlot[step.instruction] = slots
                slots += 1
            }
            var sinks: [SinkPlan] = []
            for position in 0..<step.arity {
                let (source, operand) = step.operand(position)
                switch source {
                case .uniform(let u):
                    guard program.dependsOnParameters[u] else { sinks.append(.none); continue }
                    if boundaryIndex[u] < 0 {
                        boundaryIndex[u] = boundary.count
                        boundary.append(u)
                    }
                    sinks.append(.sum(index: boundaryIndex[u]))
                case .slot:
                    guard variations[operand] == .varying else { sinks.append(.none); continue }
                    if adjointSlot[operand] >= 0 {
                        sinks.append(.lanes(slot: adjointSlot[operand], assign: false))
                    } else if uses[operand] == 1, Self.passesAdjoint(step.operation, position: position) {
                        adjointSlot[operand] = adjointSlot[step.instruction]
                        sinks.append(.alias)
                    } else {
                        adjointSlot[operand] = slots
                        slots += 1
                        sinks.append(.lanes(slot: adjointSlot[operand], assign: true))
                    }
                case .column, .hoisted:
                    sinks.append(.none)
                }
            }
            steps[s].sinks = (sinks[0], sinks.count > 1 ? sinks[1] : .none, sinks.count > 2 ? sinks[2] : .none)
            steps[s].hasAdjoint = true
            steps[s].adjointSlot = adjointSlot[step.instruction]
            if case .unary(let op) = step.operation, op == .sin || op == .cos, sinks[0] != SinkPlan.none {
                steps[s].auxSlot = valueSlots
                valueSlots += 1
            }
        }
        // A unary step (tanh, sigmoid, exp, sin, cos) reading the step just before it, a product of a scalar and
        // per-point values (or such a product plus an addend that does not share its adjoint) whose adjoint the unary
        // step alone writes: both reverse rules run as one loop.
        for s in steps.indices.dropFirst() {
            let u = steps[s], z = steps[s - 1]
            guard u.hasAdjoint, z.hasAdjoint, case .unary(let op) = u.operation, u.a == .slot(z.slot),
                  case .lanes(_, assign: true) = u.sinks.0 else { continue }
            switch op {
            case .tanh, .sigmoid, .exp: break
            case .sin, .cos: guard u.auxSlot >= 0 else { continue }
            default: continue
            }
            let oneScalar: (LaneSource?, LaneSource?) -> Bool = { a, b in
                var scalars = 0
                for source in [a, b] { if case .uniform? = source { scalars += 1 } }
                return scalars == 1
            }
            switch z.operation {
            case .binary(.mul): guard oneScalar(z.a, z.b) else { continue }
            case .mulAdd: guard oneScalar(z.a, z.b), z.sinks.2 != .alias else { continue }
            default: continue
            }
            steps[s].fusesOperand = true
            steps[s - 1].fusedIntoReader = true
        }
        // The reader of such a unary step, when it is the next step and a scalar (summed) times the unary step's
        // values plus an optional summed or shared addend, and the inner product's vector is data and its addend
        // summed or absent (a tanh unit w·tanh(v·x + u), a sine a·sin(b·x) + c): all three run as one loop.
        for s in steps.indices.dropFirst() where chainReaders {
            let r = steps[s], u = steps[s - 1]
            guard r.hasAdjoint, u.fusesOperand, ChainedBackward.plannable(reader: r, unary: u, operand: steps[s - 2])
            else { continue }
            steps[s].fusesUnaryOperand = true
            steps[s - 1].fusedIntoReader = true
        }
        self.sources = sources
        self.steps = steps
        self.slotCount = valueSlots
        self.uniformOrder = uniformOrder
        self.hoisted = hoisted
        adjointSlotCount = slots
        self.boundary = boundary
    }

    /// True when `operation`'s partial derivative for operand `position` is exactly 1, so that operand's adjoint
    /// equals the step's.
    private static func passesAdjoint(_ operation: StepOperation, position: Int) -> Bool {
        switch operation {
        case .binary(.add): true
        case .binary(.sub): position == 0
        case .mulAdd: position == 2
        default: false
        }
    }

    /// Per-worker scratch size in doubles: values, then adjoints, then one spare slot (`spareSlot`).
    var scratchCount: Int { (slotCount + adjointSlotCount + 1) * blockSize }

    /// A slot of scratch no step owns: the reverse pass writes a fused unary step's per-lane rule there.
    var spareSlot: Int { slotCount + adjointSlotCount }

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
    func vector(_ source: LaneSource, _ ctx: BlockContext) -> UnsafePointer<Double> {
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
            case .unary(let op):
                if step.auxSlot >= 0 {
                    let aux = ctx.scratch + step.auxSlot * blockSize
                    let a = vector(step.a, ctx)
                    if op == .sin {
                        VectorMath.sinCos(a, sin: out, cos: aux, count: n)
                    } else {
                        VectorMath.sinCos(a, sin: aux, cos: out, count: n)
                    }
                } else {
                    UnaryLoops.forward(op, count: n, vector(step.a, ctx), out)
                }
            case .binary(let op):
                guard let b = step.b else { continue }
                resolve(step.a, ctx).dispatch(resolve(b, ctx), ForwardBinaryLoop(op: op, count: n, out: out))
            case .mulAdd:
                guard let b = step.b, let c = step.c else { continue }
                resolve(step.a, ctx).dispatch(resolve(b, ctx), resolve(c, ctx), MulAddLoop(count: n, out: out))
            }
        }
    }

    /// After `forward`: Σ weight·output over the block (the value alone, for a validation loss).
    func outputSum(_ ctx: BlockContext, weight: Double) -> Double {
        let values = vector(sources[output], ctx)
        return LaneSum.total(count: ctx.count) { l in weight * values[l] }
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
