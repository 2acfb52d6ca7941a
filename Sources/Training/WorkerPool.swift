import Foundation
import Synchronization

/// Work that a `WorkerPool` runs as numbered tasks.
protocol PoolJob: AnyObject {
    /// Runs task `task` on worker `worker` (0 is the thread that called `WorkerPool.run`).
    func runTask(_ task: Int, worker: Int)
}

/// A fixed set of worker threads that, together with the calling thread, run the numbered tasks of one job at a
/// time. Tasks are claimed dynamically (whoever is free takes the next number), so callers that need
/// deterministic results must make each task's output independent of which thread runs it.
///
/// Between jobs the workers spin briefly (jobs of one training run follow each other within microseconds), then
/// sleep on a condition variable. `shutdown()` stops and joins them.
final class WorkerPool: @unchecked Sendable {
    /// Threads besides the caller.
    let workerCount: Int

    // Ticket: generation (24 bits) | task count (20 bits) | next task (20 bits). Claiming a task is one
    // compare-and-swap that also checks the job is still the current one.
    private static let indexBits: UInt64 = 20
    private static let indexMask: UInt64 = (1 << indexBits) - 1
    /// Tasks one job may have.
    static let maxTasks = Int(indexMask)
    private let ticket = Atomic<UInt64>(0)
    private let finished = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let condition = NSCondition()
    /// The caller sleeps on this when the last tasks take long (say, a worker lost its core); the worker that
    /// finishes the last task wakes it. `callerWaiting` and `finished` form a Dekker pair (sequentially consistent).
    private let done = NSCondition()
    private let callerWaiting = Atomic<Bool>(false)
    /// Whether idle workers spin before sleeping (worth it only while jobs follow each other closely).
    private let spinWhenIdle = Atomic<Bool>(true)
    /// Guarded by `condition`: the last generation announced to sleeping workers.
    @exclusivity(unchecked) private var announced: UInt64 = 0
    /// Written by the caller before a job is published, read by workers only after claiming one of its tasks; the
    /// caller keeps the job alive until all its tasks have finished.
    @exclusivity(unchecked) private unowned(unsafe) var job: (any PoolJob)?
    @exclusivity(unchecked) private var generation: UInt64 = 0
    private var threads: [pthread_t] = []

    /// Starts `workers` threads (0 is allowed: the caller then runs every task).
    init(workers: Int) {
        workerCount = max(0, workers)
        for index in 0..<workerCount {
            let start = Unmanaged.passRetained(WorkerStart(pool: self, index: index + 1)).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                let start = Unmanaged<WorkerStart>.fromOpaque(argument).takeRetainedValue()
                start.pool.workerLoop(index: start.index)
                return nil
            }, start)
            if status == 0 {
                threads.append(thread)
            } else {
                Unmanaged<WorkerStart>.fromOpaque(start).release()
            }
        }
    }

    /// What the calling thread did during one `run`: how many of the tasks it ran itself, and how long it was busy
    /// claiming and running them (from its first claim until no task was left to claim).
    struct CallerShare {
        var tasks = 0
        var busy = Duration.zero
    }

    /// Runs `job.runTask(task, worker:)` for every task in 0..<count, on the workers and the calling thread, and
    /// returns when all have finished. `worker` is 0 for the caller and 1...workerCount for the workers.
    @discardableResult
    func run(tasks count: Int, _ job: any PoolJob) -> CallerShare {
        precondition(count <= Self.maxTasks, "too many tasks for one job")
        guard count > 0 else { return CallerShare() }
        return withExtendedLifetime(job) {
            self.job = job
            finished.store(0, ordering: .relaxed)
            generation = generation % 0xff_ffff + 1  // 1...2²⁴−1; 0 means "none seen yet"
            let gen = generation
            ticket.store(gen << 40 | UInt64(count) << Self.indexBits, ordering: .releasing)
            condition.lock()
            announced = gen
            condition.broadcast()
            condition.unlock()
            let start = ContinuousClock.now
            let ran = work(generation: gen, worker: 0)
            let share = CallerShare(tasks: ran, busy: ContinuousClock.now - start)
            // Spin briefly, then sleep so that a worker that lost its core can run on this one.
            var spins = 0
            while finished.load(ordering: .sequentiallyConsistent) < count {
                spins &+= 1
                if spins < 1 << 12 { continue }
                done.lock()
                callerWaiting.store(true, ordering: .sequentiallyConsistent)
                while finished.load(ordering: .sequentiallyConsistent) < count { done.wait() }
                callerWaiting.store(false, ordering: .sequentiallyConsistent)
                done.unlock()
            }
            self.job = nil
            return share
        }
    }

    /// Claims and runs tasks of job `gen` until none is left; returns how many this thread ran.
    @discardableResult
    private func work(generation gen: UInt64, worker: Int) -> Int {
        var ran = 0
        while true {
            let t = ticket.load(ordering: .acquiring)
            guard t >> 40 == gen else { return ran }
            let next = t & Self.indexMask
            let count = (t >> Self.indexBits) & Self.indexMask
            guard next < count else { return ran }
            if ticket.compareExchange(expected: t, desired: t + 1, ordering: .acquiringAndReleasing).exchanged {
                job?.runTask(Int(next), worker: worker)
                ran += 1
                let total = finished.add(1, ordering: .sequentiallyConsistent).newValue
                if total == Int(count), worker != 0, callerWaiting.load(ordering: .sequentiallyConsistent) {
                    done.lock()
                    done.broadcast()
                    done.unlock()
                }
            }
        }
    }

    private func workerLoop(index: Int) {
        var seen: UInt64 = 0
        while true {
            var spins = 0
            var gen = ticket.load(ordering: .acquiring) >> 40
            while gen == seen {
                if stopping.load(ordering: .acquiring) { return }
                spins &+= 1
                if spins > 1 << 16 || !spinWhenIdle.load(ordering: .relaxed) {
                    condition.lock()
                    while announced == seen && !stopping.load(ordering: .acquiring) { condition.wait() }
                    condition.unlock()
                    spins = 0
                }
                gen = ticket.load(ordering: .acquiring) >> 40
            }
            seen = gen
            work(generation: gen, worker: index)
        }
    }

    /// Sets whether idle workers spin for a while before sleeping (on by default). Turn it off while the caller
    /// does the work alone, so that spinning workers do not take CPU time from it.
    func spinWhenIdle(_ on: Bool) {
        spinWhenIdle.store(on, ordering: .relaxed)
    }

    /// Stops the workers and waits for them to exit. Call once, when no job is running.
    func shutdown() {
        stopping.store(true, ordering: .releasing)
        condition.lock()
        condition.broadcast()
        condition.unlock()
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
    }

    private final class WorkerStart {
        let pool: WorkerPool
        let index: Int
        init(pool: WorkerPool, index: Int) {
            self.pool = pool
            self.index = index
        }
    }
}
