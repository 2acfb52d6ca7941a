import Foundation
import Testing
@testable import Training

/// The loop's features end to end through `Trainer.run`, each against an independent computation.
@Suite struct TrainingLoopTests {
    /// The straight-line problem y = 2x on [0, 1] with a one-parameter model a·x, starting at a = 0.
    static func line(points: Int = 50, slope: Double = 2) -> Dataset {
        let x = Dataset.linspace(0, 1, count: points)
        return Dataset(x: x, y: x.map { slope * $0 })
    }

    static func config(_ data: Dataset, model: String = "a*x", lr: Double = 0.1, epochs: Int = 200) throws
        -> TrainingConfig
    {
        TrainingConfig(data: .provided(data), model: Model(formula: try Formula.parse(model)), learningRate: lr,
                       epochs: epochs, initialValues: ["a": 0])
    }

    static func mse(_ p: [Double], _ y: [Double]) -> Double {
        zip(p, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)
    }

    @Test func validationSplitIsSeededAndDisjoint() throws {
        var config = TrainingConfig(epochs: 5)
        config.validation = .fraction(0.2)
        let a = try Trainer.run(config), b = try Trainer.run(config)
        #expect(a.trainingRows == b.trainingRows)
        #expect(a.trainingRows.count == 80)
        let validation = try #require(a.validation)
        #expect(validation.count == 20)
        let held = Set(0..<100).subtracting(a.trainingRows).sorted()
        #expect(validation.x == held.map { a.dataset.x[$0] })
        #expect(validation.y == held.map { a.dataset.y[$0] })
        // The split is drawn after the initial parameters, so they do not change.
        #expect(a.initialParameters == (try Trainer.run(TrainingConfig(epochs: 5))).initialParameters)
        config.seed = 1
        #expect(try Trainer.run(config).trainingRows != a.trainingRows)

        // Epoch 0: both losses at the initial parameters, computed here independently.
        let before = a.predictionsBefore
        #expect(abs(a.history[0] - Self.mse(a.trainingRows.map { before[$0] }, a.trainingRows.map { a.dataset.y[$0] }))
                <= 1e-12 * a.history[0])
        #expect(abs(a.validationHistory[0] - Self.mse(held.map { before[$0] }, validation.y))
                <= 1e-12 * a.validationHistory[0])
        #expect(a.validationHistory.count == a.history.count)
        #expect(abs(a.finalValidationLoss! - Self.mse(a.validationPredictions, validation.y)) <= 1e-15)
    }

    /// Mini-batch SGD written out by hand with the documented draws: data, initial parameters, then one
    /// Fisher–Yates permutation of the current row order per epoch; batches of consecutive rows.
    @Test func miniBatchesMatchHandWrittenLoop() throws {
        var config = TrainingConfig(epochs: 30)
        config.batchSize = 16
        let run = try Trainer.run(config)

        var rng = Xoshiro256StarStar(seed: 0)
        let xs = (0..<100).map { Double($0) / 99 }
        var ys = xs.map { 20 * $0 * $0 + 5 * $0 - 3 + rng.nextGaussian() }
        var rows = xs
        var theta = [rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()]
        var history: [Double] = []
        for _ in 0..<30 {
            let order = rng.permutation(100)
            rows = order.map { rows[$0] }
            ys = order.map { ys[$0] }
            var total = 0.0
            for start in stride(from: 0, to: 100, by: 16) {
                let batch = start..<min(start + 16, 100)
                var g = [0.0, 0.0, 0.0], loss = 0.0
                for i in batch {
                    let x = rows[i], r = theta[0] * x * x + theta[1] * x + theta[2] - ys[i]
                    loss += r * r
                    g[0] += 2 * r * x * x; g[1] += 2 * r * x; g[2] += 2 * r
                }
                let n = Double(batch.count)
                total += loss
                for j in 0..<3 { theta[j] -= 1e-3 * g[j] / n }
            }
            history.append(total / 100)
        }
        #expect(run.history.count == 30)
        for (engine, reference) in zip(run.history, history) {
            #expect(abs(engine - reference) <= 1e-10 * reference)
        }
        for (engine, reference) in zip(run.finalParameters, theta) {
            #expect(abs(engine - reference) <= 1e-10 * max(abs(reference), 1))
        }
    }

    /// Batches large enough to be shared among threads give the same bits for every thread count.
    @Test func miniBatchesAreBitIdenticalForAnyThreadCount() throws {
        var config = TrainingConfig(
            data: .generated(DataGenerator(truth: try Formula.parse("sin(3*x)"), points: 90_000, noise: 0.1,
                                           xRange: -2...2)),
            model: Model(formula: try Formula.parse("a*sin(b*x) + c")), optimizer: .adam(beta1: 0.9, beta2: 0.999,
                                                                                          epsilon: 1e-8),
            learningRate: 0.01, epochs: 3,
            // Near the truth, so the reference fit (Levenberg–Marquardt on 81,000 rows) takes few iterations.
            initialValues: ["a": 0.9, "b": 3.02, "c": 0.05])
        config.batchSize = 40_000
        config.validation = .fraction(0.1)
        let one = try Trainer.run(config, threads: 1)
        let two = try Trainer.run(config, threads: 2)
        let four = try Trainer.run(config, threads: 4)
        #expect(one.history == two.history && one.history == four.history)
        #expect(one.validationHistory == two.validationHistory && one.validationHistory == four.validationHistory)
        #expect(one.finalParameters == two.finalParameters && one.finalParameters == four.finalParameters)
    }

    @Test func learningRatesFollowTheSchedule() throws {
        var config = try Self.config(Self.line(), epochs: 40)
        config.schedule = .cosine(minimum: 0.001)
        config.warmup = 5
        let run = try Trainer.run(config)
        let plan = LearningRatePlan(base: 0.1, schedule: .cosine(minimum: 0.001), warmup: 5, epochs: 40)
        #expect(run.learningRates == (0..<40).map { plan.rate(epoch: $0) })
        // SGD with the scheduled rates, by hand: L = mean((a·x − 2x)²), dL/da = 2(a − 2)·mean(x²).
        let x = Self.line().x
        let m2 = x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
        var a = 0.0
        for e in 0..<40 { a -= plan.rate(epoch: e) * 2 * (a - 2) * m2 }
        #expect(abs(run.finalParameters[0] - a) <= 1e-12)
    }

    /// Training fits y = 2x while the validation rows follow y = x: the validation loss falls until a passes 1,
    /// then rises, so early stopping fires `patience` epochs after the epoch closest to a = 1.
    @Test func earlyStoppingOnValidationLossRestoresTheBestEpoch() throws {
        var config = try Self.config(Self.line(), lr: 0.05, epochs: 1000)
        let validation = Self.line(points: 20, slope: 1)
        config.validation = .provided(validation)
        config.earlyStopPatience = 7
        config.restoreBest = true
        let run = try Trainer.run(config)
        let best = run.validationHistory.indices.min { run.validationHistory[$0] < run.validationHistory[$1] }!
        #expect(run.stopReason == .earlyStop(epoch: best + 7, bestEpoch: best))
        #expect(run.history.count == best + 8)
        #expect(run.bestEpoch == best && run.restoredEpoch == best)
        // The restored parameters are those the best epoch started with: their validation loss is the best one.
        #expect(abs(run.finalValidationLoss! - run.validationHistory[best]) <= 1e-12 * run.validationHistory[best])
        #expect(abs(run.finalParameters[0] - 1) < 0.1)
        #expect(run.status == .completed)

        config.restoreBest = false
        let last = try Trainer.run(config)
        #expect(last.restoredEpoch == nil)
        #expect(last.finalParameters[0] > run.finalParameters[0])
    }

    @Test func minDeltaIgnoresTinyImprovements() throws {
        // Without validation the training loss is monitored; it keeps falling, but by less than min-delta soon.
        var config = try Self.config(Self.line(), lr: 0.05, epochs: 5000)
        config.earlyStopPatience = 3
        config.minDelta = 1e-3
        let run = try Trainer.run(config)
        guard case .earlyStop(let epoch, let best) = run.stopReason else {
            Issue.record("expected an early stop, got \(run.stopReason)")
            return
        }
        #expect(epoch == best + 3)
        // Keras' rule replayed on the recorded losses: an improvement must beat the best so far by min-delta.
        var bestValue = Double.infinity, bestEpoch = -1, wait = 0, stoppedAt = -1
        for (e, value) in run.history.enumerated() {
            if value < bestValue - 1e-3 { bestValue = value; bestEpoch = e; wait = 0 } else { wait += 1 }
            if wait >= 3 { stoppedAt = e; break }
        }
        #expect(stoppedAt == epoch && bestEpoch == best)
        // The loss was still falling when it stopped: only the size of the steps stopped it.
        #expect(run.history[epoch] < run.history[best])
    }

    @Test func toleranceStopsWhenTheLossFlattens() throws {
        var config = try Self.config(Self.line(), lr: 0.05, epochs: 100_000)
        config.tolerance = 1e-6
        let run = try Trainer.run(config)
        guard case .tolerance(let epoch) = run.stopReason else {
            Issue.record("expected a tolerance stop, got \(run.stopReason)")
            return
        }
        let h = run.history
        func change(_ e: Int) -> Double { abs(h[e] - h[e - 100]) / max(abs(h[e - 100]), 1e-300) }
        #expect(epoch >= 100 && h.count == epoch + 1)
        #expect(change(epoch) <= 1e-6)
        for e in 100..<epoch { #expect(change(e) > 1e-6, "criterion already held at epoch \(e)") }
    }

    @Test func gradientClippingLimitsTheStep() throws {
        var config = try Self.config(Self.line(), lr: 0.1, epochs: 1)
        config.clipGradNorm = 0.5
        let run = try Trainer.run(config)
        // dL/da at a = 0 is −4·mean(x²) ≈ −1.36, clipped to norm 0.5 (torch: × 0.5/(norm + 1e-6)).
        let x = Self.line().x
        let g = -4 * x.reduce(0) { $0 + $1 * $1 } / Double(x.count)
        #expect(abs(run.finalParameters[0] - 0.1 * 0.5 * abs(g) / (abs(g) + 1e-6)) <= 1e-15)
    }

    @Test func observerStopsAfterTheEpochAsInterrupted() throws {
        var seen: [Trainer.Progress] = []
        let run = try Trainer.run(try Self.config(Self.line(), epochs: 100)) { progress in
            seen.append(progress)
            return progress.epoch < 3
        }
        #expect(run.status == .interrupted(epoch: 3))
        #expect(run.stopReason == .interrupted(epoch: 3))
        #expect(run.history.count == 4)
        #expect(seen.map(\.epoch) == [0, 1, 2, 3])
        #expect(seen.allSatisfy { $0.learningRate == 0.1 && $0.validationLoss == nil })
    }

    /// Two generated inputs: least squares recovers the plane, and the trainer reaches it.
    @Test func severalInputs() throws {
        let truth = try Formula.parse("3*x1 - 2*x2 + 1", variables: ["x1", "x2"])
        let model = Model(formula: try Formula.parse("a*x1 + b*x2 + c", variables: ["x1", "x2"]),
                          inputs: ["x1", "x2"])
        let config = TrainingConfig(
            data: .generated(DataGenerator(truth: truth, points: 400, noise: 0.01, xRange: -1...1, inputCount: 2)),
            model: model, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.05,
            epochs: 2000)
        let run = try Trainer.run(config)
        #expect(run.dataset.inputNames == ["x1", "x2"])
        // The inputs are uniform draws, not a grid.
        #expect(run.dataset.inputs[0] != run.dataset.inputs[1])
        #expect(run.dataset.inputs.allSatisfy { $0.allSatisfy { (-1...1).contains($0) } })
        let ls = try #require(run.leastSquares)
        for (value, expected) in zip(ls.parameters, [3.0, -2, 1]) { #expect(abs(value - expected) < 0.01) }
        for (value, expected) in zip(run.finalParameters, ls.parameters) { #expect(abs(value - expected) < 1e-3) }
        // Predictions are the model at every row, checked by hand.
        let p = run.finalParameters
        for i in [0, 17, 399] {
            let expected = p[0] * run.dataset.inputs[0][i] + p[1] * run.dataset.inputs[1][i] + p[2]
            #expect(abs(run.predictionsAfter[i] - expected) <= 1e-12)
        }
    }
}
