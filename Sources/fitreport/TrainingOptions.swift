import ArgumentParser
import Training

/// Options that determine the training run.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Number of training epochs.")
    var epochs: Int = 15000

    @Option(help: "Learning rate of gradient descent.")
    var lr: Double = 1e-3

    @Option(help: "Seed of the random generator (noise, then initial parameters).")
    var seed: UInt64 = 0

    @Option(help: "Number of generated data points.")
    var points: Int = 100

    @Option(help: "Standard deviation of the Gaussian noise added to the generated data.")
    var noise: Double = 1

    func validate() throws {
        if let problem = config().validationErrors().first { throw ValidationError(problem) }
    }

    /// The training configuration these options describe.
    func config() -> TrainingConfig {
        var data = DataGenerator.blog
        data.points = points
        data.noise = noise
        return TrainingConfig(seed: seed, data: .generated(data), learningRate: lr, epochs: epochs)
    }
}
