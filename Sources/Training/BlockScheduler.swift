/// How many threads a block strategy gets for `pointCount` points, decided once from the point count alone.
struct BlockPartition {
    let blockSize: Int
    /// Blocks over all points.
    let blockCount: Int
    /// Threads that share each evaluation (1: the calling thread only).
    let threads: Int
    /// Fewer rows than this run on the calling thread.
    let parallelRows: Int

    /// Threads only when `requestedThreads` > 1, there are at least `parallelRows` points (by default
    /// `ObjectiveKernel.parallelThreshold`; fewer for objectives that cost more per point) and two blocks; never
    /// more threads than blocks.
    init(pointCount: Int, blockSize: Int, requestedThreads: Int,
         parallelRows: Int = ObjectiveKernel.parallelThreshold)
    {
        self.blockSize = blockSize
        self.parallelRows = parallelRows
        blockCount = (pointCount + blockSize - 1) / blockSize
        let requested = max(1, requestedThreads)
        let useThreads = requested > 1 && pointCount >= parallelRows && blockCount >= 2
        threads = useThreads ? min(requested, blockCount) : 1
    }
}

/// Runs a `KernelStrategy` over a range of rows: blocks of `blockSize` from the range's first row, each writing its
/// own row of partial sums, rows added in block order — so the result depends on the rows alone, never on the
/// thread count. Blocks go to a `WorkerPool` only for at least `BlockPartition.parallelRows` rows, and only
/// while that is faster (`ThreadTuner`).
final class BlockScheduler<Strategy: KernelStrategy>: PoolJob {
    let strategy: Strategy
    let blockSize: Int
    let threads: Int
    private let parameterCount: Int
    private let width: Int
    private let partials: UnsafeMutablePointer<Double>
    private let sums: UnsafeMutablePointer<Double>
    /// Stands in for an empty parameter or gradient array, and for the gradient of a value-only call.
    private let placeholder: UnsafeMutablePointer<Double>
    private let pool: WorkerPool?
    @exclusivity(unchecked) private var tuner = ThreadTuner()
    private let blocksPerTask: Int
    private let parallelRows: Int
    /// The rows the current evaluation covers and the weight it applies (set per call; read by `runTask`).
    private var rangeStart = 0
    private var rangeCount = 0
    private var rangeBlocks = 0
    private var rangeWeight = 0.0
    private var valueOnly = false

    /// `strategy` must have scratch for `partition.threads` workers and use `partition.blockSize`.
    init(_ strategy: Strategy, partition: BlockPartition, parameterCount: Int) {
        precondition(strategy.blockSize == partition.blockSize, "the strategy's block size")
        self.strategy = strategy
        self.parameterCount = parameterCount
        blockSize = partition.blockSize
        threads = partition.threads
        parallelRows = partition.parallelRows
        width = strategy.partialWidth
        blocksPerTask = max(1, partition.blockCount / (threads * 32))
        pool = threads > 1 ? WorkerPool(workers: threads - 1) : nil
        partials = .allocate(capacity: max(partition.blockCount * width, 1))
        sums = .allocate(capacity: width)
        placeholder = .allocate(capacity: 1)
        placeholder.initialize(to: 0)
    }

    deinit {
        pool?.shutdown()
        partials.deallocate()
        sums.deallocate()
        placeholder.deallocate()
    }

    /// Σ over `rows` of `weight`·f(pointᵢ); writes the gradient to `gradient` (`parameterCount` entries).
    func valueAndGradient(parameters: [Double], gradient: inout [Double], rows: Range<Int>, weight: Double)
        -> Double
    {
        parameters.withUnsafeBufferPointer { p in
            gradient.withUnsafeMutableBufferPointer { g in
                evaluate(p.baseAddress ?? UnsafePointer(placeholder), g.baseAddress ?? placeholder, rows: rows,
                         weight: weight, valueOnly: false)
            }
        }
    }

    /// Σ over `rows` of `weight`·f(pointᵢ) alone.
    func value(parameters: [Double], rows: Range<Int>, weight: Double) -> Double {
        parameters.withUnsafeBufferPointer { p in
            evaluate(p.baseAddress ?? UnsafePointer(placeholder), placeholder, rows: rows, weight: weight,
                     valueOnly: true)
        }
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
        strategy.evaluateUniform(parameters: parameters)
        // Blocks: on the pool when it pays (see `ThreadTuner`), else on this thread; same rows either way.
        if let pool, rows.count >= parallelRows, blockCount >= 2 {
            let pooled = tuner.pooledNext()
            pool.spinWhenIdle(pooled)
            if pooled {
                let start = ContinuousClock.now
                let tasks = (blockCount + blocksPerTask - 1) / blocksPerTask
                let caller = pool.run(tasks: tasks, self)
                tuner.recordPooled(duration: ContinuousClock.now - start, tasks: tasks, callerTasks: caller.tasks,
                                   callerBusy: caller.busy)
            } else {
                for b in 0..<blockCount { runBlock(b, worker: 0) }
                tuner.recordAlone()
            }
        } else {
            for b in 0..<blockCount { runBlock(b, worker: 0) }
        }
        // Rows in block order.
        for j in 0..<width { sums[j] = 0 }
        for b in 0..<blockCount {
            let row = partials + b * width
            for j in 0..<width { sums[j] += row[j] }
        }
        if !valueOnly { for i in 0..<parameterCount { gradient[i] = 0 } }
        return strategy.finish(sums: sums, gradient: gradient, weight: weight, valueOnly: valueOnly)
    }

    @inline(__always)
    private func runBlock(_ b: Int, worker: Int) {
        let start = rangeStart + b * blockSize
        strategy.runBlock(start: start, count: min(blockSize, rangeStart + rangeCount - start), worker: worker,
                          row: partials + b * width, weight: rangeWeight, valueOnly: valueOnly)
    }

    func runTask(_ task: Int, worker: Int) {
        let first = task * blocksPerTask
        for b in first..<min(first + blocksPerTask, rangeBlocks) { runBlock(b, worker: worker) }
    }
}
