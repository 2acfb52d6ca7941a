import Foundation
import RunRecord
import Yams

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
        case .scalar where YAMLSettings.tag(of: root) == .null:
            return []
        default:
            throw ImportError(path: path, location: location(root),
                              reason: "expected a mapping of parameters (name: value) at the top level, found "
                                  + describe(root) + ".")
        }
    }

    /// The root node of `text`, nil when it holds no document; errors are worded by `wording`.
    static func compose(_ text: String, path: String, wording: Wording = .parameters) throws(ImportError) -> Node? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, path: path, wording: wording)
        } catch {
            throw ImportError(path: path, reason: "\(wording.invalid): \(error)." + wording.advice)
        }
        if let root { try checkExpandedSize(root, path: path) }
        return root
    }

    /// Most values (scalars, lists and mappings, counted with aliases expanded) a settings file may hold.
    static let maximumValues = 100_000
    /// Deepest nesting of lists and mappings a settings file may hold.
    static let maximumDepth = 256

    /// Throws when `root`, with every alias expanded, holds more than `maximumValues` values or nests deeper than
    /// `maximumDepth`: an alias bomb (each level of anchors repeating the one before, 10⁹ values from a few lines)
    /// would otherwise take minutes and gigabytes to convert. Counts with an explicit stack and stops at the limit,
    /// so checking costs at most `maximumValues` steps.
    static func checkExpandedSize(_ root: Node, path: String) throws(ImportError) {
        var stack: [(node: Node, depth: Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > maximumValues {
                throw ImportError(path: path, reason: "holds more than \(maximumValues) values once its aliases (*name) "
                    + "are expanded — an alias bomb, or far more than parameters need. Remove the repeated aliases.")
            }
            if depth > maximumDepth {
                throw ImportError(path: path, location: location(node),
                                  reason: "nests lists and mappings more than \(maximumDepth) deep. Flatten the file.")
            }
            switch node {
            case .sequence(let sequence):
                for child in sequence { stack.append((child, depth + 1)) }
            case .mapping(let mapping):
                for (key, value) in mapping {
                    stack.append((key, depth + 1))
                    stack.append((value, depth + 1))
                }
            case .scalar, .alias:
                break
            }
        }
    }

    /// The value of one node.
    static func value(_ node: Node) -> JSONValue {
        switch node {
        case .mapping(let mapping):
            return .object(pairs(mapping))
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .alias:
            return .null
        case .scalar(let scalar):
            switch YAMLSettings.tag(of: node) {
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
    private static func pairs(_ mapping: Node.Mapping) -> [KeyValue<JSONValue>] {
        var out: [KeyValue<JSONValue>] = []
        func add(_ key: String, _ item: JSONValue, override: Bool) {
            if let i = out.firstIndex(where: { $0.key == key }) {
                if override { out[i].value = item }
            } else {
                out.append(KeyValue(key, item))
            }
        }
        for (keyNode, valueNode) in mapping {
            if YAMLSettings.tag(of: keyNode) == .merge {
                let merged: [Node] = {
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

    private static func keyText(_ node: Node) -> String {
        if case .scalar(let s) = node { return s.string }
        return value(node).displayText
    }

    private static func location(_ node: Node) -> String? {
        node.mark.map { "line \($0.line), column \($0.column)" }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): "the value " + TrackerFiles.quoted(s.string)
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// The node's resolved tag (`Tag.name` is not public in Yams).
    static func tag(of node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// A Yams error as an `ImportError` located at its line and column.
    private static func syntaxError(_ error: YamlError, path: String, wording: Wording) -> ImportError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context.map { "\($0)" }, problem].compactMap { $0 }
                .map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.joined(separator: ": ")
            return ImportError(path: path, location: "line \(mark.line), column \(mark.column)",
                               reason: "\(wording.invalid): \(what)." + wording.advice)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ImportError(path: path, location: "line \(context.mark.line), column \(context.mark.column)",
                               reason: "the key " + duplicates.map { TrackerFiles.quoted($0) }.joined(separator: ", ")
                                   + " appears twice in one mapping. Keep one of them.")
        default:
            return ImportError(path: path, reason: "\(wording.invalid): \(error)." + wording.advice)
        }
    }
}
