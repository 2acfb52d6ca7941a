import CCrypto
import Foundation
import RunRecord

/// SHA-256 of the files an import read (the system's OpenSSL libcrypto, as `Report`'s `Hashing`).
enum SourceHashing {
    static func describe(_ files: [(path: String, storedAs: String)]) throws(ImportError) -> [SourceFile] {
        var out: [SourceFile] = []
        for file in files {
            guard let (digest, bytes) = sha256(file: file.path) else {
                throw ImportError(path: file.path, reason: "cannot be read. Check that it exists and is readable.")
            }
            out.append(SourceFile(path: file.storedAs, sha256: digest, bytes: bytes))
        }
        return out
    }

    /// The file's SHA-256 in lowercase hex and its size, streamed in 1 MiB chunks; `nil` when it cannot be read.
    static func sha256(file path: String) -> (digest: String, bytes: Int)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { return nil }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            guard EVP_DigestUpdate(context, buffer.baseAddress, n) == 1 else { return nil }
            total += n
        }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else { return nil }
        let hex = Array("0123456789abcdef".utf8)
        let text = String(unsafeUninitializedCapacity: 64) { out in
            for (i, byte) in digest[0..<32].enumerated() {
                out[2 * i] = hex[Int(byte >> 4)]
                out[2 * i + 1] = hex[Int(byte & 0x0f)]
            }
            return 64
        }
        return (text, total)
    }
}
