import Foundation
import XCTest
@testable import Training

final class TrainerTests: XCTestCase {
    /// The blog's loop written out by hand: data, init, analytic MSE gradient, SGD; compared with the engine's run.
    func testDefaultRunEqualsStraightforwardLoop() throws {
        let epochs = 3000
        let run = try Trainer.run(TrainingConfig(epochs: epochs))

        var rng = Xoshiro256StarStar(seed: 0)
        let xs = (0..<100).map { Double($0) / 99 }
        let ys = xs.map { 20 * $0 * $0 + 5 * $0 - 3 + rng.nextGaussian() }
        let initial = [rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()]
        XCTAssertEqual(run.initialParameters, initial)
        for (u, v) in zip(run.dataset.x, xs) { XCTAssertEqual(u, v, accuracy: 1e-15) }
        let (history, parameters) = BlogReference.sgd(xs: xs, ys: ys, initial: initial, epochs: epochs, lr: 1e-3)
        XCTAssertEqual(run.history.count, epochs)
        for (engine, reference) in zip(run.history, history) {
            XCTAssertEqual(engine, reference, accuracy: 1e-9 * reference)
        }
        for (engine, expected) in zip(run.finalParameters, parameters) {
            XCTAssertEqual(engine, expected, accuracy: 1e-9 * abs(expected))
        }
    }

    func testLossIsNonIncreasingForDefaultLearningRate() throws {
        let run = try Trainer.run(TrainingConfig())
        XCTAssertEqual(run.history.count, 15000)
        for i in 1..<run.history.count {
            XCTAssertLessThanOrEqual(run.history[i], run.history[i - 1], "loss rose at epoch \(i)")
        }
        XCTAssertLessThan(run.finalLoss, run.history[0])
        XCTAssertLessThanOrEqual(run.finalLoss, run.history.last ?? .infinity)
    }

    /// The blog's observation: after 15000 epochs at lr 1e-3, gradient descent is still far from the optimum along
    /// the ill-conditioned direction, while the least-squares fit is near the truth.
    func testDefaultRunHasNotConvergedButLeastSquaresHas() throws {
        let run = try Trainer.run(TrainingConfig())
        let ls = try XCTUnwrap(run.leastSquares)
        XCTAssertEqual(ls.parameters[0], 20, accuracy: 3)
        XCTAssertEqual(ls.parameters[1], 5, accuracy: 3)
        XCTAssertEqual(ls.parameters[2], -3, accuracy: 1)
        XCTAssertGreaterThan(abs(run.finalParameters[0] - ls.parameters[0]), 2)
        XCTAssertLessThan(ls.loss, run.finalLoss)
        XCTAssertLessThan(ls.loss, 1.5)  // about the noise variance
    }

    func testSameSeedSameBitsDifferentSeedDifferentData() throws {
        let one = try Trainer.run(TrainingConfig(epochs: 50))
        let two = try Trainer.run(TrainingConfig(epochs: 50))
        XCTAssertEqual(one.dataset, two.dataset)
        XCTAssertEqual(one.history, two.history)
        XCTAssertEqual(one.finalParameters, two.finalParameters)
        let other = try Trainer.run(TrainingConfig(seed: 1, epochs: 50))
        XCTAssertNotEqual(one.dataset.y, other.dataset.y)
    }

    func testNoiseFreeDataHasZeroResidualAtLeastSquares() throws {
        var generator = DataGenerator.blog
        generator.noise = 0
        let config = TrainingConfig(data: .generated(generator), epochs: 1)
        let run = try Trainer.run(config)
        let ls = try XCTUnwrap(run.leastSquares)
        XCTAssertEqual(ls.loss, 0, accuracy: 1e-20)
    }

    func testInvalidConfigIsRejectedWithTheSettingNamed() {
        var config = TrainingConfig()
        config.learningRate = -1
        config.epochs = -1
        XCTAssertThrowsError(try Trainer.run(config)) { error in
            let text = "\(error)"
            XCTAssert(text.contains("lr"), text)
            XCTAssert(text.contains("epochs"), text)
        }
    }
}
