import Foundation
import ImportReaders
import RunRecord

/// PyTorch Lightning's `CSVLogger` output: a `version_N/` folder holding `metrics.csv` and `hparams.yaml`.
///
/// `metrics.csv` has an `epoch` and a `step` column and one column per logged metric (`train_loss_step`,
/// `train_loss_epoch`, `val_loss`, `lr-Adam`, …); step-level and epoch-level rows are interleaved, and a cell is
/// empty where its metric was not logged in that row.
enum LightningCSVImporter {
    /// Imports a `version_N/` folder, its `metrics.csv`, or a folder of versions (`lightning_logs/`).
    ///
    /// - A folder of `version_*` folders: the one with the highest N is imported, with a note naming the others
    ///   (a new Lightning run makes a new version, so the highest is the latest run).
    /// - Each column other than `epoch` and `step` becomes a series: steps from `step`, `epochs` from `epoch`
    ///   (kept when every point of the series has one; Lightning's `LearningRateMonitor` logs rows without an
    ///   epoch); the step axis is `.step`. A metric logged twice at one step keeps the value logged last (note).
    /// - `hparams.yaml` beside `metrics.csv`, when there is one, gives the settings in file order, nested mappings
    ///   flattened to dotted keys (`optimizer.lr`); a missing or empty `hparams.yaml` gives no settings.
    ///
    /// - Throws: `ImportError` for a folder with no `metrics.csv`, a `metrics.csv` without a `step` column, a cell
    ///   that is not a number (file, line, column), or an `hparams.yaml` that is not valid YAML (file, line, column).
    static func importRun(_ path: String) throws(ImportError) -> ImportedRun {
        let run = try locate(path)
        let table = try HistoryTable.read(
            run.metrics,
            step: .required("step", hint: "Lightning's CSVLogger writes a step column; to read another table, "
                            + "import it with --format csv."),
            epochColumn: "epoch")
        var files: [(path: String, storedAs: String)] = [(run.metrics, run.storedPrefix + "metrics.csv")]
        var settings: [KeyValue<JSONValue>] = []
        var notes = run.notes
        if let hparams = run.hparams {
            let read = try LightningHparams.read(hparams)
            settings = read.settings
            notes += read.notes
            files.append((hparams, run.storedPrefix + "hparams.yaml"))
        }
        notes += table.notes
        let record = RunRecord(
            title: "Lightning run \(run.versionName)",
            source: RunSource(kind: .lightningCSV, toolVersion: TextImport.toolVersion),
            settings: settings, stepAxis: .step, series: table.series, status: .imported, notes: notes)
        return ImportedRun(record: record, files: files)
    }

    /// The files of one Lightning version.
    struct Located {
        var metrics: String
        var hparams: String?
        /// Prefix of the stored paths, relative to the parent of what was imported (`version_0/`, or `` for a file).
        var storedPrefix: String
        /// The folder holding `metrics.csv` (`version_0`).
        var versionName: String
        var notes: [String]
    }

    static func locate(_ path: String) throws(ImportError) -> Located {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ImportError(path: path, reason: "no such file or folder. Check the path (a relative path is taken "
                              + "from the current directory).")
        }
        guard isFolder.boolValue else {
            let folder = (path as NSString).deletingLastPathComponent
            let hparams = (folder.isEmpty ? "hparams.yaml" : (folder as NSString).appendingPathComponent("hparams.yaml"))
            return Located(metrics: path, hparams: isFile(hparams) ? hparams : nil, storedPrefix: "",
                           versionName: folderName(folder.isEmpty ? "." : folder), notes: [])
        }
        let name = folderName(path)
        let metrics = (path as NSString).appendingPathComponent("metrics.csv")
        if isFile(metrics) {
            let hparams = (path as NSString).appendingPathComponent("hparams.yaml")
            return Located(metrics: metrics, hparams: isFile(hparams) ? hparams : nil, storedPrefix: name + "/",
                           versionName: name, notes: [])
        }
        let versions = versionFolders(in: path)
        guard let chosen = versions.last else {
            throw ImportError(path: path, reason: "the folder holds no metrics.csv and no version_*/metrics.csv. Give "
                              + "a Lightning CSVLogger version folder (…/version_0) or its metrics.csv.")
        }
        let folder = (path as NSString).appendingPathComponent(chosen)
        let hparams = (folder as NSString).appendingPathComponent("hparams.yaml")
        var notes: [String] = []
        if versions.count > 1 {
            let others = versions.dropLast()
            notes.append("The folder holds \(versions.count) Lightning versions; \(chosen), the highest (the latest "
                         + "run), was imported. To import another, give its folder, e.g. "
                         + "\((path as NSString).appendingPathComponent(others.last ?? chosen)) (others: "
                         + "\(HistoryNotes.list(Array(others))))."
            )
        }
        return Located(metrics: (folder as NSString).appendingPathComponent("metrics.csv"),
                       hparams: isFile(hparams) ? hparams : nil, storedPrefix: name + "/" + chosen + "/",
                       versionName: chosen, notes: notes)
    }

    /// The `version_*` subfolders of `path` that hold a `metrics.csv`, lowest version first (`version_2` before
    /// `version_10`; names without a number first).
    static func versionFolders(in path: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let versions = entries.filter {
            $0.hasPrefix("version_")
                && isFile(((path as NSString).appendingPathComponent($0) as NSString).appendingPathComponent("metrics.csv"))
        }
        return versions.sorted { a, b in
            let na = Int(a.dropFirst("version_".count)) ?? -1
            let nb = Int(b.dropFirst("version_".count)) ?? -1
            return na != nb ? na < nb : a < b
        }
    }

    private static func isFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    /// The folder's own name, also for `.` and paths ending in `/`.
    private static func folderName(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
    }
}
