import Foundation
import ImportReaders

/// Symbolic links inside an import source are followed only when they stay inside it: a metric file, a settings file
/// or a folder of a tracker's run that is a link to somewhere else (`metrics/loss -> /etc/shadow`) is refused before
/// anything is read, so an import never copies outside files into a run folder. The path given on the command line
/// may itself be a link (the user's choice): it is the source, resolved once.
enum SourceLinks {
    /// The real path of `path` (every link resolved), or `nil` when it does not exist.
    static func resolved(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Whether `path` (resolved) is `root` or lies below it.
    static func isInside(_ path: String, root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The folder whose inside is the source: `path` when it is a folder, else the folder holding the file.
    static func sourceRoot(of path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return resolved(path) }
        let folder = (path as NSString).deletingLastPathComponent
        return resolved(folder.isEmpty ? "." : folder)
    }

    /// The error for the link `link`, which points at `target`, outside `root`.
    static func outside(_ link: String, target: String, root: String) -> ImportError {
        ImportError(path: link, reason: "is a symbolic link to \(target), outside the folder being imported "
            + "(\(root)); fitreport reads only files inside it. Copy the file into the folder, or import the folder "
            + "it belongs to.")
    }

    /// Walks the folder `path` without following links and refuses the first link that resolves outside it (or
    /// does not resolve at all).
    static func checkFolder(_ path: String) throws(ImportError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
              let root = resolved(path) else { return }
        var pending = [path]
        var visited = 0
        while let folder = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() {
                visited += 1
                if visited > 1_000_000 { return }  // a pathological tree: the importers' own limits apply
                let child = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFLNK:
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: child)) ?? "?"
                    guard let real = resolved(child), isInside(real, root: root) else {
                        throw outside(child, target: target, root: root)
                    }
                case S_IFDIR:
                    pending.append(child)
                default:
                    break
                }
            }
        }
    }

    /// Refuses any of `files` (read by an importer of `source`) that resolves outside the source's folder; `source`
    /// itself is exempt (it was named on the command line).
    static func checkFiles(_ files: [String], source: String) throws(ImportError) {
        guard let root = sourceRoot(of: source) else { return }
        let named = URL(fileURLWithPath: source).standardizedFileURL.path
        for file in files where URL(fileURLWithPath: file).standardizedFileURL.path != named {
            guard let real = resolved(file) else { continue }
            if !isInside(real, root: root) {
                throw outside(file, target: (try? FileManager.default.destinationOfSymbolicLink(atPath: file)) ?? real,
                              root: root)
            }
        }
    }
}
