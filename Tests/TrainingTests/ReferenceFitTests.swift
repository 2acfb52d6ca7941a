import Foundation
import Testing
@testable import Training

/// The reference fit every run carries: QR for linear models, Levenberg–Marquardt otherwise, with statistics.
@Suite struct ReferenceFitTests {
    static func sine(epochs: Int) throws -> TrainingConfig {
        TrainingConfig(
            data: .generated(DataGenerator(truth: try Formula.parse("3*sin(2*x) + 0.5"), points: 200, noise: 0.1,
                                           xRange: 0...6)),
            model: Model(formula: try Formula.parse("a*sin(b*x) + c")),
            optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.05, epochs: epochs,
            initialValues: ["a": 1, "b": 1.9, "c": 0])
    }

    @Test func nonlinearModelGetsALevenbergMarquardtReferenceFromBothStarts() throws {
        let run = try Trainer.run(try Self.sine(epochs: 300))
        let ls = try #require(run.leastSquares)
        #expect(ls.method != .householderQR)
        #expect(ls.attempts.map(\.start) == ["trained", "initial"])
        // The optimum: near the truth, and no training run does better on the squared error.
        for (value, truth) in zip(ls.parameters, [3.0, 2, 0.5]) { #expect(abs(value - truth) < 0.05) }
        #expect(ls.loss <= run.finalLoss)
        // Its gradient vanishes: the mean squared error has a minimum there.
        let objective = try Objective(run.config.model, dataset: run.dataset, threads: 1)
        let (_, gradient) = objective.lossAndGradient(at: ls.parameters)
        #expect(gradient.allSatisfy { abs($0) < 1e-9 })
        let statistics = try #require(ls.statistics)
        let errors = try #require(statistics.standardErrors)
        #expect(errors.allSatisfy { $0 > 0 && $0 < 0.05 })
        #expect(ls.bandLower.count == run.dataset.count && ls.bandUpper.count == run.dataset.count)
        for i in stride(from: 0, to: run.dataset.count, by: 17) {
            #expect(ls.bandLower[i] < ls.predictions[i] && ls.predictions[i] < ls.bandUpper[i])
        }
    }

    /// A linear model keeps the exact QR solution; Levenberg–Marquardt from anywhere agrees with it.
    @Test func levenbergMarquardtAgreesWithQROnALinearModel() throws {
        let run = try Trainer.run(TrainingConfig(epochs: 100))
        let ls = try #require(run.leastSquares)
        #expect(ls.method == .householderQR)
        let lm = try LevenbergMarquardt.fit(.quadratic, inputs: run.dataset.inputs, targets: run.dataset.y,
                                            start: [0, 0, 0])
        #expect(lm.converged)
        for (a, b) in zip(lm.parameters, ls.parameters) { #expect(abs(a - b) <= 1e-9 * max(abs(b), 1)) }
        #expect(ls.statistics?.standardErrors != nil)
    }

    @Test func epochsZeroFitsFromTheInitialParametersOnly() throws {
        let run = try Trainer.run(try Self.sine(epochs: 0))
        #expect(run.history.isEmpty)
        let ls = try #require(run.leastSquares)
        #expect(ls.attempts.map(\.start) == ["initial"])
        for (value, truth) in zip(ls.parameters, [3.0, 2, 0.5]) { #expect(abs(value - truth) < 0.05) }
    }

    @Test func tooFewRowsGiveAReasonInsteadOfAReference() throws {
        let data = Dataset(x: [0, 1], y: [1, 2])
        let config = TrainingConfig(data: .provided(data), model: .quadratic, epochs: 10)
        let run = try Trainer.run(config)
        #expect(run.leastSquares == nil)
        #expect(run.referenceSkipped?.contains("2 training rows cannot determine 3 parameters") == true)
        #expect(run.history.count == 10, "training still runs")
    }

    /// ∂√b/∂b is infinite at b = 0 while the model's value is finite: the solve is refused with a reason.
    @Test func aJacobianThatIsNotFiniteAtTheStartIsAReasonNotACrash() throws {
        let data = Dataset(x: [0, 1, 2, 3], y: [1, 2, 3, 4])
        let config = TrainingConfig(data: .provided(data), model: Model(formula: try Formula.parse("a*x + sqrt(b)")),
                                    epochs: 0, initialValues: ["a": 1, "b": 0])
        let run = try Trainer.run(config)
        #expect(run.leastSquares == nil)
        let reason = try #require(run.referenceSkipped)
        #expect(reason.contains("Levenberg–Marquardt found no optimum") && reason.contains("initial"))
    }
}
