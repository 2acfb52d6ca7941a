import Foundation

/// Run ids and the folder a run is written to.
///
/// A run is written into a hidden `.<id>.partial` folder beside its destination and renamed to `runs/<id>` only when
/// every file is complete, so a folder named by a run id is always a finished run.
enum RunFolder {
    /// `20261128T223501Z-1a2b3c4d`: UTC time, then a short FNV-1a hash of the config.
    static func makeID(configJSON: Data, date: Date) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in configJSON {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
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
    static func create(in parent: String, baseID: String, _ body: (_ id: String, _ staging: String,
                                                                    _ destination: String) throws -> Void) throws
        -> (id: String, directory: String)
    {
        try FileOps.createDirectory(parent)
        let (id, staging) = try reserve(baseID, in: parent)
        let destination = parent + "/" + id
        do {
            try body(id, staging, destination)
            try FileOps.rename(staging, to: destination)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        return (id, destination)
    }
}
