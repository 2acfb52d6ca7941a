import Foundation
import ImportReaders
import RunRecord
import YAML

/// Lightning's `hparams.yaml` as run settings: read by `YAMLSettings`, nested mappings flattened to dotted keys.
enum LightningHparams {
    private static let wording = YAMLSettings.Wording(
        invalid: "not valid YAML", advice: " Fix the file, or move it away to import the run without its settings.")

    /// The settings in file order, nested mappings flattened to dotted keys; notes on anything left out.
    static func read(_ path: String) throws(ImportError) -> (settings: [KeyValue<JSONValue>], notes: [String]) {
        guard let data = FileContents.read(path), let text = String(data: data, encoding: .utf8) else {
            throw ImportError(path: path, reason: "cannot be read as UTF-8 text." + wording.advice)
        }
        guard let root = try YAMLSettings.compose(text, path: path, wording: wording) else { return ([], []) }
        guard case .mapping = root else {
            return ([], ["hparams.yaml holds \(kind(of: root)), not a mapping of settings; it was ignored."])
        }
        return (YAMLSettings.value(root).flattened(), [])
    }

    private static func kind(of node: YAMLNode) -> String {
        switch node {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}
