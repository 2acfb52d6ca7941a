#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Somewhere bytes come from, a chunk at a time. Both sources feed the same parser.
protocol ByteSource {
    /// Copies up to `count` bytes into `buffer`; returns how many, 0 at the end.
    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(DataError) -> Int
    /// The total size in bytes when known in advance (to reserve the result arrays), else nil.
    var sizeHint: Int? { get }
}

/// Bytes already in memory, handed out in pieces no larger than the reader asks for.
struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(DataError) -> Int {
        let n = min(count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base + offset, count: n) }
        }
        offset += n
        return n
    }

    var sizeHint: Int? { bytes.count }
}

/// A file read with `read(2)`; the descriptor is closed when the source goes away.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let path: String
    let sizeHint: Int?

    /// Opens `path` for reading; a missing file, a directory or a permission problem is a `DataError`.
    init(path: String) throws(DataError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw .fileNotFound(path: path) }
            throw .unreadable(path: path, reason: systemMessage(code))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .unreadable(path: path, reason: systemMessage(code))
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            close(fd)
            throw .unreadable(path: path, reason: "it is a directory, not a file")
        }
        descriptor = fd
        sizeHint = kind == S_IFREG ? Int(info.st_size) : nil
    }

    deinit {
        close(descriptor)
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(DataError) -> Int {
        while true {
            #if canImport(Darwin)
            let n = Darwin.read(descriptor, buffer, count)
            #elseif canImport(Musl)
            let n = Musl.read(descriptor, buffer, count)
            #else
            let n = Glibc.read(descriptor, buffer, count)
            #endif
            if n >= 0 { return n }
            let code = errno
            if code != EINTR { throw .unreadable(path: path, reason: systemMessage(code)) }
        }
    }
}

/// The C library's text for an `errno` value, e.g. "Permission denied".
private func systemMessage(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}
