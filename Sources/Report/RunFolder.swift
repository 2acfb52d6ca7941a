import Foundation
import RunArtifacts

/// Run ids and the folder a run is written to.
///
/// A run is written into a hidden `.<id>.partial` folder beside its destination and renamed to `runs/<id>` only when
/// every file is complete, so a folder named by a run id is always a finished run.
enum RunFolder {
    /// `20261128T223501Z-1a2b3c4d`: UTC time, then a short FNV-1a hash of the config.
    static func makeID(configJSON: Data, date: Date) -> String {
        let hash = FNV1a.hash(configJSON)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date) + "-" + String(String(hash, radix: 16).suffix(8))
    }

    /// A destination under `runsDirectory` that does not exist yet: `id`, else `id-2`, `id-3`, …
    static func freeName(for id: String, in runsDirectory: String) -> String {
        var candidate = id
        var n = 2
        while FileManager.default.fileExists(atPath: runsDirectory + "/" + candidate)
            || FileManager.default.fileExists(atPath: runsDirectory + "/." + candidate + ".partial")
        {
            candidate = "\(id)-\(n)"
            n += 1
        }
        return candidate
    }

    /// Reserves a free id under `parent` for this process: the first of `id`, `id-2`, … whose hidden staging folder
    /// this process creates itself (`mkdir` fails when another process holds it) and whose destination does not
    /// exist once the staging folder is ours — so concurrent writers of one output folder never share an id.
    static func reserve(_ id: String, in parent: String) throws(ReportError) -> (id: String, staging: String) {
        var candidate = freeName(for: id, in: parent)
        var n = 2
        while true {
            let staging = parent + "/." + candidate + ".partial"
            if mkdir(staging, 0o755) == 0 {
                // Another process may have renamed its staging folder into `candidate` between our look and our mkdir.
                if !FileManager.default.fileExists(atPath: parent + "/" + candidate) { return (candidate, staging) }
                rmdir(staging)
            } else if errno != EEXIST {
                throw .notWritable(path: staging, reason: String(cString: strerror(errno)))
            }
            while true {
                candidate = "\(id)-\(n)"
                n += 1
                if !FileManager.default.fileExists(atPath: parent + "/" + candidate) { break }
            }
        }
    }

    /// Creates `<parent>/<id>` atomically: `body` fills a hidden `.<id>.partial` folder, which is renamed into place
    /// only when `body` returns, and removed when it throws. `id` is `baseID`, or `baseID-2`, … if that is taken
    /// (also by a concurrent process). Returns the id and the final folder.
    ///
    /// `parent` is created when missing, unless `expectedParent` is given: then it must still be that folder (the
    /// one a command saw when it started), else nothing is created and `ReportError.outputFolderChanged` is thrown.
    /// The staging folder's own identity is recorded when it is made; if it (or `parent`) is removed or replaced
    /// while `body` writes, the rename is refused with the same error rather than moving a fresh tree into place.
    static func create(in parent: String, baseID: String, expectedParent: FolderIdentity? = nil,
                       _ body: (_ id: String, _ staging: String, _ destination: String) throws -> Void) throws
        -> (id: String, directory: String)
    {
        // `<out>/runs`, `<out>/sweeps`, `<out>/comparisons` as links would put the folder outside the output folder.
        try FileOps.refuseLink(parent)
        if let expectedParent {
            guard expectedParent.isStill(at: parent) else { throw ReportError.outputFolderChanged(path: parent) }
        } else {
            try FileOps.createDirectory(parent)
        }
        let parentIdentity = expectedParent ?? FolderIdentity(of: parent)
        let (id, staging) = try reserve(baseID, in: parent)
        let stagingIdentity = FolderIdentity(of: staging)
        /// Whether both folders are still the ones this call made and saw.
        func unchanged() -> Bool {
            (stagingIdentity?.isStill(at: staging) ?? false) && (parentIdentity?.isStill(at: parent) ?? false)
        }
        let destination = parent + "/" + id
        do {
            try body(id, staging, destination)
            // A staging folder removed with its parent (and perhaps made again by someone) is not renamed into a
            // tree that did not exist when the run began.
            guard unchanged() else { throw ReportError.outputFolderChanged(path: parent) }
            try FileOps.rename(staging, to: destination)
        } catch {
            // Only the staging folder this call made is removed: one of the same name made by someone else after
            // ours vanished is theirs.
            let wasUnchanged = unchanged()
            if stagingIdentity?.isStill(at: staging) ?? false { try? FileManager.default.removeItem(atPath: staging) }
            if case ReportError.notWritable = error, !wasUnchanged {
                // A write failed because the folder was removed under it (ENOENT): say what happened.
                throw ReportError.outputFolderChanged(path: parent)
            }
            throw error
        }
        return (id, destination)
    }
}

/// A folder's identity: device and inode, from a descriptor held open for the identity's lifetime (so the inode
/// number cannot be reused by a folder made after this one is removed). Made with `open(2)`, which follows symbolic
/// links, so an `--out` that is a link to a folder is that folder. A folder removed and created again under the same
/// name is not `isStill(at:)` the same.
public final class FolderIdentity: Sendable, Equatable {
    private let descriptor: Int32
    public let device: UInt64
    public let inode: UInt64

    /// The identity of the folder at `path`, or `nil` when there is none (missing, or not a folder).
    public init?(of path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    deinit { close(descriptor) }

    /// Whether the folder at `path` is this one.
    public func isStill(at path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR && UInt64(info.st_dev) == device
            && UInt64(info.st_ino) == inode
    }

    public static func == (a: FolderIdentity, b: FolderIdentity) -> Bool {
        a.device == b.device && a.inode == b.inode
    }
}
