import Foundation
import ImportReaders
import RunRecord

/// What an import produced: the record and the files it read (to be copied under the run folder's `source/`).
public struct ImportedRun: Sendable {
    public var record: RunRecord
    /// Absolute or caller-relative paths of every file read, paired with the path to store them under
    /// (relative to the imported file's or folder's parent, e.g. `version_0/metrics.csv`).
    public var files: [(path: String, storedAs: String)]

    public init(record: RunRecord, files: [(path: String, storedAs: String)]) {
        self.record = record
        self.files = files
    }
}

/// Reads another tool's files into a `RunRecord`.
public enum RunImporter {
    /// Imports `path` (a file or a folder), detecting the format unless `format` is given, and attaches the data and
    /// predictions of `predictionsPath` when given.
    public static func importRun(_ path: String, format: ImportFormat? = nil, predictions predictionsPath: String? = nil)
        throws(ImportError) -> ImportedRun
    {
        // Links inside a source folder that lead out of it are refused before anything is read.
        try SourceLinks.checkFolder(path)
        let chosen: ImportFormat
        if let format { chosen = format } else { chosen = try FormatDetection.detect(path) }
        var imported: ImportedRun
        switch chosen {
        case .csv: imported = try PlainHistoryImporter.importCSV(path)
        case .jsonl: imported = try PlainHistoryImporter.importJSONLines(path)
        case .keras: imported = try KerasCSVImporter.importRun(path)
        case .lightning: imported = try LightningCSVImporter.importRun(path)
        case .tensorboard: imported = try TensorBoardImporter.importRun(path)
        case .dvclive: imported = try DVCLiveImporter.importRun(path)
        case .mlflow: imported = try MLflowImporter.importRun(path)
        }
        // A file import reads files beside the named one (Lightning's hparams.yaml): those must be inside its folder.
        try SourceLinks.checkFiles(imported.files.map(\.path), source: path)
        if let predictionsPath {
            imported.record.data = try PredictionsFile.read(predictionsPath)
            imported.files.append((predictionsPath, "predictions/" + (predictionsPath as NSString).lastPathComponent))
        }
        imported.record.source.files = try SourceHashing.describe(imported.files)
        let problems = imported.record.problems
        if !problems.isEmpty {
            throw ImportError(path: path, reason: problems.joined(separator: "; "))
        }
        if imported.record.series.isEmpty {
            throw ImportError(path: path, reason: "no scalar series found. " + imported.record.notes.joined(separator: " "))
        }
        return imported
    }
}
