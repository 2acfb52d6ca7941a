import Foundation
import RunArtifacts

/// Folders and files that appear complete or not at all, for writers outside this module (a sweep's plan, its
/// collected comparison): the same staging-then-rename discipline as run folders (`RunFolder`).
public enum StagedFolder {
    /// An id in the style of run ids, `20261128T223501Z-1a2b3c4d`: UTC time, then a short hash of `bytes`.
    public static func makeID(hashing bytes: Data, date: Date) -> String {
        RunFolder.makeID(configJSON: bytes, date: date)
    }

    /// Creates `<parent>/<id>` (`baseID`, or `baseID-2`, … when taken): `body` fills a hidden `.<id>.partial`
    /// folder, which is renamed into place when `body` returns and removed when it throws. Returns the id and the
    /// folder.
    public static func create(in parent: String, baseID: String,
                              _ body: (_ staging: String, _ destination: String) throws -> Void) throws
        -> (id: String, directory: String)
    {
        try RunFolder.create(in: parent, baseID: baseID) { _, staging, destination in
            try body(staging, destination)
        }
    }

    /// Replaces the folder `directory` by one that `body` fills: the new folder is staged beside it under a hidden
    /// unique name and swapped in only when complete (two renames), so readers never see a half folder: the old
    /// one, the new one, or for a moment none. Two writers racing each end with a complete folder (the later one
    /// wins).
    public static func replace(_ directory: String, _ body: (_ staging: String) throws -> Void) throws {
        let url = URL(fileURLWithPath: directory)
        let parent = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        let unique = UUID().uuidString.prefix(8)
        let staging = parent + "/.\(name).partial-\(unique)"
        let old = parent + "/.\(name).old-\(unique)"
        try FileOps.refuseLink(directory)
        try FileOps.createDirectory(staging)
        do {
            try body(staging)
            let fm = FileManager.default
            var reason = "could not move the new folder into place"
            for _ in 0..<5 {
                if fm.fileExists(atPath: directory) && !fm.fileExists(atPath: old) {
                    try? fm.moveItem(atPath: directory, toPath: old)
                }
                if Foundation.rename(staging, directory) == 0 { break }
                reason = String(cString: strerror(errno))
            }
            guard !fm.fileExists(atPath: staging) else {
                // The new folder could not be moved in: the old one goes back, so a failure changes nothing.
                if fm.fileExists(atPath: old) && !fm.fileExists(atPath: directory) {
                    _ = Foundation.rename(old, directory)
                }
                throw ReportError.notWritable(path: directory, reason: reason)
            }
            try? fm.removeItem(atPath: old)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Writes `data` to `path` through a hidden temporary file in the same folder and one rename, so a reader sees
    /// the old content or the new, never a part.
    public static func writeFile(_ path: String, _ data: Data) throws(ReportError) {
        // The rename would replace a link (not write through it), but a link where fitreport keeps a file is not
        // fitreport's to remove: refused, like links to folders.
        try FileOps.refuseLink(path)
        let url = URL(fileURLWithPath: path)
        // `.<name>.<pid>.<random>.partial`: hidden, unique to this write, and what `RunIndex.leftovers()` lists when
        // a killed process leaves one behind.
        let temporary = url.deletingLastPathComponent().path
            + "/.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).partial"
        do {
            try FileOps.write(temporary, data)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .notWritable(path: path, reason: reason)
        }
    }
}
