import Foundation
import XCTest
@testable import Training

/// Parameter snapshots: which epochs (every one for short runs, log-spaced otherwise, first and last always), that
/// they are the parameters the run went through, and that they are deterministic.
final class ParameterSnapshotTests: XCTestCase {
    func testShortRunsKeepEveryEpoch() {
        XCTAssertEqual(SnapshotSchedule.epochs(0), [0])
        XCTAssertEqual(SnapshotSchedule.epochs(5), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(SnapshotSchedule.epochs(1999), Array(0...1999))
    }

    func testLongRunsKeepAtMostTheLimitAtLogSpacedEpochs() {
        for total in [2000, 15000, 1_000_000, 50_000_000] {
            let epochs = SnapshotSchedule.epochs(total)
            XCTAssertLessThanOrEqual(epochs.count, 2000, "\(total)")
            XCTAssertGreaterThanOrEqual(epochs.count, 1900, "\(total): close to the limit")
            XCTAssertEqual(epochs.first, 0)
            XCTAssertEqual(epochs.last, total)
            XCTAssertEqual(epochs, epochs.sorted())
            XCTAssertEqual(Set(epochs).count, epochs.count)
            // Gaps grow (up to rounding): dense at the start, sparse at the end.
            let gaps = zip(epochs, epochs.dropFirst()).map { $1 - $0 }
            for (g, h) in zip(gaps, gaps.dropFirst()) { XCTAssertGreaterThanOrEqual(h, g - 1, "\(total)") }
            if total >= 1_000_000 {
                // Beyond the dense start the ratio of successive (epoch + 1) is about constant.
                let tail = Array(epochs.suffix(300))
                let ratios = zip(tail, tail.dropFirst()).map { Double($1 + 1) / Double($0 + 1) }
                let mean = pow(Double(total + 1) / Double(tail[0] + 1), 1 / Double(tail.count - 1))
                for r in ratios { XCTAssertEqual(r, mean, accuracy: (mean - 1) * 0.05, "\(total)") }
            }
        }
        XCTAssertEqual(SnapshotSchedule.epochs(15000, limit: 120).count, 120)
        XCTAssertEqual(SnapshotSchedule.epochs(15000), SnapshotSchedule.epochs(15000), "deterministic")
    }

    func testLargeModelsKeepFewerSnapshots() {
        XCTAssertEqual(SnapshotSchedule.limit(parameterCount: 3), 2000)
        XCTAssertEqual(SnapshotSchedule.limit(parameterCount: 10_000), 200)
        XCTAssertEqual(SnapshotSchedule.limit(parameterCount: 100_000_000), 2)
    }

    func testSnapshotsAreTheParametersOfTheRun() throws {
        let run = try Trainer.run(TrainingConfig(epochs: 15000))
        let s = run.snapshots
        XCTAssertEqual(s.epochs, SnapshotSchedule.epochs(15000))
        XCTAssertEqual(s.values.first, run.initialParameters)
        XCTAssertEqual(s.values.last, run.finalParameters, "the last snapshot is the final parameters")
        // Epoch e's snapshot is the parameters after e updates: replay the blog's loop to epoch 100.
        let short = try Trainer.run(TrainingConfig(epochs: 100))
        let k = s.epochs.firstIndex(of: 100)!
        XCTAssertEqual(s.values[k], short.finalParameters)
        // Deterministic: a second run gives the same bits.
        XCTAssertEqual(try Trainer.run(TrainingConfig(epochs: 15000)).snapshots, s)
        // Every epoch of a short run.
        XCTAssertEqual(short.snapshots.epochs, Array(0...100))
    }

    func testStoppedRunsEndWithTheirFinalParameters() throws {
        var config = TrainingConfig(epochs: 100)
        config.learningRate = 10
        let run = try Trainer.run(config)
        XCTAssertEqual(run.snapshots.values.last, run.finalParameters)
        XCTAssertEqual(run.snapshots.epochs.last, run.history.count)
    }

    func testNormalizedRunsSnapshotInOriginalUnits() throws {
        var config = TrainingConfig(epochs: 3000)
        config.normalize = true
        config.learningRate = 0.1
        let run = try Trainer.run(config)
        XCTAssertEqual(run.parameterUnits, .original)
        XCTAssertEqual(run.snapshots.values.first, run.initialParameters)
        XCTAssertEqual(run.snapshots.values.last, run.finalParameters)
        // A middle snapshot is in original units: the loss of the run at that epoch is on standardized data, so
        // compare with a shorter run's back-transformed final parameters instead.
        var shorter = config
        shorter.epochs = 1000
        let k = run.snapshots.epochs.firstIndex(of: 1000)!
        for (a, b) in zip(run.snapshots.values[k], try Trainer.run(shorter).finalParameters) {
            XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)))
        }
    }

    /// Measured, not asserted tightly (the machine is shared): taking snapshots costs well under 5 % of training.
    func testSnapshotsAreCheap() throws {
        let clock = ContinuousClock()
        var withSnapshots = Duration.zero
        for _ in 0..<3 {
            let t = clock.now
            _ = try Trainer.run(TrainingConfig(epochs: 15000))
            withSnapshots += clock.now - t
        }
        // The copying itself: 2,000 copies of 3 doubles.
        let t = clock.now
        var sink: [Double] = []
        sink.reserveCapacity(6000)
        for _ in 0..<3 { for k in 0..<2000 { sink += [Double(k), 1, 2] }; sink.removeAll(keepingCapacity: true) }
        let copying = clock.now - t
        XCTAssertLessThan(copying.seconds, 0.05 * withSnapshots.seconds)
    }
}
