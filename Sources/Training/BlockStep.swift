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

/// What one per-point step of a `BlockProgram` computes.
enum StepOperation: Equatable {
    case square
    case unary(UnaryOp)
    case binary(BinaryOp)
    /// `a·b + c`: a product whose only reader is a sum, run as one pass (rounded as the two operations are).
    case mulAdd
}

/// Where the adjoint contribution of one operand of a step goes (planned once).
enum SinkPlan: Equatable {
    /// Nothing to carry: the operand is data, a constant or a parameter-free value.
    case none
    /// The operand's adjoint is the step's own adjoint (a sum's only reader): it shares the step's adjoint slot,
    /// so nothing is computed.
    case alias
    /// Into the operand's adjoint slot: written by the first contribution (`assign`), added to by later ones.
    case lanes(slot: Int, assign: Bool)
    /// Summed over the block into boundary accumulator `index` (a uniform, parameter-dependent operand).
    case sum(index: Int)
}

/// One per-point step of a `BlockProgram`. Operands are stored inline (no arrays), so walking the steps costs no
/// reference counting.
struct BlockStep {
    /// The instruction whose value the step computes.
    let instruction: Int
    let operation: StepOperation
    /// The operands: `a`, then `b` for binary steps and `mulAdd`, then `c` for `mulAdd`.
    let a: LaneSource
    let b: LaneSource?
    let c: LaneSource?
    /// How many operands the step reads (1, 2 or 3).
    let arity: Int
    /// The instructions behind `a`, `b` and `c` (−1 when absent).
    let operandInstructions: (Int, Int, Int)
    let slot: Int
    /// For `sin`/`cos` steps whose derivative is needed: the slot holding cos/sin of the operand, written by the
    /// forward pass (one `sinCos` call) and read by the reverse one; −1 otherwise.
    var auxSlot = -1
    /// Where the adjoints of `a`, `b` and `c` go (set for steps that vary with the parameters).
    var sinks: (SinkPlan, SinkPlan, SinkPlan) = (.none, .none, .none)
    /// True when the step varies with the parameters, so the reverse pass visits it.
    var hasAdjoint = false
    /// The adjoint slot of this step's value (its own, or the one it shares with the sum that reads it); −1 for
    /// steps that do not vary with the parameters.
    var adjointSlot = -1
    /// A unary step whose operand is the step just before it, a scalar times per-point values read by nothing
    /// else: its reverse rule and that step's run as one loop, and the operand's adjoint is never stored.
    var fusesOperand = false
    /// The step before a `fusesOperand` step: its reverse rule ran with that step's.
    var fusedIntoReader = false
    /// A product of a scalar and the `fusesOperand` unary step just before it (the unary step's only reader, plus
    /// an optional addend): the three steps' reverse rules run as one loop (`ChainedBackward`), and neither the unary
    /// step's adjoint nor its operand's is stored. That unary step is then `fusedIntoReader` too.
    var fusesUnaryOperand = false

    init(instruction: Int, operation: StepOperation, operands: [LaneSource], operandInstructions: [Int], slot: Int) {
        self.instruction = instruction
        self.operation = operation
        a = operands[0]
        b = operands.count > 1 ? operands[1] : nil
        c = operands.count > 2 ? operands[2] : nil
        arity = operands.count
        let ids = operandInstructions + [-1, -1]
        self.operandInstructions = (ids[0], ids[1], ids[2])
        self.slot = slot
    }

    /// Operand `position` (0, 1 or 2).
    func operand(_ position: Int) -> (source: LaneSource, instruction: Int) {
        switch position {
        case 0: (a, operandInstructions.0)
        case 1: (b ?? a, operandInstructions.1)
        default: (c ?? a, operandInstructions.2)
        }
    }

    /// Where operand `position`'s adjoint goes.
    func sink(_ position: Int) -> SinkPlan {
        switch position {
        case 0: sinks.0
        case 1: sinks.1
        default: sinks.2
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
