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
/// Each plan is its own type — `FusedResidualStrategy`, `BlockProgramStrategy`, `ReferenceStrategy` — over the
/// shared rows in `KernelData`. The two block strategies run under a `BlockScheduler`: points are split into blocks
/// of `blockSize` (a partition fixed by the rows alone), each block writes its own row of partial sums and rows are
/// added in block order, so the result is bit-identical for any number of threads. Threads are used only when there
/// are at least `parallelThreshold` points, and only while they are faster: a `ThreadTuner` keeps the pool while pooled
/// evaluations beat the single-threaded time they imply (a busy machine may leave no free core).
public final class ObjectiveKernel {
    /// How the kernel evaluates the objective.
    public enum Strategy: String, Sendable {
        /// One SIMD pass per block over an affine residual's penalty and gradient sums.
        case fusedResidual = "fused-residual"
        /// Instruction by instruction over blocks, forward then reverse.
        case blockProgram = "block-program"
        /// A built-in MLP as dense layers over blocks (`DenseNetworkStrategy`).
        case denseNetwork = "dense-network"
        /// `Evaluator` (objectives that do not vary with both data and parameters).
        case reference
    }

    /// Fewer points than this run on the calling thread only.
    public static let parallelThreshold = 32_768
    /// Rows from which a block program is worth threads: `parallelThreshold` for a program as cheap per point as the
    /// fused quadratic, fewer as its per-point work grows (a transcendental counts as 8 steps), never fewer than
    /// four blocks. Which rows a block holds never depends on this, so neither do the results.
    static func parallelRows(_ plan: BlockProgram) -> Int {
        var cost = 0
        for step in plan.steps {
            if case .unary(let op) = step.operation, op != .neg, op != .abs, op != .sqrt { cost += 8 } else { cost += 1 }
            if step.hasAdjoint { cost += step.arity }
        }
        return max(4 * programBlockSize, min(parallelThreshold, parallelThreshold * 8 / max(cost, 1)))
    }

    /// Points per block for the fused kernel and for the block program.
    static let fusedBlockSize = 1024
    static let programBlockSize = 256
    static let denseBlockSize = 128
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

    private let parameterCount: Int
    /// The rows, shared by the strategy (shuffled in place by `shuffleRows`).
    private let data: KernelData
    private let engine: Engine
    /// Owns the object `engine` refers to.
    private let engineOwner: AnyObject
    /// For the fused residual and the block program: the interpreter, for the rare evaluation whose result is not
    /// finite where the interpreter's may be. The fused residual sums each block's unweighted penalties and applies
    /// the weight once (residuals near √DBL_MAX: Σ r² passes the largest Double while Σ r²/N does not); the block
    /// program seeds its reverse pass with the weight and multiplies in another order than the interpreter, so an
    /// intermediate product near the largest Double can overflow in one and not the other (the kernel fuzz target's
    /// `o*b/b*1e+308`). Used only when the fast result is not finite, so every finite result keeps its bits.
    private let overflowFallback: ReferenceStrategy?

    /// The chosen strategy, dispatched once per call (the block strategies are generic arguments, so nothing on a
    /// block's path goes through a protocol witness). Unmanaged, so that a call — tens of nanoseconds for a
    /// mini-batch of ten points — pays no retain and release; `engineOwner` keeps the object alive.
    private enum Engine {
        case fusedResidual(Unmanaged<BlockScheduler<FusedResidualStrategy>>)
        case blockProgram(Unmanaged<BlockScheduler<BlockProgramStrategy>>)
        case denseNetwork(Unmanaged<BlockScheduler<DenseNetworkStrategy>>)
        case reference(Unmanaged<ReferenceStrategy>)
    }

    /// Plans `program` for `columns` (one array per variable, in `program.variableNames` order, all of the same
    /// length) and `weight`, using up to `threads` threads per evaluation. With `network` (the objective is that
    /// built-in MLP under its loss, columns the network's inputs then the target), the network runs as dense layers.
    public init(_ program: Program, columns: [[Double]], weight: Double, threads: Int = 1,
                network: DenseNetwork? = nil)
    {
        self.program = program
        self.weight = weight
        precondition(columns.count == program.variableNames.count, "one column per variable")
        let data = KernelData(columns: columns)
        self.data = data
        let n = data.pointCount
        pointCount = n
        parameterCount = program.parameterNames.count
        if n > 0, let network, columns.count == network.sizes[0] + 1 {
            let partition = BlockPartition(pointCount: n, blockSize: Self.denseBlockSize, requestedThreads: threads,
                                           parallelRows: 4 * Self.denseBlockSize)
            let scheduler = BlockScheduler(DenseNetworkStrategy(network, data: data, parameterCount: parameterCount,
                                                                workers: partition.threads),
                                           partition: partition, parameterCount: parameterCount)
            engine = .denseNetwork(.passUnretained(scheduler))
            engineOwner = scheduler
            overflowFallback = nil
            strategy = .denseNetwork
            blockSize = scheduler.blockSize
            self.threads = scheduler.threads
        } else if n > 0, let form = AffineResidual(program), let plan = FusedPlan(form, program, pointCount: n) {
            let partition = BlockPartition(pointCount: n, blockSize: Self.fusedBlockSize, requestedThreads: threads)
            let scheduler = BlockScheduler(FusedResidualStrategy(plan, data: data, workers: partition.threads),
                                           partition: partition, parameterCount: parameterCount)
            engine = .fusedResidual(.passUnretained(scheduler))
            engineOwner = scheduler
            overflowFallback = ReferenceStrategy(program, data: data)
            strategy = .fusedResidual
            blockSize = scheduler.blockSize
            self.threads = scheduler.threads
        } else if let plan = BlockProgramStrategy.plan(program, pointCount: n) {
            let partition = BlockPartition(pointCount: n, blockSize: Self.programBlockSize, requestedThreads: threads,
                                           parallelRows: Self.parallelRows(plan))
            let scheduler = BlockScheduler(BlockProgramStrategy(plan, data: data, workers: partition.threads),
                                           partition: partition, parameterCount: parameterCount)
            engine = .blockProgram(.passUnretained(scheduler))
            engineOwner = scheduler
            overflowFallback = ReferenceStrategy(program, data: data)
            strategy = .blockProgram
            blockSize = scheduler.blockSize
            self.threads = scheduler.threads
        } else {
            let reference = ReferenceStrategy(program, data: data)
            engine = .reference(.passUnretained(reference))
            engineOwner = reference
            overflowFallback = nil
            strategy = .reference
            blockSize = max(n, 1)
            self.threads = 1
        }
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
        switch engine {
        case .fusedResidual(let scheduler):
            let value = scheduler._withUnsafeGuaranteedRef {
                $0.valueAndGradient(parameters: parameters, gradient: &gradient, rows: rows, weight: weight)
            }
            return finiteOrInterpreted(value, parameters: parameters, gradient: &gradient, rows: rows, weight: weight)
        case .blockProgram(let scheduler):
            let value = scheduler._withUnsafeGuaranteedRef {
                $0.valueAndGradient(parameters: parameters, gradient: &gradient, rows: rows, weight: weight)
            }
            return finiteOrInterpreted(value, parameters: parameters, gradient: &gradient, rows: rows, weight: weight)
        case .denseNetwork(let scheduler):
            return scheduler._withUnsafeGuaranteedRef {
                $0.valueAndGradient(parameters: parameters, gradient: &gradient, rows: rows, weight: weight)
            }
        case .reference(let reference):
            return reference._withUnsafeGuaranteedRef {
                $0.valueAndGradient(parameters: parameters, gradient: &gradient, rows: rows, weight: weight)
            }
        }
    }

    /// `value` and `gradient` from a fast strategy when all are finite; otherwise the interpreter's (`overflowFallback`).
    @inline(__always)
    private func finiteOrInterpreted(_ value: Double, parameters: [Double], gradient: inout [Double],
                                     rows: Range<Int>, weight: Double) -> Double
    {
        // 0·x is 0 for every finite x and NaN for ±∞ and NaN: one test for the value and every gradient sum.
        var probe = value * 0
        for g in gradient { probe += g * 0 }
        if probe == 0 { return value }
        return overflowFallback!.valueAndGradient(parameters: parameters, gradient: &gradient, rows: rows,
                                                  weight: weight)
    }

    /// `value` from a fast strategy when finite; otherwise the interpreter's (`overflowFallback`).
    @inline(__always)
    private func finiteOrInterpreted(_ value: Double, parameters: [Double], rows: Range<Int>, weight: Double)
        -> Double
    {
        value.isFinite ? value : overflowFallback!.value(parameters: parameters, rows: rows, weight: weight)
    }

    /// Σ over `rows` of `weight`·f(pointᵢ) alone (a validation loss): the forward pass only where the plan has one.
    public func value(parameters: [Double], rows: Range<Int>? = nil, weight: Double? = nil) -> Double {
        let rows = rows ?? 0..<pointCount
        let weight = weight ?? self.weight
        switch engine {
        case .fusedResidual(let scheduler):
            let value = scheduler._withUnsafeGuaranteedRef {
                $0.value(parameters: parameters, rows: rows, weight: weight)
            }
            return finiteOrInterpreted(value, parameters: parameters, rows: rows, weight: weight)
        case .blockProgram(let scheduler):
            let value = scheduler._withUnsafeGuaranteedRef {
                $0.value(parameters: parameters, rows: rows, weight: weight)
            }
            return finiteOrInterpreted(value, parameters: parameters, rows: rows, weight: weight)
        case .denseNetwork(let scheduler):
            return scheduler._withUnsafeGuaranteedRef { $0.value(parameters: parameters, rows: rows, weight: weight) }
        case .reference(let reference):
            return reference._withUnsafeGuaranteedRef { $0.value(parameters: parameters, rows: rows, weight: weight) }
        }
    }

    /// Shuffles the rows of every column (and of every precomputed column) in place: Fisher–Yates from the last row
    /// down, row i swapped with row `rng.nextIndex(below: i + 1)` — the same draws and the same order as
    /// `rng.permutation(pointCount)` applied to the rows. Mini-batch training shuffles once per epoch, then takes
    /// batches of consecutive rows.
    public func shuffleRows(using rng: inout Xoshiro256StarStar) {
        data.shuffleRows(using: &rng)
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
