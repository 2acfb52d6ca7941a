/// Decides, evaluation by evaluation, whether sharing the blocks among threads is actually faster than running them
/// on the calling thread — on a machine whose other cores are busy it is not, because the caller ends up waiting for a
/// worker that lost its core. Results are bit-identical either way, so the choice only affects speed.
///
/// A pooled evaluation tells both sides of the comparison by itself: while the calling thread ran `callerTasks` of the
/// `tasks`, it was busy for `callerBusy`, so alone it would have needed about `callerBusy · tasks / callerTasks`; the
/// pooled evaluation took `duration`, waiting for the workers included. So the tuner never runs the serial way just to
/// time it. (The earlier tuner alternated both ways in a probe window: each serial probe cost a whole single-threaded
/// evaluation, and the workers, asleep during a serial probe, made the next pooled probe look slow.)
///
/// - While pooling: every `window` pooled evaluations the sums of both times are compared, and the pool is kept only
///   if it was faster than the estimate of running alone.
/// - While running alone: after `firstRetry` evaluations, then twice as many each time up to `period`, `probes`
///   evaluations use the pool again; the first wakes the workers and is not counted, the others decide the same way.
///   A worker that was only briefly held up (say, by its thread starting) is back in use soon.
struct ThreadTuner {
    static let window = 8
    static let firstRetry = 4
    static let period = 64
    static let probes = 3

    private var usePool = true
    /// While alone: evaluations since the tuner chose to run alone or last probed the pool, and when it probes next.
    private var aloneCount = 0
    private var retryAfter = firstRetry
    /// Pooled evaluations counted in the current window.
    private var pooledCount = 0
    private var pooledTime = Duration.zero
    private var aloneEstimate = Duration.zero

    /// Whether the next evaluation should use the pool.
    func pooledNext() -> Bool {
        usePool || aloneCount >= retryAfter
    }

    /// Records an evaluation run on the calling thread alone.
    mutating func recordAlone() {
        aloneCount += 1
    }

    /// Records a pooled evaluation: it took `duration`; the calling thread ran `callerTasks` of its `tasks` and was busy
    /// with them for `callerBusy`.
    mutating func recordPooled(duration: Duration, tasks: Int, callerTasks: Int, callerBusy: Duration) {
        if usePool {
            add(duration: duration, tasks: tasks, callerTasks: callerTasks, callerBusy: callerBusy)
            if pooledCount == Self.window { decide() }
            return
        }
        // A probe; the first of the run woke the workers (they sleep while the caller runs alone).
        aloneCount += 1
        if aloneCount > retryAfter + 1 {
            add(duration: duration, tasks: tasks, callerTasks: callerTasks, callerBusy: callerBusy)
        }
        if aloneCount == retryAfter + Self.probes {
            decide()
            if !usePool { retryAfter = min(2 * retryAfter, Self.period) }
        }
    }

    private mutating func add(duration: Duration, tasks: Int, callerTasks: Int, callerBusy: Duration) {
        pooledCount += 1
        pooledTime += duration
        // The caller ran every task at its own pace. With none run by it (the workers took them all) the pool was
        // clearly worth it: the estimate counts as twice the pooled time.
        aloneEstimate += callerTasks > 0 ? callerBusy * (Double(tasks) / Double(callerTasks)) : duration * 2
    }

    private mutating func decide() {
        let pooled = pooledTime < aloneEstimate
        if pooled {
            retryAfter = Self.firstRetry
        }
        usePool = pooled
        aloneCount = 0
        pooledCount = 0
        pooledTime = .zero
        aloneEstimate = .zero
    }
}
