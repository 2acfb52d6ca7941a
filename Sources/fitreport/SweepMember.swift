import Configuration
import Foundation

/// One combination of a sweep's grid: its place in grid order, its run name and its fully applied settings.
struct SweepMember {
    /// 0-based position in grid order (the last key varies fastest); the Slurm array task id.
    var index: Int
    /// The varying key=value pairs, in the order the keys were given.
    var label: [(key: String, value: String)]
    /// `lr=0.001_seed=1`-style run name (with the user's `--name` first), or empty for a grid of one.
    var name: String
    var config: RunConfig

    /// The members of `grid` over `base`, in grid order; `baseName` is the user's `--name`.
    static func expand(_ grid: SweepGrid, over base: RunConfig, baseName: String?) throws(ConfigError) -> [SweepMember] {
        try grid.expand(over: base).enumerated().map { i, combination in
            let label = combination.label.map { (key: $0.0, value: $0.1) }
            return SweepMember(index: i, label: label, name: runName(base: baseName, label: label),
                               config: combination.config)
        }
    }

    /// `lr=0.001_epochs=100`-style run name from the varying values (and the user's --name).
    static func runName(base: String?, label: [(key: String, value: String)]) -> String {
        let parts = label.map { "\($0.key)=\($0.value)" }
        return ([base].compactMap { $0 } + parts).joined(separator: "_")
    }

    /// The arguments of `fitreport run` (without the program name) that make this member's run: the user's flags
    /// with this member's values, then the output options.
    func runArguments(options: RunOptions, output: OutputOptions, format: String) -> [String] {
        let overrides = Dictionary(label.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        var args = ["run"] + options.arguments(overrides: overrides)
        args += Self.outputArguments(output, format: format)
        if !name.isEmpty { args += ["--name", name] }
        return args
    }

    /// `--out`, `--templates`, `--format`, `--self-contained` as given to the sweep (defaults left out, except `--out`).
    static func outputArguments(_ output: OutputOptions, format: String) -> [String] {
        var args = ["--out", output.out]
        if let templates = output.templates { args += ["--templates", templates] }
        if format != "png,svg" { args += ["--format", format] }
        if output.selfContained { args.append("--self-contained") }
        return args
    }

    /// The settings as a config file `fitreport run --config` loads: every key of `RunConfig`, unset ones left out.
    func configJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(config) + Data("\n".utf8)
    }

    /// Quotes an argument for a POSIX shell when it needs it.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_.,:=/+@%".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
