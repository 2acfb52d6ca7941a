import ArgumentParser
import Configuration

/// The settings of a run as flags. Every flag is optional: unset flags keep the config file's value, or the default.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("YAML or JSON file with settings (keys as the long flags); a run.json reruns that run.",
                               valueName: "FILE"))
    var config: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Model: a formula in the inputs (x, or x1…xk / the --x column names) whose other names "
                               + "are trainable parameters, or poly:DEGREE, or mlp:16,16[:tanh|relu|sigmoid]. "
                               + "(default: a*x^2 + b*x + c)", valueName: "MODEL"))
    var model: String?

    @Option(help: ArgumentHelp("Initial values, e.g. a=1,b=0.5; the rest are drawn from N(0, 1).", valueName: "LIST"))
    var `init`: String?

    @Option(help: ArgumentHelp("Loss: mse, mae or huber. (default: mse)", valueName: "NAME"))
    var loss: String?

    @Option(name: .customLong("huber-delta"), parsing: .unconditional, help: "Threshold of the Huber loss. (default: 1)")
    var huberDelta: String?

    @Option(help: ArgumentHelp("Optimizer: sgd, momentum or adam. (default: sgd)", valueName: "NAME"))
    var optimizer: String?

    @Option(parsing: .unconditional, help: "Learning rate. (default: 0.001)")
    var lr: String?

    @Option(parsing: .unconditional, help: "Training epochs. (default: 15000)")
    var epochs: String?

    @Option(parsing: .unconditional, help: "Momentum factor for --optimizer momentum. (default: 0.9)")
    var momentum: String?

    @Flag(inversion: .prefixedNo, help: "Nesterov momentum for --optimizer momentum.")
    var nesterov: Bool?

    @Option(parsing: .unconditional, help: "Adam β₁. (default: 0.9)")
    var beta1: String?

    @Option(parsing: .unconditional, help: "Adam β₂. (default: 0.999)")
    var beta2: String?

    @Option(parsing: .unconditional, help: "Adam ε. (default: 1e-8)")
    var eps: String?

    @Option(parsing: .unconditional, help: "Random seed: noise first, then initial parameters. (default: 0)")
    var seed: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Formula in x (or x1…xk with --inputs K) that generates the data. "
                               + "(default: 20*x^2 + 5*x - 3)", valueName: "FORMULA"))
    var generate: String?

    @Option(parsing: .unconditional, help: "Standard deviation of the generated noise. (default: 1)")
    var noise: String?

    @Option(parsing: .unconditional, help: "Number of generated points. (default: 100)")
    var points: String?

    @Option(name: .customLong("x-range"), parsing: .unconditional, help: ArgumentHelp("Range of generated x, LOW:HIGH. (default: 0:1)",
                                                             valueName: "LOW:HIGH"))
    var xRange: String?

    @Option(help: ArgumentHelp("CSV (or TSV, whitespace-separated) file to fit instead of generated data.",
                               valueName: "FILE"))
    var data: String?

    @Option(help: ArgumentHelp("Input column(s) of --data: header names or 1-based indices, comma-separated "
                               + "(x1,x2,…); formulas use the names (or x1…xk; x for one input). (default: 1)",
                               valueName: "COLS"))
    var x: String?

    @Option(help: ArgumentHelp("Column of --data holding y: a header name or 1-based index. (default: 2)",
                               valueName: "COL"))
    var y: String?

    @Option(parsing: .unconditional,
            help: "Generated inputs: 1 gives x on a grid, K > 1 gives x1…xK drawn uniformly from --x-range. (default: 1)")
    var inputs: String?

    @Flag(inversion: .prefixedNo, help: "Train on standardized x and y; report parameters in original units.")
    var normalize: Bool?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Hold out this fraction of the rows (seeded) and record the validation loss every epoch, "
                               + "e.g. 0.2.", valueName: "FRACTION"))
    var validation: String?

    @Option(name: .customLong("validation-data"),
            help: ArgumentHelp("A second data file with the same columns, used as the validation set.",
                               valueName: "FILE"))
    var validationData: String?

    @Option(name: .customLong("batch-size"), parsing: .unconditional,
            help: ArgumentHelp("Mini-batch size: one update per batch, rows reshuffled every epoch. (default: all rows)",
                               valueName: "B"))
    var batchSize: String?

    @Option(name: .customLong("lr-schedule"),
            help: ArgumentHelp("Learning-rate schedule per epoch: constant, step:EVERY:FACTOR, exp:GAMMA or "
                               + "cosine[:MIN_LR] (torch's StepLR, ExponentialLR, CosineAnnealingLR). (default: constant)",
                               valueName: "SCHEDULE"))
    var lrSchedule: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Linear learning-rate warm-up over N epochs before the schedule. (default: 0)",
                               valueName: "N"))
    var warmup: String?

    @Option(name: .customLong("early-stop"), parsing: .unconditional,
            help: ArgumentHelp("Stop after PATIENCE epochs without improvement of the validation loss (the training "
                               + "loss without a validation set).", valueName: "PATIENCE"))
    var earlyStop: String?

    @Option(name: .customLong("min-delta"), parsing: .unconditional,
            help: ArgumentHelp("Smallest decrease that counts as an improvement for --early-stop. (default: 0)",
                               valueName: "D"))
    var minDelta: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Stop when the training loss changes by less than this fraction over 100 epochs.",
                               valueName: "T"))
    var tolerance: String?

    @Option(name: .customLong("clip-grad-norm"), parsing: .unconditional,
            help: ArgumentHelp("Scale each gradient down to at most this L2 norm (torch's clip_grad_norm_).",
                               valueName: "C"))
    var clipGradNorm: String?

    @Flag(name: .customLong("restore-best"), inversion: .prefixedNo,
          help: "End with the parameters of the epoch with the best validation (or training) loss.")
    var restoreBest: Bool?

    @Option(parsing: .unconditional, help: "PNG scale: 1 gives 640×480 px figures, 2 gives 1280×960. (default: 1)")
    var scale: String?

    @Option(help: ArgumentHelp("Figure size in inches, WIDTHxHEIGHT. (default: 6.4x4.8)", valueName: "WxH"))
    var size: String?

    @Option(parsing: .unconditional, help: "PNG pixels per inch at --scale 1. (default: 100)")
    var dpi: String?

    @Option(help: ArgumentHelp("Figure style: default or dark. (default: default)", valueName: "NAME"))
    var style: String?

    @Option(name: .customLong("loss-scale"),
            help: ArgumentHelp("Loss axis: auto, log or linear; auto is log when the loss spans more than two decades. (default: auto)", valueName: "SCALE"))
    var lossScale: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Draw an exponential moving average (factor, e.g. 0.9) over the loss curve. (default: 0, off)", valueName: "FACTOR"))
    var smooth: String?

    @Option(help: ArgumentHelp("Figures to draw, comma-separated from dataset, before, loss, after, residuals, series, "
                               + "landscape, trajectories. (default: all the run supports; landscape and trajectories "
                               + "for 2–10 parameters)", valueName: "LIST"))
    var figures: String?

    @Option(help: ArgumentHelp("The loss landscape's two parameters, A,B. (default: the two that travelled farthest)",
                               valueName: "A,B"))
    var landscape: String?

    @Flag(inversion: .prefixedNo, help: "Write an animation of the fit, figures/training.webp.")
    var animate: Bool?

    @Option(help: "Worker threads for training (results are identical for any value). (default: the number of cores)")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 || threads > 256 {
            throw ValidationError("--threads must be between 1 and 256, got \(threads)")
        }
    }

    /// The settings given as flags, as (key, text) in a fixed order; lists stay unsplit.
    func settings() -> [(key: String, value: String)] {
        let all: [(String, String?)] = [
            ("model", model), ("init", `init`), ("loss", loss), ("huber-delta", huberDelta),
            ("optimizer", optimizer), ("lr", lr), ("epochs", epochs), ("momentum", momentum), ("beta1", beta1),
            ("beta2", beta2), ("eps", eps), ("seed", seed), ("generate", generate), ("noise", noise),
            ("points", points), ("x-range", xRange), ("data", data), ("x", x), ("y", y), ("scale", scale),
            ("size", size), ("dpi", dpi), ("style", style), ("loss-scale", lossScale), ("smooth", smooth),
            ("inputs", inputs), ("validation", validation), ("validation-data", validationData),
            ("batch-size", batchSize), ("lr-schedule", lrSchedule), ("warmup", warmup), ("early-stop", earlyStop),
            ("min-delta", minDelta), ("tolerance", tolerance), ("clip-grad-norm", clipGradNorm),
            ("figures", figures), ("landscape", landscape),
        ]
        return all.compactMap { key, value in value.map { (key, $0) } }
    }

    /// Defaults, then the config file; the flags are applied by the caller (one value each, or a sweep).
    func baseConfig() throws(ConfigError) -> RunConfig {
        var c = RunConfig()
        if let config { c = try ConfigFile.load(config, over: c) }
        if let nesterov { c.nesterov = nesterov }
        if let normalize { c.normalize = normalize }
        if let restoreBest { c.restoreBest = restoreBest }
        if let animate { c.animate = animate }
        return c
    }

    /// Defaults, then the config file, then the flags.
    func runConfig() throws(ConfigError) -> RunConfig {
        var c = try baseConfig()
        for (key, value) in settings() { try c.set(key, to: value) }
        return c
    }

    /// The flags again, as arguments of `fitreport run` (for --print-commands), with `overrides` replacing values.
    func arguments(overrides: [String: String]) -> [String] {
        var args: [String] = []
        if let config { args += ["--config", config] }
        for (key, value) in settings() { args += ["--" + key, overrides[key] ?? value] }
        if let nesterov { args.append(nesterov ? "--nesterov" : "--no-nesterov") }
        if let normalize { args.append(normalize ? "--normalize" : "--no-normalize") }
        if let restoreBest { args.append(restoreBest ? "--restore-best" : "--no-restore-best") }
        if let animate { args.append(animate ? "--animate" : "--no-animate") }
        return args
    }
}
