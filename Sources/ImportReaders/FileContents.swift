#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Whole small files (event files, histories, YAML and JSON settings) read with POSIX calls.
///
/// Not `Data(contentsOf:)` or `FileManager.contents(atPath:)`: swift-corelibs-foundation's reader leaks its 4 KiB
/// buffer for an empty file (found by the fuzz targets under LeakSanitizer), and an importer reads empty files
/// routinely.
package enum FileContents {
    /// The file's bytes, or nil when it cannot be opened or read (missing, a folder, no permission).
    package static func read(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var data = Data()
        data.reserveCapacity(Int(info.st_size))
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
        }
    }
}
