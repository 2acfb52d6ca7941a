import Digest
import Foundation

/// A file written from a caller's byte buffer and hashed as it is written, so its SHA-256 needs no second read.
final class HashedFileWriter {
    let path: String
    private var descriptor: Int32
    private let digest = Hashing.SHA256Stream()

    /// Creates (or truncates) the file.
    init(path: String) throws(ReportError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw .notWritable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Writes all of `bytes` and empties it, keeping its capacity.
    func write(_ bytes: inout [UInt8]) throws(ReportError) {
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            digest.update(raw)
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        bytes.removeAll(keepingCapacity: true)
        if let failure { throw .notWritable(path: path, reason: String(cString: strerror(failure))) }
    }

    /// Writes what is left in `bytes`, closes the file and returns its SHA-256 in lowercase hex.
    func finish(_ bytes: inout [UInt8]) throws(ReportError) -> String {
        try write(&bytes)
        let result = close(descriptor)
        descriptor = -1
        guard result == 0 else { throw .notWritable(path: path, reason: String(cString: strerror(errno))) }
        return digest.finalize()
    }
}

/// POSIX `write(2)` (the name is taken inside `HashedFileWriter`).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
