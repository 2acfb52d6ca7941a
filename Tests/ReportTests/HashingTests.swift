import Foundation
import Testing
@testable import Report

/// SHA-256 through OpenSSL's libcrypto: the FIPS 180-2 vectors, a 1 MiB buffer checked with `sha256sum`, files and
/// streaming in pieces.
@Suite struct HashingTests {
    /// 1 MiB of bytes `i % 251`; `sha256sum` gives 631b8402….
    static let mebibyte = Data((0..<(1 << 20)).map { UInt8($0 % 251) })
    static let mebibyteDigest = "631b84027d6b9e52b539c4e8373622d23032dfadc64d60af87339c9037e4f769"

    @Test func knownVectors() {
        #expect(Hashing.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hashing.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hashing.sha256(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Hashing.sha256(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(Hashing.sha256(Self.mebibyte) == Self.mebibyteDigest)
    }

    @Test func streamingInPiecesGivesTheSameDigest() {
        let stream = Hashing.SHA256Stream()
        var offset = 0, piece = 1
        while offset < Self.mebibyte.count {
            let end = min(offset + piece, Self.mebibyte.count)
            stream.update(Self.mebibyte.subdata(in: offset..<end))
            offset = end
            piece = piece * 3 + 1
        }
        stream.update([UInt8]())
        #expect(stream.finalize() == Self.mebibyteDigest)
    }

    @Test func filesAreHashedAsTheirBytesAndMissingOnesGiveNil() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hashing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.bin")
        // Longer than one 1 MiB read, so the file is hashed in two chunks.
        let bytes = Self.mebibyte + Data("abc".utf8)
        try bytes.write(to: big)
        #expect(Hashing.sha256(file: big.path) == Hashing.sha256(bytes))
        let empty = directory.appendingPathComponent("empty")
        try Data().write(to: empty)
        #expect(Hashing.sha256(file: empty.path) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hashing.sha256(file: directory.appendingPathComponent("missing").path) == nil)
        #expect(Hashing.sha256(file: directory.path) == nil)

        // The same 1 MiB as a file, against `sha256sum` where it is installed.
        let mb = directory.appendingPathComponent("mb.bin")
        try Self.mebibyte.write(to: mb)
        #expect(Hashing.sha256(file: mb.path) == Self.mebibyteDigest)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [mb.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(String(decoding: output, as: UTF8.self).prefix(64) == Substring(Self.mebibyteDigest))
        }
    }
}
