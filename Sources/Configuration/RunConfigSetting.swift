/// Setting values from text, as given on the command line (`--lr 0.01`).
extension RunConfig {
    /// Keys whose value is a number or a name without commas, so a comma-separated list means "one run each".
    public static let sweepableKeys: Set<String> = [
        "lr", "epochs", "seed", "points", "noise", "loss", "huber-delta", "optimizer", "momentum", "beta1", "beta2",
        "eps", "scale", "dpi", "style", "loss-scale", "smooth",
    ]

    /// Sets `key` (a long flag name without `--`) from `text`; errors name the flag and say what was expected.
    public mutating func set(_ key: String, to text: String) throws(ConfigError) {
        let flag = "--" + key
        func number() throws(ConfigError) -> Double {
            guard let v = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigError(key: flag, "expected a number, got '\(text)'")
            }
            return v
        }
        func integer() throws(ConfigError) -> Int {
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigError(key: flag, "expected a whole number, got '\(text)'")
            }
            return v
        }
        switch key {
        case "model": model = text
        case "generate": generate = text
        case "noise": noise = try number()
        case "points": points = try integer()
        case "x-range": xRange = text
        case "data": data = text
        case "x": x = text
        case "y": y = text
        case "loss": loss = text
        case "huber-delta": huberDelta = try number()
        case "optimizer": optimizer = text
        case "momentum": momentum = try number()
        case "beta1": beta1 = try number()
        case "beta2": beta2 = try number()
        case "eps": eps = try number()
        case "lr": lr = try number()
        case "epochs": epochs = try integer()
        case "seed":
            guard let v = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigError(key: flag, "expected a whole number ≥ 0, got '\(text)'")
            }
            seed = v
        case "init": `init` = text
        case "scale": scale = try number()
        case "size": size = text
        case "dpi": dpi = try number()
        case "style": style = text
        case "loss-scale": lossScale = text
        case "smooth": smooth = try number()
        default: throw ConfigError(key: flag, "is not a setting; known: " + Self.keys.joined(separator: ", "))
        }
    }
}

/// A grid of runs: every combination of the listed values, in the order the keys were given.
public struct SweepGrid: Sendable {
    /// (key, values) in the order given; keys with one value are plain settings.
    public var axes: [(key: String, values: [String])]

    public init(axes: [(key: String, values: [String])]) { self.axes = axes }

    /// Splits comma-separated values of sweepable keys into lists.
    public init(settings: [(key: String, value: String)]) {
        axes = settings.map { key, value in
            RunConfig.sweepableKeys.contains(key)
                ? (key, value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
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

extension RunConfig {
    /// The value of setting `key` as text (as a flag would take it), or `nil` when unset.
    public func value(forKey key: String) -> String? {
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)" }
        switch key {
        case "model": return model
        case "generate": return generate
        case "noise": return number(noise)
        case "points": return "\(points)"
        case "x-range": return xRange
        case "data": return data
        case "x": return x
        case "y": return y
        case "loss": return loss
        case "huber-delta": return number(huberDelta)
        case "optimizer": return optimizer
        case "momentum": return number(momentum)
        case "nesterov": return "\(nesterov)"
        case "beta1": return number(beta1)
        case "beta2": return number(beta2)
        case "eps": return "\(eps)"
        case "lr": return "\(lr)"
        case "epochs": return "\(epochs)"
        case "seed": return "\(seed)"
        case "init": return `init`
        case "normalize": return "\(normalize)"
        case "scale": return number(scale)
        case "size": return size
        case "dpi": return number(dpi)
        case "style": return style
        case "loss-scale": return lossScale
        case "smooth": return "\(smooth)"
        default: return nil
        }
    }
}
