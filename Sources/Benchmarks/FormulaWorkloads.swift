import Foundation
import Training

/// Training workloads beyond the seed's quadratic (issue 13's table): general formulas and a built-in MLP, trained
/// with Adam (lr 1e-3) on one input. `bench/peers/jax_formula.py` and `torch_formula.py` run the same models on the
/// same kind of data, so the rows compare as ratios.
enum FormulaWorkloads {
    /// One of the models.
    struct Case {
        let name: String
        let model: String
        let points: Int
        let epochs: Int
        let quickEpochs: Int
    }

    /// `w0*tanh(v0*x + u0) + … + w7*tanh(v7*x + u7) + c`: an 8-unit tanh network written as a formula.
    static let tanhNetwork = (0..<8).map { "w\($0)*tanh(v\($0)*x + u\($0))" }.joined(separator: " + ") + " + c"

    static let cases: [Case] = [
        Case(name: "train-sin-n100", model: "a*sin(b*x) + c", points: 100, epochs: 20_000, quickEpochs: 4_000),
        Case(name: "train-sin-n1e5", model: "a*sin(b*x) + c", points: 100_000, epochs: 100, quickEpochs: 20),
        Case(name: "train-tanh8-n100", model: tanhNetwork, points: 100, epochs: 10_000, quickEpochs: 2_000),
        Case(name: "train-tanh8-n1e5", model: tanhNetwork, points: 100_000, epochs: 40, quickEpochs: 10),
        Case(name: "train-mlp16x16-n1e4", model: "mlp:16,16", points: 10_000, epochs: 60, quickEpochs: 15),
    ]

    /// x = linspace(−2, 2, n), y = 2·sin(3x) + 0.5 + 0.1·N(0, 1) (seed 0): smooth enough for every model here.
    static func data(points: Int) -> Dataset {
        let x = Dataset.linspace(-2, 2, count: points)
        var rng = Xoshiro256StarStar(seed: 0)
        let y = x.map { 2 * Foundation.sin(3 * $0) + 0.5 + 0.1 * rng.nextGaussian() }
        return Dataset(x: x, y: y)
    }

    /// The model of `text`: a built-in (`mlp:…`) or a formula in x.
    static func model(_ text: String) throws -> Model {
        if let builtin = try BuiltinModel.parse(text) {
            return Model(formula: try builtin.expression(inputs: ["x"]), inputs: ["x"], builtin: builtin)
        }
        return Model(formula: try Formula.parse(text))
    }

    /// µs per epoch of the training loop alone (loss, gradient and an Adam step per epoch, as JAX's `lax.scan`
    /// loop), planning the kernel included; initial parameters as `fitreport run` draws them (seed 0).
    static func run(_ c: Case, threads: Int, repetitions: Int, quick: Bool) throws -> BenchResult {
        let dataset = data(points: c.points)
        let epochs = quick ? c.quickEpochs : c.epochs
        let model = try model(c.model)
        let program = try Program(Loss.mse.objective(for: model), variables: ["x", "y"],
                                  parameters: model.parameterNames)
        let network = DenseNetwork(model: model, loss: .mse, parameterNames: model.parameterNames)
        var rng = Xoshiro256StarStar(seed: 0)
        let initial = model.initialValues(using: &rng, overrides: [:])
        var samples: [Double] = []
        var kernelThreads = 1
        var engine = ""
        var sink = 0.0
        for _ in 0..<repetitions {
            let elapsed = try seconds {
                let kernel = ObjectiveKernel(program, columns: [dataset.x, dataset.y], weight: 1 / Double(c.points),
                                             threads: threads, network: network)
                kernelThreads = kernel.threads
                engine = kernel.strategy.rawValue
                let (parameters, lossSum) = TimedLoops.adam(on: kernel, from: initial, learningRate: 1e-3,
                                                            epochs: epochs)
                sink += lossSum
                guard parameters.allSatisfy(\.isFinite) else { throw BenchError.diverged(c.name) }
            }
            samples.append(elapsed / Double(epochs) * 1e6)
        }
        consume(sink)
        let shown = c.model.count > 40 ? "8-unit tanh formula" : c.model
        return BenchResult(
            name: c.name,
            summary: "fitreport: \(shown), \(c.points) points, MSE, Adam lr 1e-3, \(epochs) epochs (kernel + Adam)",
            unit: "us/epoch", samples: samples, threads: kernelThreads, engine: engine)
    }
}

/// A workload that could not produce a meaningful time.
enum BenchError: Error, CustomStringConvertible {
    case diverged(String)

    var description: String {
        switch self {
        case .diverged(let name): "\(name): the parameters became non-finite"
        }
    }
}
