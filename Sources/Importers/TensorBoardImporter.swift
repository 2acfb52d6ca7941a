import Foundation
import ImportReaders
import RunRecord

/// Imports TensorBoard event files (`events.out.tfevents.*`): one file, or a log folder searched recursively.
///
/// Event files in one folder are merged per tag in step order (a resumed run writes a second file); files are read
/// in the order of the timestamp in their names, then by name, and when a tag repeats a step the value read last
/// wins. When event files sit in several folders (TensorBoard's runs, e.g. Keras' `train/` and `validation/`), each
/// series name starts with its folder (`validation/epoch_loss`), so that runs do not overwrite each other.
enum TensorBoardImporter {
    /// The importer's version, recorded in `RunSource.toolVersion`.
    static let version = fitreportVersion

    /// The prefix of TensorBoard event file names.
    static let fileNamePrefix = "events.out.tfevents."

    /// Reads the event file or log folder at `path` into a run record (status `.imported`, step axis `.step`, one
    /// series per scalar tag), with the files read stored relative to `path`'s parent.
    static func importRun(_ path: String) throws(ImportError) -> ImportedRun {
        let files = try eventFiles(path)
        let rootName = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent

        // One run per folder holding event files; prefixes only when there is more than one.
        var runFolders: [String] = []
        for file in files where !runFolders.contains(file.folder) { runFolders.append(file.folder) }
        let prefixes = runFolders.count > 1 ? runFolders.map { $0.isEmpty ? "" : $0 + "/" } : [""]
        var builder = TensorBoardRunBuilder(runPrefixes: prefixes)

        for file in files {
            guard let data = FileContents.read(file.path) else {
                throw ImportError(path: file.path, reason: "cannot be read. Check that it exists and is readable.")
            }
            let run = runFolders.count > 1 ? runFolders.firstIndex(of: file.folder) ?? 0 : 0
            let result = data.withUnsafeBytes { raw -> Result<Void, ImportError> in
                Result { () throws(ImportError) in
                    try builder.read(raw, path: file.path, name: file.relativePath, run: run)
                }
            }
            try result.get()
        }

        var (series, notes) = builder.seriesAndNotes()
        if runFolders.count > 1 {
            let shown = runFolders.map { $0.isEmpty ? "(top folder)" : $0 }
            notes.insert("Event files come from \(runFolders.count) folders (\(shown.joined(separator: ", "))); each "
                         + "series name starts with its folder.", at: 0)
        }
        let record = RunRecord(
            title: "TensorBoard run \(rootName)",
            createdAt: builder.firstWallTime.flatMap { Timestamp.iso8601(secondsSince1970: $0) },
            source: RunSource(kind: .tensorboard, toolVersion: version),
            settings: builder.settings,
            stepAxis: .step,
            series: series,
            status: .imported,
            notes: notes)
        return ImportedRun(record: record, files: files.map { ($0.path, $0.storedAs) })
    }

    /// An event file to read: its path, its path relative to the imported folder, the folder part of that, and the
    /// path to store it under.
    struct EventFile: Sendable, Equatable {
        var path: String
        var relativePath: String
        var folder: String
        var storedAs: String
    }

    /// The event files at `path` (the file itself, or the folder's `events.out.tfevents.*` files at any depth) in
    /// reading order: by the timestamp in the name, then by name, then by folder.
    static func eventFiles(_ path: String) throws(ImportError) -> [EventFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ImportError(path: path, reason: "does not exist. Give a TensorBoard log folder or an "
                              + "events.out.tfevents.* file.")
        }
        let name = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        guard isDirectory.boolValue else {
            return [EventFile(path: path, relativePath: name, folder: "", storedAs: name)]
        }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else {
            throw ImportError(path: path, reason: "cannot be listed. Check that it is a readable folder.")
        }
        var files: [EventFile] = []
        while let relative = enumerator.nextObject() as? String {
            let fileName = (relative as NSString).lastPathComponent
            guard fileName.hasPrefix(fileNamePrefix) else { continue }
            let full = (path as NSString).appendingPathComponent(relative)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            files.append(EventFile(path: full, relativePath: relative,
                                   folder: (relative as NSString).deletingLastPathComponent,
                                   storedAs: name + "/" + relative))
        }
        guard !files.isEmpty else {
            throw ImportError(path: path, reason: "holds no TensorBoard event files (events.out.tfevents.*, searched "
                              + "in all sub-folders). Give the folder passed to SummaryWriter(log_dir=…).")
        }
        return files.sorted { a, b in
            let ka = sortKey(a), kb = sortKey(b)
            if ka.timestamp != kb.timestamp { return ka.timestamp < kb.timestamp }
            if ka.name != kb.name { return ka.name < kb.name }
            return a.relativePath < b.relativePath
        }
    }

    /// The timestamp field of `events.out.tfevents.<timestamp>.<host>…` (names without one sort last) and the name.
    private static func sortKey(_ file: EventFile) -> (timestamp: Double, name: String) {
        let name = (file.relativePath as NSString).lastPathComponent
        let rest = name.dropFirst(fileNamePrefix.count)
        let field = rest.prefix { $0 != "." }
        return (Double(field).flatMap { $0.isFinite ? $0 : nil } ?? .infinity, name)
    }
}
