import Foundation
import Testing
@testable import Importers

@Suite struct SourceHashingTests {
    @Test func hashesMatchTheStandardVector() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fitreport-abc-\(UUID().uuidString)").path
        try Data("abc".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let files = try SourceHashing.describe([(path, "abc.txt")])
        // FIPS 180-2, appendix B.1
        #expect(files[0].sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(files[0].bytes == 3 && files[0].path == "abc.txt")
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: ImportError.self) { try SourceHashing.describe([("/nonexistent/x.csv", "x.csv")]) }
    }
}
