import Foundation
import ImportReaders

/// Folder helpers shared by the importers of experiment trackers' folders (dvclive, MLflow): telling files from
/// folders, joining paths and walking folders. They run once per file or folder, so they are here, built without
/// optimisation; what reads the files' lines and points is `TrackerFiles` in `ImportReaders`.
extension TrackerFiles {
    /// Whether a directory exists at `path` (symbolic links followed).
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether a regular file (not a directory) exists at `path`.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `folder/name`, without doubling a trailing slash of `folder`.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The last path component of `path` as the user would name it: trailing slashes ignored, `.` and `..`
    /// resolved against the current directory.
    static func folderName(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
    }

    /// Names of the entries of `folder` that are directories (`wantDirectories`) or files, hidden ones (`.name`)
    /// left out, sorted.
    static func entries(of folder: String, directories wantDirectories: Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && isDirectory(join(folder, name)) == wantDirectories
        }.sorted()
    }

    /// Paths relative to `folder` of every non-hidden file below it (any depth; hidden folders skipped), sorted.
    static func filesBelow(_ folder: String) -> [String] {
        var out: [String] = []
        func walk(_ relative: String) {
            let here = relative.isEmpty ? folder : join(folder, relative)
            for name in entries(of: here, directories: true) {
                walk(relative.isEmpty ? name : relative + "/" + name)
            }
            for name in entries(of: here, directories: false) {
                out.append(relative.isEmpty ? name : relative + "/" + name)
            }
        }
        walk("")
        return out.sorted()
    }
}
