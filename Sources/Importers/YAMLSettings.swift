import Foundation
import ImportReaders
import RunRecord
import YAML

/// Hyper-parameters from a YAML (or JSON) file such as dvclive's `params.yaml`, as ordered settings.
///
/// The top level must be a mapping (or empty). Keys keep the file's order; nested mappings become `.object` in their
/// order, sequences `.array`. Plain scalars are typed the way YAML 1.1 loaders (PyYAML, which wrote most of these
/// files) type them: `null`/`~`/empty → `.null`; `true`/`false`/`yes`/`no`/`on`/`off` → `.bool`; integers and
/// decimals → `.number`; everything else, quoted scalars and timestamps included, → `.string`. Non-finite numbers
/// (`.nan`, `.inf`) stay strings, since settings are written to JSON, which has no such numbers. Merge keys (`<<`)
/// are expanded.
enum YAMLSettings {
    /// How errors about one kind of file are worded: `invalid` says it is not valid YAML, `advice` ends the message.
    struct Wording: Sendable {
        var invalid: String
        var advice: String

        static let parameters = Wording(invalid: "invalid YAML/JSON", advice: " Fix the file's syntax.")
    }

    /// The settings in the file at `path`.
    static func read(_ path: String) throws(ImportError) -> [KeyValue<JSONValue>] {
        try parse(try TrackerFiles.readText(path, what: "a YAML file of parameters"), path: path)
    }

    /// The settings in `text`; `path` names the file in errors.
    static func parse(_ text: String, path: String) throws(ImportError) -> [KeyValue<JSONValue>] {
        guard let root = try compose(text, path: path) else { return [] }
        switch root {
        case .mapping(let mapping):
            return pairs(mapping)
        case .scalar where root.tag == .null:
            return []
        default:
            throw ImportError(path: path, location: location(root.mark),
                              reason: "expected a mapping of parameters (name: value) at the top level, found "
                                  + describe(root) + ".")
        }
    }

    /// The root node of `text`, nil when it holds no document; errors are worded by `wording`.
    ///
    /// The composer refuses a document beyond `limits` as it reads it: an alias bomb (each level of anchors
    /// repeating the one before, 10⁹ values from a few lines) would otherwise take minutes and gigabytes to convert.
    static func compose(_ text: String, path: String, wording: Wording = .parameters) throws(ImportError)
        -> YAMLNode?
    {
        do {
            return try YAMLNode.compose(text, limits: limits)
        } catch {
            throw importError(error, path: path, wording: wording)
        }
    }

    /// Most values (scalars, lists and mappings, counted with aliases expanded) a settings file may hold.
    static let maximumValues = 100_000
    /// Deepest nesting of lists and mappings a settings file may hold.
    static let maximumDepth = 256
    /// Both, checked by the composer as it reads.
    static let limits = YAMLLimits(maximumValues: maximumValues, maximumDepth: maximumDepth)

    /// The value of one node.
    static func value(_ node: YAMLNode) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            return .object(pairs(mapping))
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .scalar(let scalar):
            switch scalar.tag {
            case .null:
                return .null
            case .bool:
                if let b = node.bool { return .bool(b) }
            case .int:
                if let i = node.int { return .number(Double(i)) }
                if let d = Double(scalar.string.replacingOccurrences(of: "_", with: "")), d.isFinite {
                    return .number(d)
                }
            case .float:
                if let d = node.float, d.isFinite { return .number(d) }
            default:
                break
            }
            return .string(scalar.string)
        }
    }

    /// The pairs of a mapping in order; merge keys (`<<: *base`) contribute the merged mapping's pairs, and a key
    /// given again replaces the earlier value in place.
    private static func pairs(_ mapping: YAMLNode.Mapping) -> [KeyValue<JSONValue>] {
        var out: [KeyValue<JSONValue>] = []
        func add(_ key: String, _ item: JSONValue, override: Bool) {
            if let i = out.firstIndex(where: { $0.key == key }) {
                if override { out[i].value = item }
            } else {
                out.append(KeyValue(key, item))
            }
        }
        for (keyNode, valueNode) in mapping {
            if keyNode.tag == .merge {
                let merged: [YAMLNode] = {
                    switch valueNode {
                    case .mapping: return [valueNode]
                    case .sequence(let s): return Array(s)
                    default: return []
                    }
                }()
                for case .mapping(let m) in merged {
                    for pair in pairs(m) { add(pair.key, pair.value, override: false) }
                }
                continue
            }
            add(keyText(keyNode), value(valueNode), override: true)
        }
        return out
    }

    private static func keyText(_ node: YAMLNode) -> String {
        if case .scalar(let s) = node { return s.string }
        return value(node).displayText
    }

    private static func location(_ mark: YAMLMark) -> String {
        "line \(mark.line), column \(mark.column)"
    }

    private static func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let s): "the value " + TrackerFiles.quoted(s.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    /// A YAML error as an `ImportError` located at its line and column.
    private static func importError(_ error: YAMLError, path: String, wording: Wording) -> ImportError {
        let location = error.mark.map(location)
        switch error {
        case .syntax, .outOfMemory:
            return ImportError(path: path, location: location,
                               reason: "\(wording.invalid): \(error.reason)." + wording.advice)
        case .duplicateKeys(let duplicates, _):
            return ImportError(path: path, location: location,
                               reason: "the key " + duplicates.map { TrackerFiles.quoted($0) }.joined(separator: ", ")
                                   + " appears twice in one mapping. Keep one of them.")
        case .tooManyValues(let limit):
            return ImportError(path: path, reason: "holds more than \(limit) values once its aliases (*name) "
                + "are expanded — an alias bomb, or far more than parameters need. Remove the repeated aliases.")
        case .tooDeep(let limit, _):
            return ImportError(path: path, location: location,
                               reason: "nests lists and mappings more than \(limit) deep. Flatten the file.")
        }
    }
}
