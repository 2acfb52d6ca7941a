import CCrypto
import Foundation

/// SHA-256 of files, in lowercase hex, by the system's OpenSSL libcrypto (EVP digests).
public enum Hashing {
    /// The SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        let digest = SHA256Stream()
        digest.update(data)
        return digest.finalize()
    }

    /// Streams the file in 1 MiB chunks; `nil` when it cannot be read.
    public static func sha256(file path: String) -> String? {
        sha256AndSize(file: path)?.digest
    }

    /// The file's SHA-256 and its size in bytes, streamed in 1 MiB chunks; `nil` when it cannot be read.
    public static func sha256AndSize(file path: String) -> (digest: String, bytes: Int)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let digest = SHA256Stream()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return nil  // e.g. a directory
            }
            if n == 0 { break }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            total += n
        }
        return (digest.finalize(), total)
    }

    /// An incremental SHA-256: feed bytes with `update` as they are produced, then `finalize` once.
    public final class SHA256Stream {
        private var context: OpaquePointer?

        public init() {
            guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL: EVP_MD_CTX_new failed (out of memory)") }
            guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
                EVP_MD_CTX_free(context)
                fatalError("OpenSSL: SHA-256 is not available (EVP_DigestInit_ex failed)")
            }
            self.context = context
        }

        deinit { EVP_MD_CTX_free(context) }

        /// Adds `bytes` to the message.
        public func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            guard let context else { preconditionFailure("SHA256Stream used after finalize()") }
            guard EVP_DigestUpdate(context, base, bytes.count) == 1 else { fatalError("OpenSSL: EVP_DigestUpdate failed") }
        }

        /// Adds `data` to the message.
        public func update(_ data: Data) {
            data.withUnsafeBytes { update($0) }
        }

        /// Adds `bytes` to the message.
        public func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { update($0) }
        }

        /// The digest of everything added, in lowercase hex. The stream cannot be used afterwards.
        public func finalize() -> String {
            guard let context else { preconditionFailure("SHA256Stream finalized twice") }
            var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
                fatalError("OpenSSL: EVP_DigestFinal_ex failed")
            }
            EVP_MD_CTX_free(context)
            self.context = nil
            return Hashing.hex(digest[0..<32])
        }
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var i = 0
            for byte in bytes {
                out[i] = digits[Int(byte >> 4)]
                out[i + 1] = digits[Int(byte & 0x0f)]
                i += 2
            }
            return i
        }
    }
}
