import Foundation
import Training

/// Training workloads on the seed problem (y = 20x² + 5x − 3 + N(0, 1) on [0, 1], f = ax² + bx + c, MSE, SGD
/// lr 1e-3): the fast path through `Trainer.run`, and the straightforward interpreter (`Evaluator`) as the baseline.
enum TrainingWorkloads {
    /// The seed data set with `points` points (seed 0), generated once per workload.
    static func seedData(points: Int) throws -> Dataset {
        var generator = DataGenerator.blog
        generator.points = points
        var rng = Xoshiro256StarStar(seed: 0)
        return try generator.generate(using: &rng)
    }

    /// µs per epoch of `Trainer.run` (its `trainingSeconds`, which includes compiling and planning the objective,
    /// divided by the epochs run).
    static func trainer(name: String, data: Dataset, epochs: Int, threads: Int, repetitions: Int,
                        batchSize: Int? = nil, validation: Double? = nil) throws -> BenchResult
    {
        var config = TrainingConfig(data: .provided(data), epochs: epochs)
        config.batchSize = batchSize
        if let validation { config.validation = .fraction(validation) }
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let run = try Trainer.run(config, threads: threads)
            samples.append(run.trainingSeconds / Double(max(run.history.count, 1)) * 1e6)
        }
        let program = try Program(Loss.mse.objective(for: .quadratic), variables: ["x", "y"],
                                  parameters: ["a", "b", "c"])
        let kernel = ObjectiveKernel(program, columns: [data.x, data.y], weight: 1 / Double(data.count),
                                     threads: threads)
        var what = "\(data.count) points"
        if let batchSize { what += ", mini-batches of \(batchSize)" }
        if let validation { what += ", \(Int(validation * 100)) % held out for validation" }
        return BenchResult(
            name: name,
            summary: "fitreport: \(what), quadratic, MSE, SGD, \(epochs) epochs (Trainer.run)",
            unit: "us/epoch", samples: samples, threads: kernel.threads, engine: kernel.strategy.rawValue)
    }

    /// µs of one forward pass (the loss value alone) over `data`'s rows: what a validation loss costs per epoch.
    static func forward(name: String, data: Dataset, repetitions: Int) throws -> BenchResult {
        let program = try Program(Loss.mse.objective(for: .quadratic), variables: ["x", "y"],
                                  parameters: ["a", "b", "c"])
        let kernel = ObjectiveKernel(program, columns: [data.x, data.y], weight: 1 / Double(data.count))
        let calls = max(1, 2_000_000 / max(data.count, 1))
        var samples: [Double] = []
        var sink = 0.0
        let parameters = [0.5, -0.3, 0.1]
        for _ in 0..<repetitions {
            let elapsed = seconds { sink += TimedLoops.values(of: kernel, at: parameters, calls: calls) }
            samples.append(elapsed / Double(calls) * 1e6)
        }
        consume(sink)
        return BenchResult(name: name, summary: "fitreport: loss value alone over \(data.count) rows (a validation pass)",
                           unit: "us/epoch", samples: samples, threads: 1, engine: kernel.strategy.rawValue)
    }

    /// µs per epoch of the straightforward loop: `Evaluator.sumAndGradient` (the reference interpreter) and SGD.
    static func interpreter(name: String, data: Dataset, epochs: Int, repetitions: Int) throws -> BenchResult {
        let program = try Program(Loss.mse.objective(for: .quadratic), variables: ["x", "y"],
                                  parameters: ["a", "b", "c"])
        let columns = [data.x, data.y]
        let weight = 1 / Double(data.count)
        var samples: [Double] = []
        var sink = 0.0
        for _ in 0..<repetitions {
            let evaluator = Evaluator(program)
            let elapsed = seconds {
                sink += TimedLoops.interpreterSGD(evaluator, columns: columns, weight: weight,
                                                  from: [0.5, -0.3, 0.1], learningRate: 1e-3, epochs: epochs).lossSum
            }
            samples.append(elapsed / Double(epochs) * 1e6)
        }
        consume(sink)
        return BenchResult(
            name: name,
            summary: "baseline: \(data.count) points, the reference interpreter (Evaluator) + SGD, \(epochs) epochs",
            unit: "us/epoch", samples: samples, threads: 1, engine: "interpreter")
    }
}
