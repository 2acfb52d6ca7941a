import ArgumentParser
import Configuration

/// The settings of a run as flags. Every flag is optional: unset flags keep the config file's value, or the default.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("YAML or JSON file with settings (keys as the long flags); a run.json reruns that run.",
                               valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("Model formula in x; other names are trainable parameters. (default: a*x^2 + b*x + c)",
                               valueName: "FORMULA"))
    var model: String?

    @Option(help: ArgumentHelp("Initial values, e.g. a=1,b=0.5; the rest are drawn from N(0, 1).", valueName: "LIST"))
    var `init`: String?

    @Option(help: ArgumentHelp("Loss: mse, mae or huber. (default: mse)", valueName: "NAME"))
    var loss: String?

    @Option(name: .customLong("huber-delta"), help: "Threshold of the Huber loss. (default: 1)")
    var huberDelta: String?

    @Option(help: ArgumentHelp("Optimizer: sgd, momentum or adam. (default: sgd)", valueName: "NAME"))
    var optimizer: String?

    @Option(help: "Learning rate. (default: 0.001)")
    var lr: String?

    @Option(help: "Training epochs. (default: 15000)")
    var epochs: String?

    @Option(help: "Momentum factor for --optimizer momentum. (default: 0.9)")
    var momentum: String?

    @Flag(inversion: .prefixedNo, help: "Nesterov momentum for --optimizer momentum.")
    var nesterov: Bool?

    @Option(help: "Adam β₁. (default: 0.9)")
    var beta1: String?

    @Option(help: "Adam β₂. (default: 0.999)")
    var beta2: String?

    @Option(help: "Adam ε. (default: 1e-8)")
    var eps: String?

    @Option(help: "Random seed: noise first, then initial parameters. (default: 0)")
    var seed: String?

    @Option(help: ArgumentHelp("Formula in x that generates the data. (default: 20*x^2 + 5*x - 3)",
                               valueName: "FORMULA"))
    var generate: String?

    @Option(help: "Standard deviation of the generated noise. (default: 1)")
    var noise: String?

    @Option(help: "Number of generated points. (default: 100)")
    var points: String?

    @Option(name: .customLong("x-range"), help: ArgumentHelp("Range of generated x, LOW:HIGH. (default: 0:1)",
                                                             valueName: "LOW:HIGH"))
    var xRange: String?

    @Option(help: ArgumentHelp("CSV (or TSV, whitespace-separated) file to fit instead of generated data.",
                               valueName: "FILE"))
    var data: String?

    @Option(help: ArgumentHelp("Column of --data holding x: a header name or 1-based index. (default: 1)",
                               valueName: "COL"))
    var x: String?

    @Option(help: ArgumentHelp("Column of --data holding y: a header name or 1-based index. (default: 2)",
                               valueName: "COL"))
    var y: String?

    @Flag(inversion: .prefixedNo, help: "Train on standardized x and y; report parameters in original units.")
    var normalize: Bool?

    @Option(help: "PNG scale: 1 gives 640×480 px figures, 2 gives 1280×960. (default: 1)")
    var scale: String?

    @Option(help: ArgumentHelp("Figure size in inches, WIDTHxHEIGHT. (default: 6.4x4.8)", valueName: "WxH"))
    var size: String?

    @Option(help: "PNG pixels per inch at --scale 1. (default: 100)")
    var dpi: String?

    @Option(help: ArgumentHelp("Figure style: default or dark. (default: default)", valueName: "NAME"))
    var style: String?

    @Option(name: .customLong("loss-scale"),
            help: ArgumentHelp("Loss axis: auto, log or linear; auto is log when the loss spans more than two decades. (default: auto)", valueName: "SCALE"))
    var lossScale: String?

    @Option(help: ArgumentHelp("Draw an exponential moving average (factor, e.g. 0.9) over the loss curve. (default: 0, off)", valueName: "FACTOR"))
    var smooth: String?

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
        ]
        return all.compactMap { key, value in value.map { (key, $0) } }
    }

    /// Defaults, then the config file; the flags are applied by the caller (one value each, or a sweep).
    func baseConfig() throws(ConfigError) -> RunConfig {
        var c = RunConfig()
        if let config { c = try ConfigFile.load(config, over: c) }
        if let nesterov { c.nesterov = nesterov }
        if let normalize { c.normalize = normalize }
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
        return args
    }
}
