import Crypto
import Foundation
import RunRecord

/// SHA-256 of the files an import read.
enum SourceHashing {
    static func describe(_ files: [(path: String, storedAs: String)]) throws(ImportError) -> [SourceFile] {
        var out: [SourceFile] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw ImportError(path: file.path, reason: "cannot be read. Check that it exists and is readable.")
            }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            out.append(SourceFile(path: file.storedAs, sha256: digest, bytes: data.count))
        }
        return out
    }
}
