// Shared by the libFuzzer targets in Fuzz/ (compiled into each target by scripts/fuzz.sh; not part of the package).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzzer's input as Swift values.
enum FuzzInput {
    /// The input bytes (an empty array for a null pointer).
    static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The bytes between occurrences of `marker` (a line `@@@@` by default): one input can hold several files.
    /// Always `count` parts; missing ones are empty, extra ones are joined into the last.
    static func split(_ bytes: [UInt8], into count: Int, marker: [UInt8] = Array("\n@@@@\n".utf8)) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start = 0
        var i = 0
        while i + marker.count <= bytes.count, parts.count < count - 1 {
            if bytes[i] == marker[0], Array(bytes[i..<(i + marker.count)]) == marker {
                parts.append(Array(bytes[start..<i]))
                i += marker.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(Array(bytes[start...]))
        while parts.count < count { parts.append([]) }
        return parts
    }
}

/// A private scratch folder for targets whose parser reads files: files are rewritten in place for every input.
enum FuzzFolder {
    /// `$TMPDIR` (or /tmp)/fitreport-fuzz-<pid>, created on first use and removed when the process exits normally.
    static let root: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        let path = "\(base)/fitreport-fuzz-\(getpid())"
        mkdir(path, 0o700)
        atexit { _ = system("rm -rf '\(FuzzFolder.root)'") }
        return path
    }()

    /// Writes `bytes` to `relative` under the root (creating folders), truncating what was there; returns the path.
    @discardableResult
    static func write(_ relative: String, _ bytes: [UInt8]) -> String {
        let path = "\(root)/\(relative)"
        var folder = ""
        for component in path.split(separator: "/").dropLast() {
            folder += "/\(component)"
            mkdir(folder, 0o700)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("fuzz scratch file \(path): \(String(cString: strerror(errno)))") }
        bytes.withUnsafeBufferPointer { buffer in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n <= 0 { fatalError("fuzz scratch file \(path): write failed") }
                done += n
            }
        }
        close(fd)
        return path
    }

    /// Removes `relative` under the root if it exists (a file).
    static func remove(_ relative: String) { unlink("\(root)/\(relative)") }

    /// The absolute path of `relative` under the root.
    static func path(_ relative: String) -> String { "\(root)/\(relative)" }
}

/// Reports a broken property on standard error and aborts, so libFuzzer saves the input (a `precondition`
/// message is dropped in optimized builds).
func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fuzzFail(message()) }
}

/// Reports `message` on standard error and aborts.
func fuzzFail(_ message: String) -> Never {
    fputs("FUZZ FINDING: \(message)\n", stderr)
    abort()
}
