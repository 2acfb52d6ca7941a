import Foundation
import RunRecord
import Yams

/// Lightning's `hparams.yaml` as run settings.
enum LightningHparams {
    /// The settings in file order, nested mappings flattened to dotted keys; notes on anything left out.
    static func read(_ path: String) throws(ImportError) -> (settings: [KeyValue<JSONValue>], notes: [String]) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ImportError(path: path, reason: "cannot be read as UTF-8 text. Fix the file, or move it away to "
                              + "import the run without its settings.")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, path: path)
        } catch {
            throw ImportError(path: path, reason: "is not valid YAML (\(error)). Fix the file, or move it away to "
                              + "import the run without its settings.")
        }
        guard let root else { return ([], []) }
        guard case .mapping = root else {
            return ([], ["hparams.yaml holds \(kind(of: root)), not a mapping of settings; it was ignored."])
        }
        return (value(root).flattened(), [])
    }

    /// A node as a JSON value: mappings keep their order, scalars typed by their resolved tag (`1` a number,
    /// `"1"` a string, `.inf` a number, `~` null); Python-specific tags (`!!python/tuple`) are read by shape.
    static func value(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.description) {
            case .null: return .null
            case .bool: return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
            case .int:
                if let int = Int.construct(from: scalar) { return .number(Double(int)) }
                return Double.construct(from: scalar).map(JSONValue.number) ?? .string(scalar.string)
            case .float: return Double.construct(from: scalar).map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            return .object(mapping.map { KeyValue(keyText($0.key), value($0.value)) })
        case .sequence(let sequence):
            return .array(sequence.map(value))
        case .alias:
            return .null
        }
    }

    private static func keyText(_ node: Node) -> String {
        if case .scalar(let scalar) = node { return scalar.string }
        return value(node).displayText
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    private static func syntaxError(_ error: YamlError, path: String) -> ImportError {
        let advice = " Fix the file, or move it away to import the run without its settings."
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let what = [context.map { "\($0)" }, problem].compactMap { $0 }
                .map { $0.split(whereSeparator: \.isNewline).joined(separator: " ") }.joined(separator: ": ")
            return ImportError(path: path, location: "line \(mark.line), column \(mark.column)",
                               reason: "not valid YAML: \(what)." + advice)
        default:
            return ImportError(path: path, reason: "not valid YAML: \(error)." + advice)
        }
    }
}
