/// Setting values from text, as given on the command line (`--lr 0.01`).
extension RunConfig {
    /// Keys whose value is a number or a name without commas, so a comma-separated list means "one run each".
    public static let sweepableKeys: Set<String> = [
        "lr", "epochs", "seed", "points", "noise", "loss", "huber-delta", "optimizer", "momentum", "beta1", "beta2",
        "eps", "scale", "dpi", "style", "loss-scale", "smooth", "inputs", "validation", "batch-size", "lr-schedule",
        "warmup", "early-stop", "min-delta", "tolerance", "clip-grad-norm",
    ]

    /// What kind of value a setting takes.
    public enum ValueKind: Sendable {
        case text, number, wholeNumber, flag
    }

    /// The kind of value of every setting, by key (the long flag name without `--`).
    public static let valueKinds: [String: ValueKind] = [
        "model": .text, "generate": .text, "noise": .number, "points": .wholeNumber, "x-range": .text, "data": .text,
        "x": .text, "y": .text, "loss": .text, "huber-delta": .number, "optimizer": .text, "momentum": .number,
        "nesterov": .flag, "beta1": .number, "beta2": .number, "eps": .number, "lr": .number, "epochs": .wholeNumber,
        "seed": .wholeNumber, "init": .text, "normalize": .flag, "scale": .number, "size": .text, "dpi": .number,
        "style": .text, "loss-scale": .text, "smooth": .number, "inputs": .wholeNumber, "validation": .number,
        "validation-data": .text, "batch-size": .wholeNumber, "lr-schedule": .text, "warmup": .wholeNumber,
        "early-stop": .wholeNumber, "min-delta": .number, "tolerance": .number, "clip-grad-norm": .number,
        "restore-best": .flag, "figures": .text, "landscape": .text, "animate": .flag,
    ]

    /// Sets `key` (a long flag name without `--`) from `text` — the one place that maps keys to fields, used by the
    /// command line and by config files. Errors name the flag and say what was expected.
    public mutating func set(_ key: String, to text: String) throws(ConfigError) {
        let flag = "--" + key
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let kind = Self.valueKinds[key] else {
            throw ConfigError(key: flag, "is not a setting; known: " + Self.keys.joined(separator: ", "))
        }
        var number = 0.0, whole = 0, truth = false
        switch kind {
        case .text: break
        case .number:
            guard let v = Double(trimmed) else { throw ConfigError(key: flag, "expected a number, got '\(text)'") }
            number = v
        case .wholeNumber:
            guard let v = Int(trimmed), key != "seed" || v >= 0 else {
                throw ConfigError(key: flag, "expected a whole number\(key == "seed" ? " ≥ 0" : ""), got '\(text)'")
            }
            whole = v
        case .flag:
            guard let v = Bool(trimmed.lowercased()) else {
                throw ConfigError(key: flag, "expected true or false, got '\(text)'")
            }
            truth = v
        }
        switch key {
        case "model": model = text
        case "generate": generate = text
        case "noise": noise = number
        case "points": points = whole
        case "x-range": xRange = text
        case "data": data = text
        case "x": x = text
        case "y": y = text
        case "loss": loss = text
        case "huber-delta": huberDelta = number
        case "optimizer": optimizer = text
        case "momentum": momentum = number
        case "nesterov": nesterov = truth
        case "beta1": beta1 = number
        case "beta2": beta2 = number
        case "eps": eps = number
        case "lr": lr = number
        case "epochs": epochs = whole
        case "seed": seed = UInt64(whole)
        case "init": `init` = text
        case "normalize": normalize = truth
        case "scale": scale = number
        case "size": size = text
        case "dpi": dpi = number
        case "style": style = text
        case "loss-scale": lossScale = text
        case "smooth": smooth = number
        case "inputs": inputs = whole
        case "validation": validation = number
        case "validation-data": validationData = text
        case "batch-size": batchSize = whole
        case "lr-schedule": lrSchedule = text
        case "warmup": warmup = whole
        case "early-stop": earlyStop = whole
        case "min-delta": minDelta = number
        case "tolerance": tolerance = number
        case "clip-grad-norm": clipGradNorm = number
        case "restore-best": restoreBest = truth
        case "figures": figures = text
        case "landscape": landscape = text
        case "animate": animate = truth
        default: break  // unreachable: `valueKinds` was checked above
        }
    }
}

/// A grid of runs: every combination of the listed values, in the order the keys were given.
public struct SweepGrid: Sendable {
    /// (key, values) in the order given; keys with one value are plain settings.
    public var axes: [(key: String, values: [String])]

    public init(axes: [(key: String, values: [String])]) { self.axes = axes }

    /// Splits comma-separated values of sweepable keys into lists (an empty item stays, for `expand` to reject).
    public init(settings: [(key: String, value: String)]) {
        axes = settings.map { key, value in
            RunConfig.sweepableKeys.contains(key)
                ? (key, value.split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) })
                : (key, [value])
        }
    }

    /// The keys that vary.
    public var sweptKeys: [String] { axes.filter { $0.values.count > 1 }.map(\.key) }

    /// Every combination, the last key varying fastest: (settings applied over `base`, the varying key=value pairs).
    public func expand(over base: RunConfig) throws(ConfigError) -> [(config: RunConfig, label: [(String, String)])] {
        var results: [(RunConfig, [(String, String)])] = [(base, [])]
        for (key, values) in axes {
            guard !values.isEmpty else { throw ConfigError(key: "--" + key, "the list of values is empty") }
            guard !values.contains("") else {
                throw ConfigError(key: "--" + key, "the list '\(values.joined(separator: ","))' has an empty value; "
                    + "give values separated by single commas, e.g. 1e-3,1e-2")
            }
            var next: [(RunConfig, [(String, String)])] = []
            for (config, label) in results {
                for value in values {
                    var c = config
                    try c.set(key, to: value)
                    next.append((c, values.count > 1 ? label + [(key, value)] : label))
                }
            }
            results = next
        }
        return results.map { (config: $0.0, label: $0.1) }
    }
}

