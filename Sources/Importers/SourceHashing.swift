import Digest
import Foundation
import ImportReaders
import RunRecord

/// SHA-256 of the files an import read (`Digest`'s `Hashing`, shared with `Report`).
enum SourceHashing {
    static func describe(_ files: [(path: String, storedAs: String)]) throws(ImportError) -> [SourceFile] {
        var out: [SourceFile] = []
        for file in files {
            guard let (digest, bytes) = Hashing.sha256AndSize(file: file.path) else {
                throw ImportError(path: file.path, reason: "cannot be read. Check that it exists and is readable.")
            }
            out.append(SourceFile(path: file.storedAs, sha256: digest, bytes: bytes))
        }
        return out
    }
}
