import Foundation
import YAML

/// Reads a YAML or JSON config file into a `RunConfig`, checking every key and type.
///
/// A `run.json` written by fitreport is accepted too (its `settings`, or version 1's `config`), so a run can be
/// repeated.
public enum ConfigFile {
    /// Applies the settings in the file at `path` on top of `base`.
    public static func load(_ path: String, over base: RunConfig = RunConfig()) throws(ConfigError) -> RunConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw ConfigError(key: "", missing ? "config file not found: \(path)" :
                              "cannot read config file \(path) as UTF-8 text: \(error.localizedDescription)")
        }
        return try parse(text, file: path, over: base)
    }

    /// Applies the settings in `text` (YAML or JSON) on top of `base`; `file` names the source in errors.
    public static func parse(_ text: String, file: String, over base: RunConfig = RunConfig()) throws(ConfigError)
        -> RunConfig
    {
        let root: YAMLNode?
        do {
            root = try YAMLNode.compose(text, limits: limits(forBytes: text.utf8.count))
        } catch {
            throw Self.syntaxError(error, file: file)
        }
        guard let root else { return base }
        guard case .mapping(let mapping) = root else {
            throw ConfigError(key: "", "the file must hold a mapping of settings (key: value)",
                              location: location(file, root))
        }
        var pairs = mapping.pairs
        // A run.json of schema version 2: its `settings` list of {key, value}, when the run came from `fitreport run`.
        if mapping["schema_version"] != nil, let list = mapping["settings"] {
            if case .mapping(let source)? = mapping["source"], source["kind"]?.string != "fitreport" {
                throw ConfigError(key: "", "\(file) is the run.json of an imported or Swift-logged run; only runs of "
                    + "`fitreport run` can be rerun from their settings (use `fitreport reproduce` for the others)")
            }
            guard case .sequence(let items) = list else {
                throw ConfigError(key: "settings", "expected a list of {key, value}", location: location(file, list))
            }
            var settings: [YAMLNode.Mapping.Element] = []
            for item in items {
                guard case .mapping(let pair) = item, let key = pair["key"], let value = pair["value"] else {
                    throw ConfigError(key: "settings", "expected {key, value}", location: location(file, item))
                }
                // A key given again replaces the earlier value in place.
                if let index = settings.firstIndex(where: { $0.key == key }) {
                    settings[index].value = value
                } else {
                    settings.append((key: key, value: value))
                }
            }
            pairs = settings
        }
        // A run.json of version 1 (fitreport 0.2): its `config` object.
        else if mapping["tool_version"] != nil, let inner = mapping["config"] {
            guard case .mapping(let m) = inner else {
                throw ConfigError(key: "config", "expected a mapping of settings", location: location(file, inner))
            }
            pairs = m.pairs
        }
        var config = base
        for (keyNode, value) in pairs {
            guard let key = keyNode.string else {
                throw ConfigError(key: "", "keys must be names", location: location(file, keyNode))
            }
            try apply(key: key, value: value, to: &config, file: file)
        }
        return config
    }

    /// Most values (aliases expanded) and deepest nesting a settings file of `bytes` bytes may hold, refused while
    /// reading so that an alias bomb costs nothing: 100,000 values as for the importers' YAML, or twice the file's
    /// bytes for a large run.json (its correlation matrix grows with the square of the parameters; written out, a
    /// YAML or JSON value takes at least a byte, so only aliases reach that many).
    static func limits(forBytes bytes: Int) -> YAMLLimits {
        YAMLLimits(maximumValues: max(100_000, 2 * bytes), maximumDepth: 256)
    }

    private static func location(_ file: String, _ node: YAMLNode) -> String {
        "\(file):\(node.mark.line):\(node.mark.column)"
    }

    /// Any error of the YAML parser (syntax, a duplicate key, an alias bomb, too deep) located in `file`.
    private static func syntaxError(_ error: YAMLError, file: String) -> ConfigError {
        var reason = error.reason
        if case .duplicateKeys = error { reason += ". Keep one of them." }
        return ConfigError(key: "", "invalid YAML/JSON: \(reason)",
                           location: error.mark.map { "\(file):\($0.line):\($0.column)" } ?? file)
    }

    /// Checks the YAML type of `value` against the setting's kind, then sets it through `RunConfig.set`.
    private static func apply(key: String, value: YAMLNode, to config: inout RunConfig, file: String)
        throws(ConfigError)
    {
        let at = location(file, value)
        guard let kind = RunConfig.valueKinds[key] else {
            let suggestion = RunConfig.keys.min { editDistance($0, key) < editDistance($1, key) }
            var message = "unknown key"
            if let suggestion, editDistance(suggestion, key) <= 2 { message += "; did you mean '\(suggestion)'?" }
            message += " Known keys: " + RunConfig.keys.joined(separator: ", ")
            throw ConfigError(key: key, message, location: at)
        }
        let text: String
        switch (key, value) {
        case ("x-range", .sequence(let seq)):
            let items = Array(seq)
            guard items.count == 2, let lo = plainNumber(items[0]), let hi = plainNumber(items[1]) else {
                throw ConfigError(key: key, "expected LOW:HIGH or [LOW, HIGH]", location: at)
            }
            text = "\(lo):\(hi)"
        case ("init", .mapping(let m)):
            var parts: [String] = []
            for (k, v) in m {
                guard let name = k.string, let number = plainNumber(v) else {
                    throw ConfigError(key: "init.\(k.string ?? "?")", "expected a number, found \(describe(v))",
                                      location: location(file, v))
                }
                parts.append("\(name)=\(number)")
            }
            text = parts.joined(separator: ",")
        case (_, .scalar(let scalar)):
            let ok: Bool
            switch kind {
            case .text: ok = true
            case .number: ok = plainNumber(value) != nil
            case .wholeNumber: ok = value.int != nil
            case .flag: ok = value.bool != nil
            }
            guard ok else {
                let expected = ["text": "a string", "number": "a number", "wholeNumber": "a whole number",
                                "flag": "true or false"]["\(kind)"] ?? "a value"
                throw ConfigError(key: key, "expected \(expected), found \(describe(value))", location: at)
            }
            text = kind == .flag ? "\(value.bool ?? false)" : scalar.string
        default:
            throw ConfigError(key: key, "expected \(kind == .text ? "a string" : "a single value"), found "
                              + describe(value), location: at)
        }
        do {
            try config.set(key, to: text)
        } catch {
            throw ConfigError(key: key, error.message, location: at)
        }
    }

    /// An unquoted scalar that reads as a number (quoted "0.1" is a string, not a number).
    private static func plainNumber(_ node: YAMLNode) -> Double? {
        guard case .scalar(let s) = node, s.style == .plain else { return nil }
        return Double(s.string) ?? node.float
    }

    private static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s): "'\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
