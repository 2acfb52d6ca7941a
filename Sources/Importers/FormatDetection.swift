import DataLoading
import Foundation
import ImportReaders
import RunRecord

/// Which importer reads a file or folder, decided from names and, for delimited text, the header line.
enum FormatDetection {
    /// The format of `path`.
    ///
    /// A folder is, in this order of checks:
    /// - `lightning` when it holds `metrics.csv` or `version_*/metrics.csv` (the importer takes the highest
    ///   version when there are several, and says so in the record's notes);
    /// - `mlflow` when it holds `meta.yaml` and a `metrics/` folder;
    /// - `dvclive` when it holds `plots/metrics/`, or `dvc.yaml` and `metrics.json`;
    /// - `tensorboard` when an `events.out.tfevents.*` file lies anywhere inside (the folder itself first).
    ///
    /// The folder-level markers are checked before the recursive TensorBoard search because MLflow and dvclive
    /// folders can carry TensorBoard logs among their artifacts.
    ///
    /// A file is:
    /// - `tensorboard` when its name starts with `events.out.tfevents.`;
    /// - `jsonl` for `.jsonl` and `.ndjson`;
    /// - for `.csv`, `.tsv`, `.txt` and `.log`, judged by the header line: `lightning` for a `metrics.csv` with a
    ///   `step` column and either `hparams.yaml` beside it or an `epoch` column; `keras` when the first column is
    ///   `epoch` and the others are in sorted order, as Keras' `CSVLogger` writes them (`epoch,loss,val_loss`);
    ///   else `csv` (`.log` files must look like Keras' to be recognised);
    /// - any other file starting with `{` is `jsonl`.
    ///
    /// - Throws: `ImportError` naming the formats and suggesting `--format` when nothing matches.
    static func detect(_ path: String) throws(ImportError) -> ImportFormat {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportError(path: path, reason: "no such file or folder. Check the path (a relative path is taken "
                              + "from the current directory).")
        }
        if isFolder.boolValue { return try detectFolder(path) }
        return try detectFile(path)
    }

    private static func detectFolder(_ path: String) throws(ImportError) -> ImportFormat {
        func inside(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        if isFile(inside("metrics.csv")) || !LightningCSVImporter.versionFolders(in: path).isEmpty { return .lightning }
        if isFile(inside("meta.yaml")), isFolder(inside("metrics")) { return .mlflow }
        if isFolder(inside("plots/metrics")) || (isFile(inside("dvc.yaml")) && isFile(inside("metrics.json"))) {
            return .dvclive
        }
        if containsEventFile(path) { return .tensorboard }
        throw ImportError(
            path: path,
            reason: "cannot tell which tool wrote this folder: it holds no metrics.csv or version_*/metrics.csv "
            + "(lightning), no meta.yaml with metrics/ (mlflow), no plots/metrics/ or dvc.yaml with metrics.json "
            + "(dvclive), and no events.out.tfevents.* file (tensorboard). Give the history file itself, or the "
            + "format with --format (\(ImportFormat.names)).")
    }

    private static func detectFile(_ path: String) throws(ImportError) -> ImportFormat {
        let name = TextImport.fileName(path)
        if name.hasPrefix("events.out.tfevents.") { return .tensorboard }
        let ext = (name as NSString).pathExtension.lowercased()
        switch ext {
        case "jsonl", "ndjson":
            return .jsonl
        case "csv", "tsv", "txt", "log":
            let header = try headerLine(path)
            let lowered = header.map { $0.lowercased() }
            if name == "metrics.csv", lowered.contains("step") {
                let hparams = ((path as NSString).deletingLastPathComponent as NSString)
                    .appendingPathComponent("hparams.yaml")
                if lowered.contains("epoch") || isFile(hparams) { return .lightning }
            }
            if looksLikeKeras(header) { return .keras }
            if ext != "log" { return .csv }
        default:
            if startsWithBrace(path) { return .jsonl }
        }
        throw ImportError(
            path: path,
            reason: "cannot tell which format this file is from its name and first line. Give it with --format "
            + "(\(ImportFormat.names)); csv reads any table with a header line.")
    }

    /// Keras' `CSVLogger` header: `epoch`, then at least one metric, the metrics in sorted order (Keras sorts the
    /// keys of its logs; Python sorts by code point, which is UTF-8 byte order).
    static func looksLikeKeras(_ header: [String]) -> Bool {
        guard header.count >= 2, header[0] == "epoch" else { return false }
        let metrics = header.dropFirst()
        if metrics.contains(where: { $0.lowercased() == "step" || $0.isEmpty }) { return false }
        return zip(metrics, metrics.dropFirst()).allSatisfy { Array($0.utf8).lexicographicallyPrecedes($1.utf8) }
    }

    /// The header fields of a delimited file (separator detected).
    private static func headerLine(_ path: String) throws(ImportError) -> [String] {
        do {
            return try DelimitedFileReader(path: path, header: .present).records().header ?? []
        } catch {
            throw ImportError(error, path: path)
        }
    }

    private static func startsWithBrace(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        let first = head.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0xEF || $0 == 0xBB
            || $0 == 0xBF }.first
        return first == UInt8(ascii: "{")
    }

    /// Whether an `events.out.tfevents.*` file lies in `path` or below (at most 20,000 entries looked at).
    private static func containsEventFile(_ path: String) -> Bool {
        let manager = FileManager.default
        if let names = try? manager.contentsOfDirectory(atPath: path),
           names.contains(where: { $0.hasPrefix("events.out.tfevents.") }) {
            return true
        }
        guard let walker = manager.enumerator(atPath: path) else { return false }
        var seen = 0
        while let entry = walker.nextObject() as? String, seen < 20_000 {
            seen += 1
            if (entry as NSString).lastPathComponent.hasPrefix("events.out.tfevents.") { return true }
        }
        return false
    }

    private static func isFile(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && !folder.boolValue
    }

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}
