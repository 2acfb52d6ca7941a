import Foundation
import XCTest
@testable import Training

/// Built-in MLPs run as dense layers (`DenseNetworkStrategy`): value and gradient against the reference interpreter
/// on the same objective written as a formula, for every activation and loss, and the same bits for any thread count.
final class DenseNetworkTests: XCTestCase {
    /// The objective, its dense description and columns (inputs, then y) for `spec` on `count` rows of `inputs`.
    func setUp(_ spec: String, inputs: Int, count: Int, loss: Loss) throws
        -> (program: Program, network: DenseNetwork, columns: [[Double]], parameters: [Double])
    {
        let names = DataGenerator.inputNames(count: inputs)
        let builtin = try XCTUnwrap(try BuiltinModel.parse(spec))
        let model = Model(formula: try builtin.expression(inputs: names), inputs: names, builtin: builtin)
        let program = try Program(loss.objective(for: model), variables: names + ["y"],
                                  parameters: model.parameterNames)
        let network = try XCTUnwrap(DenseNetwork(model: model, loss: loss, parameterNames: model.parameterNames))
        var columns: [[Double]] = []
        for k in 0..<inputs {
            columns.append((0..<count).map { i in sin(Double(i) * 0.37 + Double(k)) * (1.5 + Double(k)) })
        }
        columns.append((0..<count).map { i in cos(Double(i) * 0.11) * 2 + 0.3 })
        var rng = Xoshiro256StarStar(seed: 7)
        var parameters = model.initialValues(using: &rng, overrides: [:])
        // Biases away from 0 so that every bias gradient is exercised, some relu units off.
        for (i, name) in model.parameterNames.enumerated() where name.hasPrefix("b") {
            parameters[i] = 0.1 * Double(i % 7) - 0.3
        }
        return (program, network, columns, parameters)
    }

    func testDenseLayersMatchTheInterpreter() throws {
        let specs = ["mlp:3", "mlp:4,3:relu", "mlp:5:sigmoid", "mlp:16,16", "mlp:6,5,7"]
        let losses: [Loss] = [.mse, .mae, .huber(delta: 0.7)]
        for spec in specs {
            for inputs in [1, 2] {
                for count in [1, 5, 256, 1029] {
                    for loss in losses {
                        let (program, network, columns, p) = try setUp(spec, inputs: inputs, count: count, loss: loss)
                        let w = 1 / Double(count)
                        let (value, gradient) = Evaluator(program).sumAndGradient(columns: columns, parameters: p,
                                                                                  weight: w)
                        let kernel = ObjectiveKernel(program, columns: columns, weight: w, network: network)
                        XCTAssertEqual(kernel.strategy, .denseNetwork)
                        var g: [Double] = []
                        let v = kernel.valueAndGradient(parameters: p, gradient: &g)
                        let what = "\(spec) inputs=\(inputs) n=\(count) \(loss.name)"
                        XCTAssertLessThanOrEqual(abs(v - value) / abs(value), 1e-12, "value of \(what)")
                        XCTAssertEqual(kernel.value(parameters: p), v, "value-only pass of \(what)")
                        let scale = gradient.map(abs).max() ?? 1
                        XCTAssertEqual(g.count, gradient.count)
                        for (i, (gi, ri)) in zip(g, gradient).enumerated() {
                            XCTAssertLessThanOrEqual(abs(gi - ri) / scale, 1e-10,
                                                     "gradient \(program.parameterNames[i]) of \(what): \(gi) vs \(ri)")
                        }
                    }
                }
            }
        }
    }

    func testDenseLayersGiveTheSameBitsForAnyThreadCount() throws {
        let (program, network, columns, p) = try setUp("mlp:16,16", inputs: 2, count: 10_007, loss: .mse)
        let w = 1 / Double(10_007)
        let one = ObjectiveKernel(program, columns: columns, weight: w, threads: 1, network: network)
        let two = ObjectiveKernel(program, columns: columns, weight: w, threads: 2, network: network)
        XCTAssertEqual(two.threads, 2)
        var g1: [Double] = [], g2: [Double] = []
        for _ in 0..<3 {
            XCTAssertEqual(one.valueAndGradient(parameters: p, gradient: &g1),
                           two.valueAndGradient(parameters: p, gradient: &g2))
            XCTAssertEqual(g1, g2)
        }
    }

    /// Training a built-in MLP uses the dense path, and its history matches a formula-only run of the same model
    /// (the block program) within 1e-9 relative after 200 Adam steps.
    func testTrainerUsesDenseLayersForBuiltinMLPs() throws {
        let builtin = BuiltinModel.mlp(widths: [8], activation: .tanh)
        let model = Model(formula: try builtin.expression(inputs: ["x"]), inputs: ["x"], builtin: builtin)
        let formulaOnly = Model(formula: model.formula, inputs: ["x"])
        var generator = DataGenerator.blog
        generator.points = 300
        var config = TrainingConfig(data: .generated(generator), model: model,
                                    optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 1e-2,
                                    epochs: 200)
        var rng = Xoshiro256StarStar(seed: 3)
        let start = model.initialValues(using: &rng, overrides: [:])
        config.initialValues = Dictionary(uniqueKeysWithValues: zip(model.parameterNames, start))
        let dense = try Trainer.run(config, threads: 1)
        config.model = formulaOnly
        let formula = try Trainer.run(config, threads: 1)
        XCTAssertEqual(dense.history.count, 200)
        for (a, b) in zip(dense.history, formula.history) {
            XCTAssertLessThanOrEqual(abs(a - b) / abs(b), 1e-9)
        }
        XCTAssertLessThan(dense.history.last!, dense.history.first! / 2, "the network learns")
    }
}

extension DenseNetworkTests {
    /// The dense path's value and gradient bits for a fixed network and data, recorded once: the same on every
    /// platform and at every vector level (the baseline SSE2 build, whose fused multiply-adds are libm's `fma`, and the
    /// AVX-512 build give this hash).
    func testDenseLayersGiveRecordedBits() throws {
        let (program, network, columns, p) = try setUp("mlp:16,16", inputs: 1, count: 3_001, loss: .mse)
        let kernel = ObjectiveKernel(program, columns: columns, weight: 1 / 3_001, network: network)
        var gradient: [Double] = []
        let value = kernel.valueAndGradient(parameters: p, gradient: &gradient)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in [value] + gradient { hash = (hash ^ v.bitPattern) &* 0x100_0000_01b3 }
        print("dense mlp:16,16 bits hash \(String(hash, radix: 16))")
        XCTAssertEqual(String(hash, radix: 16), Self.recordedHash)
    }

    static let recordedHash = "909f18347b6f3067"
}
