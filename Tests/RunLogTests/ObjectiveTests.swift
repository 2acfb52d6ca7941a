import Foundation
import RunLog
import RunRecord
import Training
import XCTest

/// `Objective` gives the built-in trainer's numbers bit for bit, and correct gradients.
final class ObjectiveTests: XCTestCase {
    /// (a) The blog's loop written by hand — `Objective`, a manual SGD update, `RunLogger` — equals `Trainer.run` of
    /// the default config exactly: data, initial values, every epoch's loss, final parameters, predictions.
    func testHandWrittenBlogLoopEqualsTrainerExactly() throws {
        let config = TrainingConfig()
        let trained = try Trainer.run(config)

        var rng = Xoshiro256StarStar(seed: 0)
        let data = try DataGenerator.blog.generate(using: &rng)
        var theta = rng.gaussians(3)
        XCTAssertEqual(data, trained.dataset)
        XCTAssertEqual(theta, trained.initialParameters)

        let (a, b, c, x) = (Expr.parameter("a"), Expr.parameter("b"), Expr.parameter("c"), Expr.variable("x"))
        let objective = try Objective(a * x ** 2 + b * x + c, loss: .mse, data: ["x": data.x, "y": data.y])
        XCTAssertEqual(objective.parameterNames, ["a", "b", "c"])
        let run = RunLogger(title: "blog", outputRoot: NSTemporaryDirectory(), warnings: false)
        let before = objective.predictions(at: theta)
        for epoch in 0..<config.epochs {
            let (loss, gradient) = objective.lossAndGradient(at: theta)
            run.log("loss", loss, step: epoch)
            for i in theta.indices { theta[i] -= config.learningRate * gradient[i] }
        }
        let record = run.record
        let loss = try XCTUnwrap(record.series(named: "loss"))
        XCTAssertEqual(loss.values, trained.history)
        XCTAssertEqual(loss.steps, Array(0..<config.epochs))
        XCTAssertEqual(theta, trained.finalParameters)
        XCTAssertEqual(before, trained.predictionsBefore)
        XCTAssertEqual(objective.predictions(at: theta), trained.predictionsAfter)
    }

    /// The same run through `TrainingConfig.startingPoint()`, `Objective(Model, dataset:)` and the `SGD` optimizer,
    /// with the gradient buffer reused.
    func testStartingPointAndOptimizerStructEqualTrainer() throws {
        let config = TrainingConfig(epochs: 3000)
        let trained = try Trainer.run(config)
        let start = try config.startingPoint()
        XCTAssertEqual(start.dataset, trained.dataset)
        XCTAssertEqual(start.parameterNames, trained.parameterNames)
        XCTAssertEqual(start.initialParameters, trained.initialParameters)

        let objective = try Objective(config.model, loss: config.loss, dataset: start.dataset)
        var theta = start.initialParameters, gradient: [Double] = [], history: [Double] = []
        var sgd = SGD(learningRate: config.learningRate)
        for _ in 0..<config.epochs {
            history.append(objective.lossAndGradient(at: theta, gradient: &gradient))
            sgd.step(parameters: &theta, gradient: gradient)
        }
        XCTAssertEqual(history, trained.history)
        XCTAssertEqual(theta, trained.finalParameters)
    }

    /// A non-linear model (the block-program path, not the fused residual), Adam and given initial values: still
    /// bit-identical to the trainer.
    func testSineModelWithAdamEqualsTrainer() throws {
        let x = Expr.variable("x")
        let (a, b, c) = (Expr.parameter("a"), Expr.parameter("b"), Expr.parameter("c"))
        let model = Model(formula: a * .sin(b * x) + c)
        let config = TrainingConfig(
            data: .generated(DataGenerator(truth: 3 * .sin(2 * x) + 0.5, points: 200, noise: 0.1, xRange: 0...6)),
            model: model, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.05,
            epochs: 500, initialValues: ["a": 1, "b": 1.9])
        let trained = try Trainer.run(config)
        let start = try config.startingPoint()
        let objective = try Objective(model.formula, loss: .mse, data: ["x": start.dataset.x, "y": start.dataset.y])
        var theta = start.initialParameters, history: [Double] = []
        var adam = Adam(learningRate: 0.05)
        for _ in 0..<config.epochs {
            let (loss, gradient) = objective.lossAndGradient(at: theta)
            history.append(loss)
            adam.step(parameters: &theta, gradient: gradient)
        }
        XCTAssertEqual(history, trained.history)
        XCTAssertEqual(theta, trained.finalParameters)
    }

    /// A pointwise loss written by hand is the same expression as `.mse`, so the same bits.
    func testHandWrittenSquaredErrorEqualsMSE() throws {
        let start = try TrainingConfig().startingPoint()
        let columns = ["x": start.dataset.x, "y": start.dataset.y, "unused": [1, 2, 3]]
        let formula = Model.quadratic.formula
        let builtIn = try Objective(formula, loss: .mse, data: columns)
        let byHand = try Objective(formula, pointwiseLoss: { prediction, y in (prediction - y) ** 2 }, data: columns)
        let theta = start.initialParameters
        XCTAssertEqual(builtIn.lossAndGradient(at: theta).loss, byHand.lossAndGradient(at: theta).loss)
        XCTAssertEqual(builtIn.lossAndGradient(at: theta).gradient, byHand.lossAndGradient(at: theta).gradient)
    }

    /// (b) The gradient of a non-linear model's MSE matches central finite differences.
    func testGradientMatchesCentralFiniteDifferences() throws {
        let x = Expr.variable("x")
        let model = Expr.parameter("a") * .sin(Expr.parameter("b") * x) + Expr.parameter("c")
        let xs = Dataset.linspace(0, 6, count: 150)
        let ys = xs.map { 3 * Foundation.sin(2 * $0) + 0.5 + 0.1 * Foundation.cos(7 * $0) }
        let objective = try Objective(model, loss: .mse, data: ["x": xs, "y": ys])
        for theta in [[1.0, 1.9, 0.0], [2.5, 2.1, 0.3], [-0.7, 0.4, 1.2]] {
            let (_, gradient) = objective.lossAndGradient(at: theta)
            for i in theta.indices {
                let h = 1e-6 * max(1, abs(theta[i]))
                var up = theta, down = theta
                up[i] += h
                down[i] -= h
                let numeric = (objective.loss(at: up) - objective.loss(at: down)) / (2 * h)
                XCTAssertEqual(gradient[i], numeric, accuracy: 1e-6 * max(1, abs(numeric)),
                               "∂/∂\(objective.parameterNames[i]) at \(theta)")
            }
        }
    }

    /// Named parameters give the same numbers as arrays; unknown and missing names are errors.
    func testNamedParameters() throws {
        let start = try TrainingConfig().startingPoint()
        let objective = try Objective(Model.quadratic, dataset: start.dataset)
        let theta = start.initialParameters
        let named = objective.named(theta)
        XCTAssertEqual(named, ["a": theta[0], "b": theta[1], "c": theta[2]])
        let (loss, gradient) = try objective.lossAndGradient(at: named)
        let plain = objective.lossAndGradient(at: theta)
        XCTAssertEqual(loss, plain.loss)
        XCTAssertEqual(gradient, objective.named(plain.gradient))
        XCTAssertThrowsError(try objective.lossAndGradient(at: ["a": 1, "b": 2])) {
            XCTAssertEqual($0 as? ObjectiveError, .missingParameter("c"))
        }
        XCTAssertThrowsError(try objective.lossAndGradient(at: ["a": 1, "b": 2, "c": 3, "d": 4])) {
            XCTAssertEqual($0 as? ObjectiveError, .unknownParameter("d", known: ["a", "b", "c"]))
        }
    }

    func testConstructionErrors() {
        let x = Expr.variable("x"), a = Expr.parameter("a")
        XCTAssertThrowsError(try Objective(a * x, data: ["x": [1, 2]])) {
            XCTAssertEqual($0 as? ObjectiveError, .missingColumn("y", available: ["x"]))
        }
        XCTAssertThrowsError(try Objective(a * x, data: ["x": [1, 2], "y": [1]])) {
            XCTAssertEqual($0 as? ObjectiveError, .columnLengths([.init("x", 2), .init("y", 1)]))
        }
        XCTAssertThrowsError(try Objective(a * x, data: ["x": [], "y": []])) {
            XCTAssertEqual($0 as? ObjectiveError, .noData)
        }
        XCTAssertThrowsError(try Objective(2 * x, data: ["x": [1, 2], "y": [1, 2]])) {
            XCTAssertEqual($0 as? ObjectiveError, .noParameters)
        }
        XCTAssertThrowsError(try Objective(a * x, data: ["x": [1, 2], "y": [1, 2]], parameters: ["b"])) {
            XCTAssertEqual($0 as? ObjectiveError, .engine(.unknownParameter("a", known: ["b"])))
        }
    }
}
