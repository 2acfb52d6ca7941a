import Foundation
import XCTest
@testable import Training

/// The fast path (`ObjectiveKernel`, used by `Trainer.run`) against the reference interpreter (`Evaluator`).
final class ObjectiveKernelTests: XCTestCase {
    let x = Expr.variable("x")
    let a = Expr.parameter("a"), b = Expr.parameter("b"), c = Expr.parameter("c"), d = Expr.parameter("d")

    /// The straightforward loop: `Evaluator` for loss and gradient, the same optimizer, the same data.
    func referenceTraining(_ config: TrainingConfig, data: Dataset, initial: [Double]) throws
        -> (history: [Double], parameters: [Double])
    {
        let names = config.model.parameterNames
        let program = try Program(config.loss.objective(for: config.model), variables: ["x", "y"], parameters: names)
        let evaluator = Evaluator(program)
        var optimizer = config.optimizer.make(learningRate: config.learningRate)
        var parameters = initial
        var history: [Double] = []
        for _ in 0..<config.epochs {
            let (value, gradient) = evaluator.sumAndGradient(
                columns: [data.x, data.y], parameters: parameters, weight: 1 / Double(data.count))
            history.append(value)
            optimizer.step(parameters: &parameters, gradient: gradient)
        }
        return (history, parameters)
    }

    func assertClose(_ got: [Double], _ want: [Double], relative: Double, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line)
    {
        XCTAssertEqual(got.count, want.count, what, file: file, line: line)
        var worst = 0.0
        for (g, w) in zip(got, want) {
            worst = max(worst, abs(g - w) / max(abs(w), 1e-300))
        }
        XCTAssertLessThanOrEqual(worst, relative, "\(what): worst relative difference \(worst)", file: file,
                                 line: line)
    }

    /// The seed workload (100 points, quadratic, MSE, SGD lr 1e-3, 15000 epochs): the optimized engine's history and
    /// parameters equal the straightforward path's within 1e-12 relative.
    func testSeedWorkloadMatchesStraightforwardPathWithin1e12() throws {
        let config = TrainingConfig()
        let run = try Trainer.run(config)
        let reference = try referenceTraining(config, data: run.dataset, initial: run.initialParameters)
        XCTAssertEqual(run.history.count, 15000)
        assertClose(run.history, reference.history, relative: 1e-12, "history")
        assertClose(run.finalParameters, reference.parameters, relative: 1e-12, "final parameters")
    }

    /// The same workload against a plain scalar loop with the analytic MSE gradient.
    func testSeedWorkloadMatchesScalarLoopWithin1e12() throws {
        let run = try Trainer.run(TrainingConfig())
        let (history, parameters) = BlogReference.sgd(xs: run.dataset.x, ys: run.dataset.y,
                                                      initial: run.initialParameters, epochs: 15000, lr: 1e-3)
        assertClose(run.history, history, relative: 1e-12, "history")
        assertClose(run.finalParameters, parameters, relative: 1e-12, "final parameters")
    }

    /// 100,000 points: one thread and two threads give bit-identical histories and parameters.
    func testThreadCountDoesNotChangeBits() throws {
        var generator = DataGenerator.blog
        generator.points = 100_000
        let config = TrainingConfig(data: .generated(generator), epochs: 40)
        let one = try Trainer.run(config, threads: 1)
        let two = try Trainer.run(config, threads: 2)
        let three = try Trainer.run(config, threads: 3)
        XCTAssertEqual(one.history, two.history)
        XCTAssertEqual(one.finalParameters, two.finalParameters)
        XCTAssertEqual(one.history, three.history)
        XCTAssertEqual(one.finalParameters, three.finalParameters)
    }

    func testKernelUsesThreadsOnlyForLargeData() throws {
        let program = try Program(Loss.mse.objective(for: .quadratic), variables: ["x", "y"], parameters: ["a", "b", "c"])
        let small = Dataset.linspace(0, 1, count: 100)
        XCTAssertEqual(ObjectiveKernel(program, columns: [small, small], weight: 0.01, threads: 2).threads, 1)
        let large = Dataset.linspace(0, 1, count: 100_000)
        XCTAssertEqual(ObjectiveKernel(program, columns: [large, large], weight: 1e-5, threads: 2).threads, 2)
    }

    /// Both fast strategies, threaded and not, for a non-linear model: bit-identical across thread counts.
    func testBlockProgramIsBitIdenticalAcrossThreadCounts() throws {
        // The sine model (fused product, sin with its cos kept, one-loop reverse rules), an 8-unit tanh network
        // written as a formula (product-sums, adjoints shared along the sum, tanh fused with its operand's rule), and
        // an exponential decay with a cubic term (exp, integer power as multiplications).
        let w = (0..<8).map { Expr.parameter("w\($0)") }, v = (0..<8).map { Expr.parameter("v\($0)") }
        let u = (0..<8).map { Expr.parameter("u\($0)") }
        var network = c
        for k in 0..<8 { network = network + w[k] * .tanh(v[k] * x + u[k]) }
        let models: [Expr] = [a * .sin(b * x) + c, network, a * .exp(-b * x) + c * x ** 3 + d * .sigmoid(x * b)]
        let xs = Dataset.linspace(-3, 3, count: 100_003)
        let ys = xs.map { 2 * sin(1.5 * $0) + 0.3 * cos(7 * $0) }
        for formula in models {
            let model = Model(formula: formula)
            let names = model.parameterNames
            let program = try Program(Loss.mse.objective(for: model), variables: ["x", "y"], parameters: names)
            let p = names.indices.map { 0.3 + 0.37 * sin(Double($0) * 1.7) }
            var g1: [Double] = [], g2: [Double] = []
            let k1 = ObjectiveKernel(program, columns: [xs, ys], weight: 1 / Double(xs.count), threads: 1)
            let k2 = ObjectiveKernel(program, columns: [xs, ys], weight: 1 / Double(xs.count), threads: 2)
            XCTAssertEqual(k1.strategy, .blockProgram)
            XCTAssertEqual(k2.threads, 2)
            for _ in 0..<3 {
                XCTAssertEqual(k1.valueAndGradient(parameters: p, gradient: &g1),
                               k2.valueAndGradient(parameters: p, gradient: &g2), "\(formula)")
                XCTAssertEqual(g1, g2, "\(formula)")
                XCTAssertEqual(k1.value(parameters: p), k2.value(parameters: p), "\(formula)")
            }
            let (value, gradient) = Evaluator(program).sumAndGradient(columns: [xs, ys], parameters: p,
                                                                      weight: 1 / Double(xs.count))
            assertClose([k1.valueAndGradient(parameters: p, gradient: &g1)], [value], relative: 1e-12, "value")
            let scale = gradient.map(abs).max() ?? 1
            for (gi, ri) in zip(g1, gradient) {
                XCTAssertLessThanOrEqual(abs(gi - ri) / scale, 1e-10, "gradient of \(formula)")
            }
        }
    }

    /// Value and gradient of the kernel against `Evaluator` for objectives covering every strategy, loss and op.
    func testKernelMatchesEvaluatorOnManyObjectives() throws {
        let models: [Expr] = [
            a * x ** 2 + b * x + c,                        // fused, two per-point coefficients
            a * x + b,                                     // fused, one
            c,                                             // fused, none
            a * x ** 3 + b * x ** 2 + c * x + d,           // fused, three
            a * x ** 4 + b * x ** 3 + c * x ** 2 + d * x + a * x - 2 * b,  // fused, four (merged coefficients)
            a * .sin(x) + b * .exp(-x) / 3 - (c - x) * 2,  // fused, costly coefficients
            a * .sin(b * x) + c,                           // block program
            .exp(a * x) / (1 + b ** 2) - .tanh(c * x),
            .sqrt(a ** 2 + x ** 2) * .cos(b) + .log(1 + c ** 2),
            .sigmoid(a * x + b) * .abs(c) - a / (b + 3),
            .pow(1 + a ** 2, b) + .tan(c * 0.3) * x,
            -(a * x) ** 3 + b * c * x - .exp(-c),
            .binary(.max, a * x, b) + .binary(.min, c, x * x),
            .pow(1.5 + .cos(a * x), b * 0.3) + c,
            .atan(a * x + b) * c - .atan(c),
            // Fused products in sums, adjoints shared with a sum, sin/cos keeping their companion.
            a * .tanh(b * x + c) + d * .tanh(a * x - c) + b * .sigmoid(c * x + d) + d,
            (a * x + b) * (a * x + b) + c * .cos(b * x) + d * .sin(b * x),
            x * a * x * b + c * x * (x * d) + .sin(a * x) * .sin(a * x),
            .exp(-(a * x) * (a * x)) * b + (c * x + d) * (c * x + d) * x,
        ]
        let losses: [Loss] = [.mse, .mae, .huber(delta: 0.7)]
        for count in [1, 7, 100, 1029, 70_001] {
            let xs = Dataset.linspace(-1.3, 1.7, count: count)
            let ys = xs.map { 1.5 * $0 * $0 - 0.5 * $0 + sin(9 * $0) }
            for formula in models {
                let model = Model(formula: formula)
                let p = [0.7, -0.4, 1.2, 0.3].prefix(model.parameterNames.count).map { $0 }
                for loss in losses {
                    let program = try Program(loss.objective(for: model), variables: ["x", "y"],
                                              parameters: model.parameterNames)
                    let w = 1 / Double(count)
                    let (value, gradient) = Evaluator(program).sumAndGradient(columns: [xs, ys], parameters: p,
                                                                              weight: w)
                    for threads in [1, 2] {
                        let kernel = ObjectiveKernel(program, columns: [xs, ys], weight: w, threads: threads)
                        var g: [Double] = []
                        let v = kernel.valueAndGradient(parameters: p, gradient: &g)
                        let what = "\(formula) \(loss.name) n=\(count) \(kernel.strategy)"
                        assertClose([v], [value], relative: 1e-12, "value of \(what)")
                        for (gi, ri) in zip(g, gradient) {
                            let scale = max(abs(ri), gradient.map(abs).max() ?? 0, 1e-300)
                            XCTAssertLessThanOrEqual(abs(gi - ri) / scale, 1e-10, "gradient of \(what): \(g) vs \(gradient)")
                        }
                    }
                }
            }
        }
    }

    func testStrategyIsChosenFromTheObjectiveShape() throws {
        func strategy(_ formula: Expr, _ loss: Loss) throws -> ObjectiveKernel.Strategy {
            let model = Model(formula: formula)
            let program = try Program(loss.objective(for: model), variables: ["x", "y"], parameters: model.parameterNames)
            let xs = Dataset.linspace(0, 1, count: 10)
            return ObjectiveKernel(program, columns: [xs, xs], weight: 0.1).strategy
        }
        XCTAssertEqual(try strategy(Model.quadratic.formula, .mse), .fusedResidual)
        XCTAssertEqual(try strategy(Model.quadratic.formula, .mae), .fusedResidual)
        XCTAssertEqual(try strategy(Model.quadratic.formula, .huber(delta: 1)), .fusedResidual)
        XCTAssertEqual(try strategy(a * .sin(x) + b, .mse), .fusedResidual)
        XCTAssertEqual(try strategy(a * .sin(b * x) + c, .mse), .blockProgram)
        XCTAssertEqual(try strategy(a * b * x, .mse), .blockProgram)
    }

    /// Every optimizer and loss through `Trainer.run` against the reference loop on the seed data.
    func testTrainerMatchesReferenceForEveryLossAndOptimizer() throws {
        let optimizers: [OptimizerKind] = [.sgd, .momentum(momentum: 0.9, nesterov: true),
                                           .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)]
        for loss in [Loss.mse, .mae, .huber(delta: 1)] {
            for optimizer in optimizers {
                let config = TrainingConfig(loss: loss, optimizer: optimizer, learningRate: 1e-2, epochs: 500)
                let run = try Trainer.run(config)
                let reference = try referenceTraining(config, data: run.dataset, initial: run.initialParameters)
                assertClose(run.history, reference.history, relative: 1e-9, "\(loss.name) \(optimizer.name) history")
                assertClose(run.finalParameters, reference.parameters, relative: 1e-9,
                            "\(loss.name) \(optimizer.name) parameters")
            }
        }
    }

    /// Residuals near √DBL_MAX: each r² is finite and so is their mean, but the fused kernel's unweighted Σ r² (the
    /// weight 1/N applied once afterwards) passes the largest Double. The kernel must still give the interpreter's
    /// finite value and gradient — for every loss the fused path takes, one block or several, value alone or with
    /// the gradient, whole data or a mini-batch — and an ordinary evaluation of the same kernel its usual bits.
    func testUnweightedBlockSumThatOverflowsGivesTheInterpretersFiniteMean() throws {
        let model = Model(formula: a * x + b)
        for loss in [Loss.mse, .huber(delta: 1e200)] {
            for count in [8, 3000] {
                let xs = Dataset.linspace(1, 2, count: count)
                let ys = [Double](repeating: 0, count: count)
                let program = try Program(loss.objective(for: model), variables: ["x", "y"], parameters: ["a", "b"])
                let weight = 1 / Double(count)
                let kernel = ObjectiveKernel(program, columns: [xs, ys], weight: weight, threads: 1)
                XCTAssertEqual(kernel.strategy, .fusedResidual)
                // r = a·x + b with x in [1, 2]: r between 0.6e154 and 1.2e154, r² up to 1.44e308.
                let huge = [0.6e154, 0]
                let (want, wantGradient) = Evaluator(program).sumAndGradient(columns: [xs, ys], parameters: huge,
                                                                             weight: weight)
                XCTAssert(want.isFinite && wantGradient.allSatisfy(\.isFinite), "the mean is finite: \(want)")
                var unweighted = 0.0
                for v in xs { unweighted += (0.6e154 * v) * (0.6e154 * v) }
                if case .mse = loss { XCTAssertEqual(unweighted, .infinity, "the case overflows unweighted") }
                var gradient: [Double] = []
                let got = kernel.valueAndGradient(parameters: huge, gradient: &gradient)
                let what = "\(loss.name), \(count) rows"
                XCTAssertEqual(got, want, what)
                XCTAssertEqual(gradient, wantGradient, what)
                XCTAssertEqual(kernel.value(parameters: huge), want, what)
                let rows = 0..<(count / 2)
                let batch = kernel.value(parameters: huge, rows: rows, weight: 1 / Double(rows.count))
                XCTAssert(batch.isFinite, "\(what), a mini-batch: \(batch)")
                // Ordinary parameters: the fused sums as before (equal to the interpreter within rounding only).
                var g2: [Double] = []
                let ordinary = kernel.valueAndGradient(parameters: [0.5, 0.25], gradient: &g2)
                let reference = Evaluator(program).sumAndGradient(columns: [xs, ys], parameters: [0.5, 0.25],
                                                                  weight: weight).value
                XCTAssertEqual(ordinary, reference, accuracy: 1e-12 * reference, what)
            }
        }
        // The block program multiplies in another order than the interpreter: a product near the largest Double
        // overflowed in its reverse pass only (the kernel fuzz target's finding), giving ∞ and NaN gradients.
        let blockModel = Model(formula: try Formula.parse(
            "c - 666666666 - -m - ------s + o*b/b*1e+308 - 66666 - -m - 66666 - -m - --P"))
        let blockProgram = try Program(Loss.huber(delta: 0.7).objective(for: blockModel), variables: ["x", "y"],
                                       parameters: blockModel.parameterNames)
        let xs = Dataset.linspace(-1.3, 1.7, count: 1029)
        let ys = xs.map { 1.5 * $0 * $0 - 0.5 * $0 + 0.25 }
        let blockKernel = ObjectiveKernel(blockProgram, columns: [xs, ys], weight: 1 / 1029.0, threads: 1)
        XCTAssertEqual(blockKernel.strategy, .blockProgram)
        let p = [-1.54, 0.6299999999999959, -0.6999999999999981, 1.4699999999999978, 0.14000000000000384, -1.19]
        let (want, wantGradient) = Evaluator(blockProgram).sumAndGradient(columns: [xs, ys], parameters: p,
                                                                          weight: 1 / 1029.0)
        XCTAssert(want.isFinite && wantGradient.allSatisfy(\.isFinite), "\(want) \(wantGradient)")
        var blockGradient: [Double] = []
        let blockValue = blockKernel.valueAndGradient(parameters: p, gradient: &blockGradient)
        XCTAssertEqual(blockValue, want, accuracy: 1e-12 * abs(want))
        XCTAssertEqual(blockGradient, wantGradient, "the interpreter's gradient where the block program overflows")
        // Truly infinite stays infinite (or NaN), not made finite.
        let program = try Program(Loss.mse.objective(for: model), variables: ["x", "y"], parameters: ["a", "b"])
        let kernel = ObjectiveKernel(program, columns: [[1, 2], [0, 0]], weight: 0.5, threads: 1)
        XCTAssertFalse(kernel.value(parameters: [1e200, 0]).isFinite)
    }
}
