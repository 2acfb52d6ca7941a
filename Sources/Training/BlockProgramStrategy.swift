/// The general path: any objective whose output varies with both data and parameters runs as a `BlockProgram`,
/// instruction by instruction over blocks of points, forward then reverse.
///
/// Constants and parameter expressions are evaluated once per call as scalars, data columns are read in place, and
/// parameter-free data expressions that are costly (sin(x), exp(x), …; all of them for small data) are computed
/// once for the whole run. A block's row is Σ weight·f, then one adjoint sum per uniform instruction feeding a
/// per-point one; `finish` carries those back to the parameters.
final class BlockProgramStrategy: KernelStrategy {
    let blockSize = ObjectiveKernel.programBlockSize
    let partialWidth: Int
    private let program: BlockProgram
    private let data: KernelData
    private let columns: UnsafePointer<UnsafePointer<Double>>
    private let hoisted: UnsafePointer<UnsafePointer<Double>>
    /// This call's value of each uniform instruction (indexed by instruction).
    private let uniform: UnsafeMutablePointer<Double>
    /// Adjoints of the uniform instructions, for `finish`.
    private let uniformAdjoint: UnsafeMutablePointer<Double>
    /// Per worker: the block program's values and adjoints.
    private let scratch: UnsafeMutablePointer<Double>
    private let scratchPerWorker: Int

    /// The block program for `program` over `pointCount` points, or nil when its output does not vary with both
    /// data and parameters (or there are no points).
    static func plan(_ program: Program, pointCount: Int) -> BlockProgram? {
        let variations = program.variations
        guard pointCount > 0, variations.last == .varying else { return nil }
        let insts = program.instructions
        var readByVarying = Set<Int>()
        for (i, inst) in insts.enumerated() where variations[i] == .varying {
            switch inst {
            case .unary(_, let a), .square(let a): readByVarying.insert(a)
            case .binary(_, let a, let b): readByVarying.insert(a); readByVarying.insert(b)
            default: break
            }
        }
        let hoist = ObjectiveKernel.hoistable(program, candidates: readByVarying.filter { variations[$0] == .data },
                                              pointCount: pointCount)
        return BlockProgram(program, outputs: [insts.count - 1], hoist: hoist,
                            blockSize: ObjectiveKernel.programBlockSize)
    }

    /// Sets up `plan` over `data` for `workers` threads, precomputing the plan's data expressions into `data`.
    init(_ plan: BlockProgram, data: KernelData, workers: Int) {
        program = plan
        self.data = data
        data.precompute(plan)
        columns = UnsafePointer(data.columnBases)
        hoisted = UnsafePointer(data.hoistedBases)
        partialWidth = plan.partialWidth
        let instructionCount = max(plan.program.instructions.count, 1)
        uniform = .allocate(capacity: instructionCount)
        uniform.initialize(repeating: 0, count: instructionCount)
        uniformAdjoint = .allocate(capacity: instructionCount)
        uniformAdjoint.initialize(repeating: 0, count: instructionCount)
        scratchPerWorker = plan.scratchCount
        scratch = .allocateAligned(capacity: scratchPerWorker * workers)
    }

    deinit {
        uniform.deallocate()
        uniformAdjoint.deallocate()
        scratch.deallocate()
    }

    func evaluateUniform(parameters: UnsafePointer<Double>) {
        program.evaluateUniform(parameters: parameters, into: uniform)
    }

    func runBlock(start: Int, count: Int, worker: Int, row: UnsafeMutablePointer<Double>, weight: Double,
                  valueOnly: Bool)
    {
        let ctx = BlockContext(columns: columns, hoisted: hoisted, uniform: uniform,
                               scratch: scratch + worker * scratchPerWorker, start: start, count: count)
        program.forward(ctx)
        if valueOnly {
            row[0] = program.outputSum(ctx, weight: weight)
        } else {
            program.backward(ctx, weight: weight, row: row)
        }
    }

    /// The value already carries the weight (each block applied it).
    func finish(sums: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>, weight: Double,
                valueOnly: Bool) -> Double
    {
        if !valueOnly {
            program.finishGradient(sums: sums + 1, uniform: uniform, adjoint: uniformAdjoint, gradient: gradient)
        }
        return sums[0]
    }
}
