import Foundation
import XCTest
@testable import Training

final class EarlyStoppingTests: XCTestCase {
    /// The epoch at which `observe` first returns true, or nil; every value observed until then.
    func stopEpoch(_ stopping: inout EarlyStopping, _ curve: [Double]) -> Int? {
        for (epoch, value) in curve.enumerated() where stopping.observe(epoch: epoch, value: value) {
            return epoch
        }
        return nil
    }

    /// Keras `EarlyStopping.on_epoch_end` (mode "min", no baseline, start_from_epoch 0), written out: `wait` counts
    /// epochs since the best; an improvement is `current − min_delta < best` after Keras flips min_delta's sign
    /// (so `current < best − |min_delta|`); stop when `wait >= patience` and epoch > 0.
    func kerasStopEpoch(_ curve: [Double], patience: Int, minDelta: Double) -> Int? {
        var best = Double.infinity
        var wait = 0
        for (epoch, current) in curve.enumerated() {
            wait += 1
            if current.isFinite, current + abs(minDelta) < best {
                best = current
                wait = 0
                continue
            }
            if wait >= patience, epoch > 0 { return epoch }
        }
        return nil
    }

    func testStopsExactlyPatienceEpochsAfterTheBest() {
        // Best 2.5 at epoch 3; epochs 4, 5, 6 do not improve.
        let curve = [5, 4, 3, 2.5, 2.6, 2.7, 2.55, 2.8, 1.0]
        var stopping = EarlyStopping(patience: 3)
        XCTAssertEqual(stopEpoch(&stopping, curve), 6)
        XCTAssertEqual(stopping.bestEpoch, 3)
        XCTAssertEqual(stopping.bestValue, 2.5)
        XCTAssertEqual(stopping.epochsWithoutImprovement, 3)

        for patience in 0...5 {
            var s = EarlyStopping(patience: patience)
            let flat = [3.0, 2, 1] + Array(repeating: 1.5, count: 10)
            XCTAssertEqual(stopEpoch(&s, flat), 2 + max(patience, 1), "patience \(patience)")
        }
    }

    func testImprovementResetsTheCount() {
        var stopping = EarlyStopping(patience: 2)
        let verdicts = [1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.86].enumerated().map {
            stopping.observe(epoch: $0.offset, value: $0.element)
        }
        XCTAssertEqual(verdicts, [false, false, false, false, false, false, true])
        XCTAssertEqual(stopping.bestEpoch, 4)
    }

    func testImprovedFlagMarksNewBests() {
        var stopping = EarlyStopping(patience: 10)
        var bests: [Int] = []
        for (epoch, value) in [3.0, 2, 2, 2.5, 1, .nan, 0.5].enumerated() {
            _ = stopping.observe(epoch: epoch, value: value)
            if stopping.improved { bests.append(epoch) }
        }
        XCTAssertEqual(bests, [0, 1, 4, 6])
    }

    func testMinDeltaIgnoresTinyImprovements() {
        // Falls by 1e-4 per epoch: with min_delta 1e-3 nothing after epoch 0 counts.
        let curve = (0..<20).map { 1.0 - 1e-4 * Double($0) }
        var stopping = EarlyStopping(patience: 5, minDelta: 1e-3)
        XCTAssertEqual(stopEpoch(&stopping, curve), 5)
        XCTAssertEqual(stopping.bestEpoch, 0)
        XCTAssertEqual(stopping.bestValue, 1)
        var plain = EarlyStopping(patience: 5)
        XCTAssertNil(stopEpoch(&plain, curve))
        XCTAssertEqual(plain.bestEpoch, 19)

        // Exactly min_delta lower is not an improvement; more is (values exact in binary).
        var exact = EarlyStopping(patience: 1, minDelta: 0.25)
        XCTAssertFalse(exact.observe(epoch: 0, value: 1))
        XCTAssertTrue(exact.observe(epoch: 1, value: 0.75))
        var more = EarlyStopping(patience: 1, minDelta: 0.25)
        XCTAssertFalse(more.observe(epoch: 0, value: 1))
        XCTAssertFalse(more.observe(epoch: 1, value: 0.5))
        XCTAssertEqual(more.bestEpoch, 1)
        // A negative min_delta counts as its magnitude, as in Keras.
        XCTAssertEqual(EarlyStopping(patience: 1, minDelta: -0.25), EarlyStopping(patience: 1, minDelta: 0.25))
    }

    func testNonFiniteValuesNeverImprove() {
        var stopping = EarlyStopping(patience: 3)
        XCTAssertFalse(stopping.observe(epoch: 0, value: 1))
        XCTAssertFalse(stopping.observe(epoch: 1, value: .nan))
        XCTAssertFalse(stopping.observe(epoch: 2, value: -.infinity))
        XCTAssertFalse(stopping.observe(epoch: 3, value: 0.5))   // improves: the count restarts
        XCTAssertEqual(stopping.bestEpoch, 3)
        XCTAssertFalse(stopping.observe(epoch: 4, value: .nan))
        XCTAssertFalse(stopping.observe(epoch: 5, value: .infinity))
        XCTAssertTrue(stopping.observe(epoch: 6, value: .nan))
        XCTAssertEqual(stopping.bestValue, 0.5)

        var never = EarlyStopping(patience: 2)
        XCTAssertFalse(never.observe(epoch: 0, value: .nan))
        XCTAssertTrue(never.observe(epoch: 1, value: .nan))
        XCTAssertNil(never.bestEpoch)
        XCTAssertEqual(never.bestValue, .infinity)

        // As in Keras, never at the first epoch, even with patience 0 and a NaN there.
        var first = EarlyStopping(patience: 0)
        XCTAssertFalse(first.observe(epoch: 0, value: .nan))
        XCTAssertFalse(first.observe(epoch: 1, value: 2))
        XCTAssertTrue(first.observe(epoch: 2, value: 2))
    }

    /// Random curves (with plateaus and NaNs) stop where Keras' loop stops.
    func testAgreesWithKerasOnRandomCurves() {
        var rng = Xoshiro256StarStar(seed: 11)
        for trial in 0..<500 {
            var value = 10.0
            let curve: [Double] = (0..<60).map { _ in
                switch rng.next() % 10 {
                case 0: return .nan
                case 1, 2: return value
                default:
                    value += (rng.nextUniform() - 0.7) * 0.1
                    return value
                }
            }
            let patience = Int(rng.next() % 8)
            let minDelta = [0, 1e-3, 0.02][Int(rng.next() % 3)]
            var stopping = EarlyStopping(patience: patience, minDelta: minDelta)
            XCTAssertEqual(stopEpoch(&stopping, curve), kerasStopEpoch(curve, patience: patience, minDelta: minDelta),
                           "trial \(trial), patience \(patience), min_delta \(minDelta)")
        }
    }

    // MARK: ToleranceStop

    /// The first epoch e ≥ window with |L[e] − L[e − window]| ≤ tol·max(|L[e − window]|, tiny), from the whole curve.
    func expectedToleranceStop(_ curve: [Double], tolerance: Double, window: Int) -> Int? {
        curve.indices.first { e in
            e >= window && abs(curve[e] - curve[e - window]) <= tolerance * max(abs(curve[e - window]), 0x1p-1022)
        }
    }

    func testToleranceStopsAtTheFirstEpochTheCriterionHolds() {
        // L = 1 + 2^(−e/5): the change over the window shrinks geometrically.
        let curve = (0..<400).map { 1 + pow(2, -Double($0) / 5) }
        for (tolerance, window) in [(1e-3, 10), (1e-6, 100), (1e-2, 1), (1e-9, 37)] {
            guard let expected = expectedToleranceStop(curve, tolerance: tolerance, window: window) else {
                return XCTFail("the test curve never converges for \(tolerance), \(window)")
            }
            var stop = ToleranceStop(tolerance: tolerance, window: window)
            for epoch in 0..<expected {
                XCTAssertFalse(stop.observe(epoch: epoch, value: curve[epoch]), "epoch \(epoch)")
            }
            XCTAssertTrue(stop.observe(epoch: expected, value: curve[expected]), "\(tolerance), \(window)")
            // The criterion, checked by hand on both sides of the stop.
            XCTAssertGreaterThan(abs(curve[expected - 1] - curve[expected - 1 - window]),
                                 tolerance * curve[expected - 1 - window])
        }
    }

    func testToleranceNeedsAFullWindow() {
        // A flat loss satisfies the criterion as soon as a value `window` epochs back exists.
        var stop = ToleranceStop(tolerance: 1e-8, window: 100)
        XCTAssertEqual(stop.window, 100)
        for epoch in 0..<100 { XCTAssertFalse(stop.observe(epoch: epoch, value: 2)) }
        XCTAssertTrue(stop.observe(epoch: 100, value: 2))
        // A zero loss stops too (the tiny floor), a NaN never does.
        var zero = ToleranceStop(tolerance: 0.1, window: 2)
        XCTAssertEqual([0.0, 0, 0].enumerated().map { zero.observe(epoch: $0.offset, value: $0.element) },
                       [false, false, true])
        var nan = ToleranceStop(tolerance: 0.1, window: 1)
        XCTAssertEqual([Double.nan, .nan, 1, .nan].enumerated().map { nan.observe(epoch: $0.offset, value: $0.element) },
                       [false, false, false, false])
        XCTAssertEqual(ToleranceStop(tolerance: 1, window: 0).window, 1)
    }

    func testToleranceOnARandomCurveMatchesTheDefinition() {
        var rng = Xoshiro256StarStar(seed: 4)
        for _ in 0..<50 {
            var level = 5.0
            let curve: [Double] = (0..<300).map { _ in
                level *= 1 - rng.nextUniform() * 0.02
                return level * (1 + (rng.nextUniform() - 0.5) * 1e-4)
            }
            let window = 1 + Int(rng.next() % 50)
            var stop = ToleranceStop(tolerance: 1e-3, window: window)
            let got = curve.indices.first { stop.observe(epoch: $0, value: curve[$0]) }
            XCTAssertEqual(got, expectedToleranceStop(curve, tolerance: 1e-3, window: window))
        }
    }

    /// Epochs out of order restart the window rather than compare unrelated values.
    func testToleranceRestartsOnAGap() {
        var stop = ToleranceStop(tolerance: 1e-3, window: 2)
        XCTAssertFalse(stop.observe(epoch: 0, value: 1))
        XCTAssertFalse(stop.observe(epoch: 1, value: 1))
        XCTAssertFalse(stop.observe(epoch: 5, value: 1))   // a gap: the window starts again here
        XCTAssertFalse(stop.observe(epoch: 6, value: 1))
        XCTAssertTrue(stop.observe(epoch: 7, value: 1))
    }
}
