import XCTest
@testable import Training

final class ThreadTunerTests: XCTestCase {
    /// One pooled evaluation as the pool reports it.
    struct Pooled {
        var duration: Duration
        var tasks = 80
        var callerTasks: Int
        var callerBusy: Duration
    }

    /// Drives `tuner` for `count` evaluations; `pooled(i)` says what the i-th evaluation reports when pooled.
    /// Returns the choices (true: pooled).
    func drive(_ tuner: inout ThreadTuner, _ count: Int, pooled: (Int) -> Pooled) -> [Bool] {
        var choices: [Bool] = []
        for i in 0..<count {
            let usePool = tuner.pooledNext()
            choices.append(usePool)
            if usePool {
                let p = pooled(i)
                tuner.recordPooled(duration: p.duration, tasks: p.tasks, callerTasks: p.callerTasks,
                                   callerBusy: p.callerBusy)
            } else {
                tuner.recordAlone()
            }
        }
        return choices
    }

    /// Two threads sharing the work: the caller ran half the tasks in 500 µs, the evaluation took 520 µs.
    let sharing = Pooled(duration: .microseconds(520), callerTasks: 40, callerBusy: .microseconds(500))
    /// A worker that lost its core: the caller ran 79 of 80 tasks, then waited for the last one.
    let stalled = Pooled(duration: .microseconds(1_600), callerTasks: 79, callerBusy: .microseconds(990))

    func testKeepsThePoolWhenItIsFasterWithoutEverRunningAlone() {
        var tuner = ThreadTuner()
        let choices = drive(&tuner, 5 * ThreadTuner.period) { _ in sharing }
        XCTAssertTrue(choices.allSatisfy { $0 }, "no evaluation is spent running alone just to time it")
    }

    func testFallsBackToTheCallingThreadWhenTheWorkersDoNotHelp() {
        var tuner = ThreadTuner()
        let choices = drive(&tuner, ThreadTuner.window + 10 * ThreadTuner.period) { _ in stalled }
        XCTAssertTrue(choices.prefix(ThreadTuner.window).allSatisfy { $0 }, "the pool is tried first")
        XCTAssertFalse(choices[ThreadTuner.window])
        // Alone from then on, except short probe runs of the pool, further and further apart, up to one per period.
        var gaps: [Int] = []
        var run = 0
        for choice in choices.dropFirst(ThreadTuner.window) {
            if choice {
                if run > 0 { gaps.append(run) }
                run = 0
            } else {
                run += 1
            }
        }
        XCTAssertEqual(Array(gaps.prefix(6)), [4, 8, 16, 32, 64, 64])
        XCTAssertEqual(choices.dropFirst(ThreadTuner.window).filter { $0 }.count % ThreadTuner.probes, 0)
        XCTAssertLessThan(Double(choices.filter { $0 }.count) / Double(choices.count), 0.1)
    }

    func testFallsBackWhenThePoolsOverheadEatsTheGain() {
        // The caller ran half the tasks in 300 µs, but the evaluation took 700 µs (waking and waiting on workers).
        let overhead = Pooled(duration: .microseconds(700), callerTasks: 40, callerBusy: .microseconds(300))
        var tuner = ThreadTuner()
        let choices = drive(&tuner, ThreadTuner.window + 8 * ThreadTuner.period) { _ in overhead }
        XCTAssertTrue(choices.dropFirst(ThreadTuner.window).prefix(ThreadTuner.firstRetry).allSatisfy { !$0 })
        XCTAssertLessThan(Double(choices.filter { $0 }.count) / Double(choices.count), 0.1)
    }

    func testReturnsToThePoolWhenAProbeShowsItPaysAgain() {
        var tuner = ThreadTuner()
        let stalledPhase = ThreadTuner.window + 4 * ThreadTuner.period
        let choices = drive(&tuner, stalledPhase + 3 * ThreadTuner.period) { i in i < stalledPhase ? stalled : sharing }
        XCTAssertFalse(choices[stalledPhase], "still alone when the workers recover")
        XCTAssertTrue(choices.suffix(ThreadTuner.period).allSatisfy { $0 }, "back on the pool after the next probes")
    }

    func testTheWakingProbeIsNotCounted() {
        var tuner = ThreadTuner()
        _ = drive(&tuner, ThreadTuner.window) { _ in stalled }
        XCTAssertFalse(tuner.pooledNext())
        // The next probe run: a very slow first evaluation, then ones that share the work.
        var inRun = 0
        let choices = drive(&tuner, ThreadTuner.firstRetry + ThreadTuner.probes + 1) { _ in
            inRun += 1
            return inRun == 1 ? Pooled(duration: .milliseconds(50), callerTasks: 80, callerBusy: .microseconds(900))
                : sharing
        }
        XCTAssertEqual(choices, Array(repeating: false, count: ThreadTuner.firstRetry)
                       + Array(repeating: true, count: ThreadTuner.probes + 1),
                       "the two counted probes shared the work, so the pool is back")
    }
}
