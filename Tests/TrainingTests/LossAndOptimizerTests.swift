import Foundation
import XCTest
@testable import Training

final class LossAndOptimizerTests: XCTestCase {
    func lossValue(_ loss: Loss, _ p: [Double], _ y: [Double]) throws -> Double {
        try loss.mean(predictions: p, targets: y)
    }

    func testLossValues() throws {
        let p = [1.0, 2, 5], y = [1.5, 0, 1]
        XCTAssertEqual(try lossValue(.mse, p, y), (0.25 + 4 + 16) / 3, accuracy: 1e-15)
        XCTAssertEqual(try lossValue(.mae, p, y), (0.5 + 2 + 4) / 3, accuracy: 1e-15)
        // δ = 1: ½·0.25, then 1·(2 − ½), 1·(4 − ½).
        XCTAssertEqual(try lossValue(.huber(delta: 1), p, y), (0.125 + 1.5 + 3.5) / 3, accuracy: 1e-15)
        XCTAssertEqual(Loss.mae.displayName, "MAE")
    }

    /// Gradients of every loss through the engine match finite differences.
    func testLossGradientsMatchFiniteDifferences() throws {
        let xs = [0.1, 0.5, 0.9, 1.3], ys = [1.0, -0.4, 2.5, 0.2]
        for loss in [Loss.mse, .mae, .huber(delta: 0.7)] {
            let program = try Program(loss.objective(for: .quadratic), variables: ["x", "y"], parameters: ["a", "b", "c"])
            let ev = Evaluator(program)
            let p = [0.3, 1.1, -0.2]
            let (_, g) = ev.sumAndGradient(columns: [xs, ys], parameters: p, weight: 0.25)
            for i in 0..<3 {
                var up = p, down = p
                up[i] += 1e-6
                down[i] -= 1e-6
                let fd = (ev.sumAndGradient(columns: [xs, ys], parameters: up, weight: 0.25).value
                    - ev.sumAndGradient(columns: [xs, ys], parameters: down, weight: 0.25).value) / 2e-6
                XCTAssertEqual(g[i], fd, accuracy: 1e-6 * max(1, abs(fd)), "\(loss) parameter \(i)")
            }
        }
    }

    func testSGDStep() {
        var sgd = SGD(learningRate: 0.1)
        var p = [1.0, -2.0]
        sgd.step(parameters: &p, gradient: [0.5, -1])
        XCTAssertEqual(p, [0.95, -1.9])
    }

    /// Hand-computed: μ = 0.9, lr = 0.1, gradients 1 then 2.
    func testMomentumSteps() {
        var m = Momentum(learningRate: 0.1, momentum: 0.9)
        var p = [0.0]
        m.step(parameters: &p, gradient: [1])   // v = 1, p = −0.1
        XCTAssertEqual(p[0], -0.1, accuracy: 1e-15)
        m.step(parameters: &p, gradient: [2])   // v = 0.9 + 2 = 2.9, p = −0.1 − 0.29
        XCTAssertEqual(p[0], -0.39, accuracy: 1e-15)
        XCTAssertEqual(m.velocity, [2.9])

        var n = Momentum(learningRate: 0.1, momentum: 0.9, nesterov: true)
        var q = [0.0]
        n.step(parameters: &q, gradient: [1])   // v = 1, step g + μv = 1.9
        XCTAssertEqual(q[0], -0.19, accuracy: 1e-15)
        n.step(parameters: &q, gradient: [2])   // v = 2.9, step 2 + 2.61 = 4.61
        XCTAssertEqual(q[0], -0.19 - 0.461, accuracy: 1e-15)
    }

    /// Hand-computed Adam with lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8.
    func testAdamSteps() {
        var adam = Adam(learningRate: 0.1)
        var p = [1.0]
        adam.step(parameters: &p, gradient: [0.5])
        // m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 → step 0.1·0.5/(0.5 + 1e-8)
        XCTAssertEqual(p[0], 1 - 0.1 * 0.5 / (0.5 + 1e-8), accuracy: 1e-15)
        adam.step(parameters: &p, gradient: [-1.0])
        let m = 0.9 * 0.05 + 0.1 * -1.0
        let v = 0.999 * 0.00025 + 0.001 * 1.0
        let mHat = m / (1 - 0.81), vHat = v / (1 - 0.999 * 0.999)
        XCTAssertEqual(p[0], 1 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * mHat / (vHat.squareRoot() + 1e-8), accuracy: 1e-14)
        XCTAssertEqual(adam.step, 2)
    }

    func testEveryLossAndOptimizerTrainsTheDefaultData() throws {
        for (loss, optimizer, lr) in [(Loss.mae, OptimizerKind.sgd, 5e-2), (.huber(delta: 1), .sgd, 5e-2),
                                      (.mse, .momentum(momentum: 0.9, nesterov: false), 1e-3),
                                      (.mse, .momentum(momentum: 0.9, nesterov: true), 1e-3),
                                      (.mse, .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), 0.05)] {
            let run = try Trainer.run(TrainingConfig(loss: loss, optimizer: optimizer, learningRate: lr, epochs: 3000))
            XCTAssertEqual(run.status, .completed)
            XCTAssertLessThan(run.history.last ?? .infinity, run.history[0] / 2, "\(loss) \(optimizer)")
            XCTAssertLessThan(run.finalLoss, run.history[0])
        }
    }
}
