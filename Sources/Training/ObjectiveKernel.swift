/// The training fast path: Σᵢ weight·f(pointᵢ) and its gradient for a compiled objective f over fixed data, once
/// per epoch, without allocating.
///
/// At construction the program is planned once:
/// - **fused residual** — a squared, absolute or Huber penalty of a residual that is affine in the parameters (the
///   losses of every model linear in its parameters, such as the default quadratic) runs as one SIMD loop per block
///   that computes residual, penalty and gradient sums with everything in registers;
/// - **block program** — any other objective runs instruction by instruction over blocks of points, with
///   constants and parameters kept scalar, data columns read in place and parameter-free data expressions that
///   are costly (sin(x), exp(x), …) computed once for the whole run;
/// - **reference** — objectives that are not per-point functions of both data and parameters use `Evaluator`.
///
/// Points are split into blocks of `blockSize` (a partition fixed by the point count alone). Each block writes its
/// own row of partial sums, and rows are added in block order, so the result is bit-identical for any number of
/// threads. Threads are used only when there are at least `parallelThreshold` points, and only while they are
/// faster: a `ThreadTuner` times both ways now and then and keeps the faster (a busy machine may leave no free core).
public final class ObjectiveKernel {
    /// How the kernel evaluates the objective.
    public enum Strategy: String, Sendable {
        /// One SIMD pass per block over an affine residual's penalty and gradient sums.
        case fusedResidual = "fused-residual"
        /// Instruction by instruction over blocks, forward then reverse.
        case blockProgram = "block-program"
        /// `Evaluator` (objectives that do not vary with both data and parameters).
        case reference
    }

    /// Fewer points than this run on the calling thread only.
    public static let parallelThreshold = 32_768
    /// Points per block for the fused kernel and for the block program.
    static let fusedBlockSize = 1024
    static let programBlockSize = 256
    /// Data expressions for at most this many points are precomputed even when cheap.
    static let hoistAllThreshold = 65_536

    /// The objective f, per point.
    public let program: Program
    /// Data points (the length of every column).
    public let pointCount: Int
    /// The factor applied to every point's value (1/N for a mean).
    public let weight: Double
    /// Threads that share each evaluation (1: the calling thread only).
    public let threads: Int
    /// Points per block: the fixed partition that partial sums follow.
    public let blockSize: Int
    /// The plan chosen for `program`.
    public let strategy: Strategy

    /// The data, one owned buffer per column (rows may be shuffled by `shuffleRows`).
    private let columnStorage: [UnsafeMutablePointer<Double>]
    private let parameterCount: Int
    private let columnBases: UnsafeMutablePointer<UnsafePointer<Double>>
    /// The rows the current evaluation covers and the weight it applies (set per call; read by `runBlock`).
    private var rangeStart = 0
    private var rangeCount = 0
    private var rangeBlocks = 0
    private var rangeWeight = 0.0
    private var valueOnly = false
    private var hoistedStorage: [UnsafeMutablePointer<Double>] = []
    private let hoistedBases: UnsafeMutablePointer<UnsafePointer<Double>>
    private let blockCount: Int
    private let width: Int
    private let partials: UnsafeMutablePointer<Double>
    private let sums: UnsafeMutablePointer<Double>
    /// Per-instruction scalar values for this epoch (block program) or constants (fused features).
    private let uniform: UnsafeMutablePointer<Double>
    private let uniformAdjoint: UnsafeMutablePointer<Double>
    private let scratch: UnsafeMutablePointer<Double>
    private let scratchPerWorker: Int
    private let pool: WorkerPool?
    @exclusivity(unchecked) private var tuner = ThreadTuner()
    private let blocksPerTask: Int

    // Block program.
    private let blockProgram: BlockProgram?
    // Fused residual.
    private let features: BlockProgram?
    /// The feature program has per-block steps (coefficients computed per block, not read from columns).
    private let featureSteps: Bool
    private let residual: ResidualLoss
    private let featureSources: [LaneSource]
    /// Per coefficient, then the target: kind (0 column, 1 precomputed, 2 scratch slot) and index, flattened.
    private let sourceCodes: UnsafeMutablePointer<Int>
    private let squaredMask: Int
    private let featureParameters: [Int]
    private let scalarTerms: [(parameter: Int, value: Double)]
    /// Coefficient parameters for this epoch, then the bias Σ θ·constant.
    private let theta: UnsafeMutablePointer<Double>
    private let featurePointers: UnsafeMutablePointer<UnsafePointer<Double>>
    // Reference.
    private let reference: Evaluator?

    /// Plans `program` for `columns` (one array per variable, in `program.variableNames` order, all of the same
    /// length) and `weight`, using up to `threads` threads per evaluation.
    public init(_ program: Program, columns: [[Double]], weight: Double, threads: Int = 1) {
        self.program = program
        self.weight = weight
        let n = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == n }, "all columns must have the same length")
        precondition(columns.count == program.variableNames.count, "one column per variable")
        pointCount = n
        parameterCount = program.parameterNames.count
        columnBases = .allocate(capacity: max(columns.count, 1))
        columnStorage = columns.map { column in
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: max(column.count, 1))
            column.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { buffer.initialize(from: base, count: column.count) }
            }
            return buffer
        }
        for (k, buffer) in columnStorage.enumerated() { columnBases[k] = UnsafePointer(buffer) }

        // Choose the plan.
        var plan = Strategy.reference
        var fused: FusedPlan?
        var general: BlockProgram?
        if n > 0, let form = AffineResidual(program),
           let built = FusedPlan(form, program, pointCount: n)
        {
            fused = built
            plan = .fusedResidual
        } else if n > 0, program.variations.last == .varying {
            let variations = program.variations
            let insts = program.instructions
            var readByVarying = Set<Int>()
            for (i, inst) in insts.enumerated() where variations[i] == .varying {
                switch inst {
                case .unary(_, let a), .square(let a): readByVarying.insert(a)
                case .binary(_, let a, let b): readByVarying.insert(a); readByVarying.insert(b)
                default: break
                }
            }
            let hoist = Self.hoistable(program, candidates: readByVarying.filter { variations[$0] == .data },
                                       pointCount: n)
            general = BlockProgram(program, outputs: [insts.count - 1], hoist: hoist,
                                   blockSize: Self.programBlockSize)
            plan = .blockProgram
        }
        strategy = plan
        blockProgram = general
        features = fused?.program
        featureSteps = !(fused?.program.steps.isEmpty ?? true)
        featureSources = fused?.features ?? []
        squaredMask = fused?.squaredMask ?? 0
        featureParameters = fused?.parameters ?? []
        scalarTerms = (fused?.scalarTerms ?? []).map { (parameter: $0.0, value: $0.1) }
        residual = fused?.loss ?? .squared
        let codes = (fused.map { $0.features + [$0.target] } ?? []).flatMap { source -> [Int] in
            switch source {
            case .column(let k): [0, k]
            case .hoisted(let h): [1, h]
            case .slot(let s): [2, s]
            case .uniform: [0, 0]
            }
        }
        sourceCodes = .allocate(capacity: max(codes.count, 1))
        sourceCodes.initialize(from: codes + [0], count: max(codes.count, 1))
        reference = plan == .reference ? Evaluator(program) : nil

        switch plan {
        case .fusedResidual:
            blockSize = Self.fusedBlockSize
            width = 2 + featureSources.count
        case .blockProgram:
            blockSize = Self.programBlockSize
            width = general?.partialWidth ?? 1
        case .reference:
            blockSize = max(n, 1)
            width = 1
        }
        blockCount = plan == .reference ? 0 : (n + blockSize - 1) / blockSize
        let requested = max(1, threads)
        let useThreads = plan != .reference && requested > 1 && n >= Self.parallelThreshold && blockCount >= 2
        self.threads = useThreads ? min(requested, blockCount) : 1
        blocksPerTask = max(1, blockCount / (self.threads * 32))
        pool = self.threads > 1 ? WorkerPool(workers: self.threads - 1) : nil

        partials = .allocate(capacity: max(blockCount * width, 1))
        sums = .allocate(capacity: width)
        let instructionCount = max(program.instructions.count, (features?.program.instructions.count ?? 0), 1)
        uniform = .allocate(capacity: instructionCount)
        uniform.initialize(repeating: 0, count: instructionCount)
        uniformAdjoint = .allocate(capacity: instructionCount)
        uniformAdjoint.initialize(repeating: 0, count: instructionCount)
        let kernelScratch = plan == .fusedResidual ? 2 * blockSize : 0
        scratchPerWorker = (general?.scratchCount ?? 0) + (features?.scratchCount ?? 0) + kernelScratch
        scratch = .allocate(capacity: max(scratchPerWorker * self.threads, 1))
        theta = .allocate(capacity: featureParameters.count + 1)
        theta.initialize(repeating: 0, count: featureParameters.count + 1)
        featurePointers = .allocate(capacity: max(featureSources.count, 1) * self.threads)
        let hoistedPlan = general ?? features
        let hoistedCount = hoistedPlan?.hoisted.count ?? 0
        hoistedBases = .allocate(capacity: max(hoistedCount, 1))

        // Constants of the feature program, and precomputed columns.
        if let features {
            let none = [Double](repeating: 0, count: 1)
            none.withUnsafeBufferPointer { features.evaluateUniform(parameters: $0.baseAddress!, into: uniform) }
        }
        if let hoistedPlan, hoistedCount > 0 {
            precompute(hoistedPlan)
        }
    }

    deinit {
        pool?.shutdown()
        columnBases.deallocate()
        for column in columnStorage { column.deallocate() }
        for column in hoistedStorage { column.deallocate() }
        hoistedBases.deallocate()
        partials.deallocate()
        sums.deallocate()
        uniform.deallocate()
        uniformAdjoint.deallocate()
        scratch.deallocate()
        theta.deallocate()
        sourceCodes.deallocate()
        featurePointers.deallocate()
    }

    /// Σᵢ weight·f(pointᵢ) at `parameters` (in `program.parameterNames` order); writes the gradient to `gradient`
    /// (resized to the parameter count if needed).
    public func valueAndGradient(parameters: [Double], gradient: inout [Double]) -> Double {
        valueAndGradient(parameters: parameters, gradient: &gradient, rows: 0..<pointCount, weight: weight)
    }

    /// Σ over `rows` of `weight`·f(pointᵢ) and its gradient: one mini-batch of the current row order.
    ///
    /// Blocks start at `rows.lowerBound`, so the partition, and with it every bit of the result, depends on the rows
    /// alone, never on the thread count. Threads are used only for at least `parallelThreshold` rows.
    public func valueAndGradient(parameters: [Double], gradient: inout [Double], rows: Range<Int>, weight: Double)
        -> Double
    {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= pointCount, "rows out of range")
        if gradient.count != parameterCount { gradient = [Double](repeating: 0, count: parameterCount) }
        if let reference {
            let (value, g) = reference.sumAndGradient(columns: columnArrays(rows), parameters: parameters,
                                                      weight: weight)
            for i in g.indices { gradient[i] = g[i] }
            return value
        }
        return parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                evaluate(p.baseAddress ?? UnsafePointer(theta), g.baseAddress ?? theta, rows: rows, weight: weight,
                         valueOnly: false)
            }
        }
    }

    /// Σ over `rows` of `weight`·f(pointᵢ) alone (a validation loss): the forward pass only where the plan has one.
    public func value(parameters: [Double], rows: Range<Int>? = nil, weight: Double? = nil) -> Double {
        let rows = rows ?? 0..<pointCount
        let weight = weight ?? self.weight
        if let reference {
            return reference.sumAndGradient(columns: columnArrays(rows), parameters: parameters, weight: weight).0
        }
        var unused = [Double](repeating: 0, count: max(parameterCount, 1))
        return parameters.withUnsafeBufferPointer { p in
            unused.withUnsafeMutableBufferPointer { g in
                evaluate(p.baseAddress ?? UnsafePointer(theta), g.baseAddress!, rows: rows, weight: weight,
                         valueOnly: true)
            }
        }
    }

    /// Shuffles the rows of every column (and of every precomputed column) in place: Fisher–Yates from the last row
    /// down, row i swapped with row `rng.nextIndex(below: i + 1)` — the same draws and the same order as
    /// `rng.permutation(pointCount)` applied to the rows. Mini-batch training shuffles once per epoch, then takes
    /// batches of consecutive rows.
    public func shuffleRows(using rng: inout Xoshiro256StarStar) {
        var i = pointCount - 1
        let columns = columnStorage + hoistedStorage
        if columns.count == 2 {
            let a = columns[0], b = columns[1]
            while i > 0 {
                let j = rng.nextIndex(below: i + 1)
                (a[i], a[j]) = (a[j], a[i])
                (b[i], b[j]) = (b[j], b[i])
                i -= 1
            }
            return
        }
        while i > 0 {
            let j = rng.nextIndex(below: i + 1)
            for column in columns { (column[i], column[j]) = (column[j], column[i]) }
            i -= 1
        }
    }

    /// The current rows as arrays (for the reference evaluator).
    private func columnArrays(_ rows: Range<Int>) -> [[Double]] {
        columnStorage.map { Array(UnsafeBufferPointer(start: $0 + rows.lowerBound, count: rows.count)) }
    }

    private func evaluate(_ parameters: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>,
                          rows: Range<Int>, weight: Double, valueOnly: Bool) -> Double
    {
        rangeStart = rows.lowerBound
        rangeCount = rows.count
        rangeBlocks = (rows.count + blockSize - 1) / blockSize
        rangeWeight = weight
        self.valueOnly = valueOnly
        let blockCount = rangeBlocks
        // Per-epoch scalars.
        if let blockProgram {
            blockProgram.evaluateUniform(parameters: parameters, into: uniform)
        } else {
            for (j, p) in featureParameters.enumerated() { theta[j] = parameters[p] }
            var s = 0.0
            for term in scalarTerms { s += parameters[term.parameter] * term.value }
            theta[featureParameters.count] = s
        }
        // Blocks: on the pool when it pays (see `ThreadTuner`), else on this thread; same rows either way.
        if let pool, rows.count >= Self.parallelThreshold, blockCount >= 2 {
            let pooled = tuner.pooledNext()
            pool.spinWhenIdle(pooled)
            let start = ContinuousClock.now
            if pooled {
                pool.run(tasks: (blockCount + blocksPerTask - 1) / blocksPerTask, self)
            } else {
                for b in 0..<blockCount { runBlock(b, worker: 0) }
            }
            tuner.record(pooled: pooled, duration: ContinuousClock.now - start)
        } else {
            for b in 0..<blockCount { runBlock(b, worker: 0) }
        }
        // Rows in block order.
        for j in 0..<width { sums[j] = 0 }
        for b in 0..<blockCount {
            let row = partials + b * width
            for j in 0..<width { sums[j] += row[j] }
        }
        if valueOnly { return blockProgram == nil ? weight * sums[0] : sums[0] }
        for i in 0..<parameterCount { gradient[i] = 0 }
        if let blockProgram {
            blockProgram.finishGradient(sums: sums + 1, uniform: uniform, adjoint: uniformAdjoint,
                                        gradient: gradient)
            return sums[0]
        }
        let scale: Double
        switch residual {
        case .squared: scale = weight * SquaredResidual().slopeScale
        case .absolute: scale = weight * AbsoluteResidual().slopeScale
        case .huber(let delta): scale = weight * HuberResidual(delta: delta).slopeScale
        }
        let k = featureParameters.count
        for (j, p) in featureParameters.enumerated() { gradient[p] = scale * sums[1 + j] }
        for term in scalarTerms { gradient[term.parameter] = scale * (term.value * sums[1 + k]) }
        return weight * sums[0]
    }

    fileprivate func runBlock(_ b: Int, worker: Int) {
        let start = rangeStart + b * blockSize
        let n = min(blockSize, rangeStart + rangeCount - start)
        let workerScratch = scratch + worker * scratchPerWorker
        let row = partials + b * width
        if let blockProgram {
            let ctx = BlockContext(columns: columnBases, hoisted: hoistedBases, uniform: uniform,
                                   scratch: workerScratch, start: start, count: n)
            blockProgram.forward(ctx)
            if valueOnly {
                row[0] = blockProgram.outputSum(ctx, weight: rangeWeight)
            } else {
                blockProgram.backward(ctx, weight: rangeWeight, row: row)
            }
            return
        }
        let k = featureSources.count
        let workerScratch2 = workerScratch + (features?.scratchCount ?? 0)
        if featureSteps, let features {
            features.forward(BlockContext(columns: columnBases, hoisted: hoistedBases, uniform: uniform,
                                          scratch: workerScratch, start: start, count: n))
        }
        @inline(__always) func pointer(_ j: Int) -> UnsafePointer<Double> {
            let index = sourceCodes[2 * j + 1]
            switch sourceCodes[2 * j] {
            case 0: return columnBases[index] + start
            case 1: return hoistedBases[index] + start
            default: return UnsafePointer(workerScratch + index * blockSize)
            }
        }
        let pointers = featurePointers + worker * max(k, 1)
        for j in 0..<k { pointers[j] = pointer(j) }
        let block = FusedBlock(count: n, features: pointers, featureCount: k, squared: squaredMask,
                               target: pointer(k), theta: theta, bias: theta[k], row: row, scratch: workerScratch2)
        switch residual {
        case .squared: FusedKernels.run(SquaredResidual(), block)
        case .absolute: FusedKernels.run(AbsoluteResidual(), block)
        case .huber(let delta): FusedKernels.run(HuberResidual(delta: delta), block)
        }
    }

    /// Computes the plan's precomputed columns once over all points.
    private func precompute(_ plan: BlockProgram) {
        let once = BlockProgram(plan.program, outputs: plan.hoisted, hoist: [], blockSize: plan.blockSize)
        let values = UnsafeMutablePointer<Double>.allocate(capacity: max(once.scratchCount, 1))
        defer { values.deallocate() }
        let params = [Double](repeating: 0, count: max(plan.program.parameterNames.count, 1))
        let constants = UnsafeMutablePointer<Double>.allocate(capacity: max(plan.program.instructions.count, 1))
        defer { constants.deallocate() }
        params.withUnsafeBufferPointer { once.evaluateUniform(parameters: $0.baseAddress!, into: constants) }
        for (h, _) in plan.hoisted.enumerated() {
            let column = UnsafeMutablePointer<Double>.allocate(capacity: pointCount)
            hoistedStorage.append(column)
            hoistedBases[h] = UnsafePointer(column)
        }
        do {
            var start = 0
            while start < pointCount {
                let n = min(plan.blockSize, pointCount - start)
                let ctx = BlockContext(columns: columnBases, hoisted: hoistedBases, uniform: constants,
                                       scratch: values, start: start, count: n)
                once.forward(ctx)
                for (h, i) in plan.hoisted.enumerated() {
                    let source = once.pointer(once.sources[i], ctx)
                    (hoistedStorage[h] + start).update(from: source, count: n)
                }
                start += n
            }
        }
    }

    /// Data instructions among `candidates` worth computing once: all of them for small data, otherwise those
    /// whose expression involves a costly operation.
    static func hoistable(_ program: Program, candidates: Set<Int>, pointCount: Int) -> Set<Int> {
        let insts = program.instructions
        var costly = [Bool](repeating: false, count: insts.count)
        for (i, inst) in insts.enumerated() {
            switch inst {
            case .unary(_, let a), .square(let a): costly[i] = inst.isExpensive || costly[a]
            case .binary(_, let a, let b): costly[i] = inst.isExpensive || costly[a] || costly[b]
            default: break
            }
        }
        return candidates.filter { i in
            if case .variable = insts[i] { return false }
            return pointCount <= hoistAllThreshold || costly[i]
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

extension ObjectiveKernel: PoolJob {
    func runTask(_ task: Int, worker: Int) {
        let first = task * blocksPerTask
        for b in first..<min(first + blocksPerTask, rangeBlocks) { runBlock(b, worker: worker) }
    }
}
