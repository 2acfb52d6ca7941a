import Foundation
import ImportReaders
import RunRecord

/// Plain training histories: a CSV/TSV table, or JSON Lines with one object per step.
enum PlainHistoryImporter {
    /// The column names (case-insensitive) that give a plain table's steps, in order of preference.
    static let stepColumns = ["step", "epoch", "iteration", "iter"]

    /// Imports a delimited history (comma, semicolon, tab or whitespace separated, detected) with a header.
    ///
    /// Steps come from the first of `step`, `epoch`, `iteration`, `iter` the header has (case-insensitive), else
    /// they are row numbers from 0 (with a note). With both `step` and `epoch`, `epoch` gives the series' `epochs`.
    /// Every other column is a series; an empty cell means "not logged at this step"; NaN and infinities are kept.
    /// The step axis is `.epoch` when steps come from `epoch`. See `HistoryTable` for the rules on repeated steps,
    /// repeated headers and text columns.
    ///
    /// - Throws: `ImportError` naming the file, line and column of a cell that is not a number, a step that is not
    ///   a whole number, a missing header or an empty file.
    static func importCSV(_ path: String) throws(ImportError) -> ImportedRun {
        let table = try HistoryTable.read(path, step: .firstOf(stepColumns), epochColumn: "epoch")
        let name = TextImport.fileName(path)
        let record = RunRecord(
            title: "CSV run \(name)", source: RunSource(kind: .csv, toolVersion: TextImport.toolVersion),
            stepAxis: table.stepColumn?.lowercased() == "epoch" ? .epoch : .step,
            series: table.series, status: .imported, notes: table.notes)
        return ImportedRun(record: record, files: [(path, name)])
    }

    /// Imports a JSON Lines history: one JSON object per line, blank lines skipped.
    ///
    /// - Steps come from the first of `step`, `epoch`, `iteration`, `global_step` that a line's object has at its
    ///   top level (the first line that has one decides the key for the file); lines without that key are skipped
    ///   with a note. When no line has any, steps are line numbers from 0 (counting objects), with a note.
    /// - With the step from another key, a top-level `epoch` gives the series' `epochs`.
    /// - Every other member with a number is a series; nested objects are flattened with `/`
    ///   (`{"train": {"loss": 1}}` is `train/loss`); `null` means not logged; the bare `NaN`, `Infinity`,
    ///   `-Infinity` that Python writes and strings holding a number (`"NaN"`, `"Infinity"`, `"0.5"`) are numbers.
    /// - Other strings, booleans and arrays are not numbers: those values are skipped and a note names their keys
    ///   (histories often carry a timestamp or a phase name beside the metrics; refusing the file for that would
    ///   help no one).
    ///
    /// - Throws: `ImportError` with the file and line for a line that is not a JSON object (saying what it is) or not
    ///   valid JSON (with the column), a step that is not a whole number, or a file with no objects.
    static func importJSONLines(_ path: String) throws(ImportError) -> ImportedRun {
        let data = try readWholeFile(path)
        var reader = JSONLinesHistory(path: path)
        let outcome: Result<Void, ImportError> = data.withUnsafeBytes { raw in
            do throws(ImportError) {
                try reader.read(raw.bindMemory(to: UInt8.self))
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try outcome.get()
        let result = try reader.finish()
        let name = TextImport.fileName(path)
        let record = RunRecord(
            title: "JSON Lines run \(name)", source: RunSource(kind: .jsonl, toolVersion: TextImport.toolVersion),
            stepAxis: result.stepKey == "epoch" ? .epoch : .step, series: result.series, status: .imported,
            notes: result.notes)
        return ImportedRun(record: record, files: [(path, name)])
    }

    /// The file's bytes; a missing file, a folder or an unreadable file is an `ImportError`.
    static func readWholeFile(_ path: String) throws(ImportError) -> Data {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportError(path: path, reason: "no such file. Check the path (a relative path is taken from the "
                              + "current directory).")
        }
        if isFolder.boolValue {
            throw ImportError(path: path, reason: "is a folder; a JSON Lines history is a file. Give the file's path.")
        }
        guard let data = FileContents.read(path) else {
            throw ImportError(path: path, reason: "cannot be read (\(String(cString: strerror(errno)))). Check that "
                              + "it is a readable file.")
        }
        return data
    }
}
