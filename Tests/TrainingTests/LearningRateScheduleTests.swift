import Foundation
import XCTest
@testable import Training

/// `LearningRatePlan` against PyTorch's schedulers, with the formulas written out here from torch's documentation and
/// source: both the closed forms (`_get_closed_form_lr`) and the recursive, chainable updates (`get_lr`) that torch
/// applies at each `scheduler.step()`.
final class LearningRateScheduleTests: XCTestCase {
    // MARK: torch, written independently

    /// torch StepLR.get_lr: the previous rate, times gamma when the epoch is a positive multiple of step_size.
    func torchStepLR(base: Double, stepSize: Int, gamma: Double, epochs: Int) -> [Double] {
        var lr = base
        return (0..<epochs).map { e in
            if e > 0, e % stepSize == 0 { lr *= gamma }
            return lr
        }
    }

    /// torch ExponentialLR.get_lr: the previous rate times gamma after epoch 0.
    func torchExponentialLR(base: Double, gamma: Double, epochs: Int) -> [Double] {
        var lr = base
        return (0..<epochs).map { e in
            if e > 0 { lr *= gamma }
            return lr
        }
    }

    /// torch CosineAnnealingLR.get_lr (the recursive form):
    /// lr_e = (1 + cos(πe/T)) / (1 + cos(π(e−1)/T))·(lr_{e−1} − η_min) + η_min, with the restart branch
    /// lr_{e−1} + (base − η_min)(1 − cos(π/T))/2 when (e − 1 − T) mod 2T = 0.
    func torchCosineLR(base: Double, tMax: Int, etaMin: Double, epochs: Int) -> [Double] {
        var lr = base
        let t = Double(tMax)
        return (0..<epochs).map { e in
            if e == 0 { return lr }
            if (e - 1 - tMax) % (2 * tMax) == 0 {
                lr = lr + (base - etaMin) * (1 - cos(Double.pi / t)) / 2
            } else {
                lr = (1 + cos(Double.pi * Double(e) / t)) / (1 + cos(Double.pi * Double(e - 1) / t)) * (lr - etaMin)
                    + etaMin
            }
            return lr
        }
    }

    /// torch CosineAnnealingLR._get_closed_form_lr: η_min + (base − η_min)(1 + cos(πe/T))/2.
    func torchCosineClosedForm(base: Double, tMax: Int, etaMin: Double, epoch: Int) -> Double {
        etaMin + (base - etaMin) * (1 + cos(Double.pi * Double(epoch) / Double(tMax))) / 2
    }

    /// torch LinearLR.get_lr (recursive): epoch 0 at base·start; then
    /// lr·(1 + (end − start)/(total·start + (e − 1)(end − start))) up to total_iters, unchanged after.
    func torchLinearLR(base: Double, start: Double, end: Double, totalIters: Int, epochs: Int) -> [Double] {
        var lr = base
        return (0..<epochs).map { e in
            if e == 0 {
                lr = base * start
            } else if e <= totalIters {
                lr *= 1 + (end - start) / (Double(totalIters) * start + Double(e - 1) * (end - start))
            }
            return lr
        }
    }

    /// torch SequentialLR([LinearLR(1/N, 1, N), main], milestones: [N]): the warmup's rates for epochs 0..<N; at
    /// the milestone `main.step(0)` restarts the main scheduler at its base rate, and it steps from there.
    func torchWarmup(base: Double, warmup: Int, epochs: Int, main: (_ count: Int) -> [Double]) -> [Double] {
        guard warmup > 0 else { return main(epochs) }
        let head = torchLinearLR(base: base, start: 1 / Double(warmup), end: 1, totalIters: warmup,
                                 epochs: min(warmup, epochs))
        return head + (epochs > warmup ? main(epochs - warmup) : [])
    }

    func assertClose(_ plan: LearningRatePlan, _ expected: [Double], tolerance: Double = 1e-12,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(expected.count, plan.epochs, file: file, line: line)
        for (e, want) in expected.enumerated() {
            let got = plan.rate(epoch: e)
            let relative = abs(got - want) / max(abs(want), 1e-300)
            XCTAssertLessThanOrEqual(relative, tolerance, "epoch \(e): \(got) vs torch \(want)", file: file, line: line)
        }
    }

    // MARK: Schedules without warmup

    func testStepMatchesTorchStepLR() {
        for (every, factor) in [(1, 0.5), (7, 0.9), (10, 0.1), (3, 1.5), (1000, 0.5)] {
            let plan = LearningRatePlan(base: 0.05, schedule: .step(every: every, factor: factor), warmup: 0,
                                        epochs: 200)
            assertClose(plan, torchStepLR(base: 0.05, stepSize: every, gamma: factor, epochs: 200))
            // And the documented closed form base·factor^⌊e/every⌋.
            for e in [0, every - 1, every, 2 * every + 1, 199] where e >= 0 && e < 200 {
                XCTAssertEqual(plan.rate(epoch: e), 0.05 * pow(factor, Double(e / every)),
                               accuracy: 1e-15 * max(1, 0.05 * pow(factor, Double(e / every))))
            }
        }
    }

    func testExponentialMatchesTorchExponentialLR() {
        for gamma in [0.999, 0.9, 0.5, 1.01] {
            let plan = LearningRatePlan(base: 0.3, schedule: .exponential(gamma: gamma), warmup: 0, epochs: 300)
            assertClose(plan, torchExponentialLR(base: 0.3, gamma: gamma, epochs: 300))
            XCTAssertEqual(plan.rate(epoch: 250), 0.3 * pow(gamma, 250), accuracy: 1e-13 * 0.3 * pow(gamma, 250))
        }
    }

    func testCosineMatchesTorchRecursiveAndClosedForms() {
        for (epochs, minimum) in [(57, 0.0), (120, 1e-4), (200, 0.002), (2, 0.0), (1, 0.0)] {
            let plan = LearningRatePlan(base: 0.01, schedule: .cosine(minimum: minimum), warmup: 0, epochs: epochs)
            assertClose(plan, torchCosineLR(base: 0.01, tMax: epochs, etaMin: minimum, epochs: epochs))
            for e in 0..<epochs {
                let closed = torchCosineClosedForm(base: 0.01, tMax: epochs, etaMin: minimum, epoch: e)
                XCTAssertEqual(plan.rate(epoch: e), closed, accuracy: 1e-12 * closed, "epoch \(e) of \(epochs)")
            }
        }
        // Half way down: exactly the mean of base and minimum; at T_max the minimum.
        let plan = LearningRatePlan(base: 1, schedule: .cosine(minimum: 0.2), warmup: 0, epochs: 100)
        XCTAssertEqual(plan.rate(epoch: 0), 1)
        XCTAssertEqual(plan.rate(epoch: 50), 0.6, accuracy: 2e-16)
        XCTAssertEqual(plan.rate(epoch: 100), 0.2, accuracy: 2e-16)
    }

    /// The deterministic cos(πt) agrees with the platform's cosine over many periods and at the special points.
    /// (cos(Double.pi * t) itself is off by up to |t|·ulp(π) from cos(πt), hence the looser bound far from 0.)
    func testDeterministicCosineAgreesWithLibm() {
        var rng = Xoshiro256StarStar(seed: 5)
        for _ in 0..<10_000 {
            let t = rng.nextUniform() * 2
            XCTAssertEqual(LearningRatePlan.cosPi(t), cos(Double.pi * t), accuracy: 2e-15, "t = \(t)")
            let far = (rng.nextUniform() - 0.5) * 20
            XCTAssertEqual(LearningRatePlan.cosPi(far), cos(Double.pi * far), accuracy: 5e-15, "t = \(far)")
        }
        #if arch(x86_64) && !os(Windows)
        // Against an extended-precision reference: a few ulp.
        for _ in 0..<10_000 {
            let t = (rng.nextUniform() - 0.5) * 20
            let reference = Double(cos(Float80.pi * Float80(t)))
            XCTAssertEqual(LearningRatePlan.cosPi(t), reference, accuracy: 4e-16, "t = \(t)")
        }
        #endif
        XCTAssertEqual(LearningRatePlan.cosPi(0), 1)
        XCTAssertEqual(LearningRatePlan.cosPi(1), -1)
        XCTAssertEqual(LearningRatePlan.cosPi(0.5), 0)
        XCTAssertEqual(LearningRatePlan.cosPi(-2), 1)
        XCTAssertTrue(LearningRatePlan.cosPi(.infinity).isNaN)
    }

    func testConstant() {
        let plan = LearningRatePlan(base: 0.1, schedule: .constant, warmup: 0, epochs: 10)
        XCTAssertEqual((0..<10).map { plan.rate(epoch: $0) }, Array(repeating: 0.1, count: 10))
        XCTAssertTrue(plan.isConstant)
    }

    // MARK: Warmup

    func testWarmupMatchesTorchSequentialLR() {
        let base = 0.1
        for warmup in [1, 2, 5, 10] {
            let epochs = 120
            let cases: [(LearningRateSchedule, (Int) -> [Double])] = [
                (.constant, { Array(repeating: base, count: $0) }),
                (.step(every: 7, factor: 0.5), { self.torchStepLR(base: base, stepSize: 7, gamma: 0.5, epochs: $0) }),
                (.exponential(gamma: 0.97), { self.torchExponentialLR(base: base, gamma: 0.97, epochs: $0) }),
                (.cosine(minimum: 1e-3),
                 { self.torchCosineLR(base: base, tMax: epochs - warmup, etaMin: 1e-3, epochs: $0) }),
            ]
            for (schedule, main) in cases {
                let plan = LearningRatePlan(base: base, schedule: schedule, warmup: warmup, epochs: epochs)
                assertClose(plan, torchWarmup(base: base, warmup: warmup, epochs: epochs, main: main))
            }
        }
    }

    func testWarmupBoundaries() {
        let plan = LearningRatePlan(base: 0.1, schedule: .cosine(minimum: 0), warmup: 5, epochs: 25)
        XCTAssertEqual(plan.rate(epoch: 0), 0.1 / 5, accuracy: 1e-17)                          // start_factor 1/N
        XCTAssertEqual(plan.rate(epoch: 1), 0.1 * (0.2 + 0.8 / 5), accuracy: 1e-17)
        XCTAssertEqual(plan.rate(epoch: 4), 0.1 * (0.2 + 0.8 * 4 / 5), accuracy: 1e-17)         // last warmup epoch
        XCTAssertEqual(plan.rate(epoch: 5), 0.1)                                                // main schedule, e′ = 0
        XCTAssertEqual(plan.rate(epoch: 15), 0.05, accuracy: 1e-17)                             // half of T_max = 20
        let last = torchCosineClosedForm(base: 0.1, tMax: 20, etaMin: 0, epoch: 19)
        XCTAssertEqual(plan.rate(epoch: 24), last, accuracy: 1e-12 * last)
        XCTAssertFalse(plan.isConstant)
        // Warmup of one epoch: factor 1/1 = 1, nothing changes.
        XCTAssertEqual(LearningRatePlan(base: 0.1, schedule: .constant, warmup: 1, epochs: 9).rate(epoch: 0), 0.1)
        XCTAssertTrue(LearningRatePlan(base: 0.1, schedule: .constant, warmup: 1, epochs: 9).isConstant)
        // Warmup as long as the run, or longer: cosine anneals over at least one epoch and nothing traps.
        let long = LearningRatePlan(base: 0.1, schedule: .cosine(minimum: 0), warmup: 30, epochs: 25)
        XCTAssertEqual(long.rate(epoch: 24), 0.1 * (1.0 / 30 + (1 - 1.0 / 30) * 24 / 30), accuracy: 1e-17)
        XCTAssertEqual(long.rate(epoch: 30), 0.1)
        XCTAssertTrue(long.rate(epoch: 31).isFinite)
    }

    func testIsConstant() {
        func plan(_ s: LearningRateSchedule, base: Double = 0.1, warmup: Int = 0, epochs: Int = 50)
            -> LearningRatePlan
        {
            LearningRatePlan(base: base, schedule: s, warmup: warmup, epochs: epochs)
        }
        XCTAssertTrue(plan(.constant).isConstant)
        XCTAssertFalse(plan(.constant, warmup: 3).isConstant)
        XCTAssertTrue(plan(.step(every: 50, factor: 0.5)).isConstant)     // the first decay would be at epoch 50
        XCTAssertFalse(plan(.step(every: 49, factor: 0.5)).isConstant)
        XCTAssertTrue(plan(.step(every: 2, factor: 1)).isConstant)
        XCTAssertFalse(plan(.exponential(gamma: 0.99)).isConstant)
        XCTAssertTrue(plan(.exponential(gamma: 1)).isConstant)
        XCTAssertFalse(plan(.cosine(minimum: 0)).isConstant)
        XCTAssertTrue(plan(.cosine(minimum: 0.1)).isConstant)
        XCTAssertTrue(plan(.cosine(minimum: 0), epochs: 1).isConstant)
        // isConstant agrees with the rates themselves.
        let schedules: [LearningRateSchedule] = [.constant, .step(every: 3, factor: 0.5), .step(every: 9, factor: 0.5),
                                                 .exponential(gamma: 0.9), .cosine(minimum: 0), .cosine(minimum: 0.1)]
        for s in schedules {
            for base in [0.1, 0] {
                for warmup in [0, 1, 2, 5] {
                    for epochs in [0, 1, 2, 3, 5, 6, 7, 9, 10, 11] {
                        let p = plan(s, base: base, warmup: warmup, epochs: epochs)
                        let rates = Set((0..<epochs).map { p.rate(epoch: $0) })
                        XCTAssertEqual(p.isConstant, rates.count <= 1,
                                       "\(s) base \(base) warmup \(warmup) epochs \(epochs): \(rates)")
                    }
                }
            }
        }
    }

    // MARK: Parsing

    func testParsingAndRoundTrips() throws {
        let cases: [(String, LearningRateSchedule)] = [
            ("constant", .constant),
            ("step:10:0.5", .step(every: 10, factor: 0.5)),
            ("step:1:2", .step(every: 1, factor: 2)),
            ("exp:0.999", .exponential(gamma: 0.999)),
            ("cosine", .cosine(minimum: 0)),
            ("cosine:0", .cosine(minimum: 0)),
            ("cosine:1e-5", .cosine(minimum: 1e-5)),
            (" Step : 100 : 0.25 ", .step(every: 100, factor: 0.25)),
            ("COSINE", .cosine(minimum: 0)),
        ]
        for (text, expected) in cases {
            let parsed = try LearningRateSchedule(parsing: text)
            XCTAssertEqual(parsed, expected, text)
            XCTAssertEqual(try LearningRateSchedule(parsing: parsed.text), parsed, parsed.text)
        }
        XCTAssertEqual(LearningRateSchedule.cosine(minimum: 0).text, "cosine")
        XCTAssertEqual(LearningRateSchedule.step(every: 10, factor: 0.5).text, "step:10:0.5")
        XCTAssertEqual(LearningRateSchedule.exponential(gamma: 0.999).text, "exp:0.999")
        // Round trips of awkward doubles.
        var rng = Xoshiro256StarStar(seed: 3)
        for _ in 0..<200 {
            let value = rng.nextUniform() * pow(10, Double(Int(rng.next() % 20)) - 10)
            guard value > 0 else { continue }
            for schedule in [LearningRateSchedule.step(every: 1 + Int(rng.next() % 1000), factor: value),
                             .exponential(gamma: value), .cosine(minimum: value)] {
                XCTAssertEqual(try LearningRateSchedule(parsing: schedule.text), schedule, schedule.text)
            }
        }
    }

    func testMalformedSchedulesSayWhatIsWrong() {
        let cases: [(String, [String])] = [
            ("step:0:0.5", ["EVERY", "≥ 1", "'0'", "step:EVERY:FACTOR"]),
            ("step:10", ["two values", "step:EVERY:FACTOR"]),
            ("step:10:0.5:2", ["two values"]),
            ("step:a:b", ["EVERY", "'a'"]),
            ("step:10:b", ["FACTOR", "'b'", "> 0"]),
            ("step:2.5:0.5", ["whole number", "'2.5'"]),
            ("step:10:0", ["FACTOR", "> 0", "'0'"]),
            ("step:10:inf", ["FACTOR", "finite"]),
            ("exp:-1", ["GAMMA", "> 0", "'-1'"]),
            ("exp:nan", ["GAMMA", "finite"]),
            ("exp", ["one value", "exp:GAMMA"]),
            ("exp:", ["GAMMA", "''"]),
            ("cosine:-1", ["MIN_LR", "≥ 0", "'-1'"]),
            ("cosine:1:2", ["at most one value"]),
            ("constant:1", ["no values"]),
            ("linear", ["unknown", "'linear'", "constant", "step:EVERY:FACTOR", "exp:GAMMA", "cosine:MIN_LR"]),
            ("", ["empty", "constant", "step:EVERY:FACTOR", "exp:GAMMA", "cosine"]),
            ("   ", ["empty"]),
        ]
        for (text, parts) in cases {
            do {
                let schedule = try LearningRateSchedule(parsing: text)
                XCTFail("'\(text)' parsed as \(schedule)")
            } catch {
                for part in parts {
                    XCTAssertTrue(error.message.contains(part), "'\(text)': \(error.message) lacks \(part)")
                }
                XCTAssertEqual(error.description, error.message)
            }
        }
    }

    /// A schedule built in code with values the parser rejects does not trap.
    func testInvalidProgrammaticValuesDoNotTrap() {
        let plan = LearningRatePlan(base: 0.1, schedule: .step(every: 0, factor: 0.5), warmup: -3, epochs: 10)
        XCTAssertEqual(plan.warmup, 0)
        XCTAssertEqual(plan.rate(epoch: 3), 0.1 * 0.125)
        XCTAssertEqual(plan.rate(epoch: -1), 0.1)
    }
}
