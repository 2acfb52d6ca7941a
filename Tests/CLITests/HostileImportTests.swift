import Foundation
import XCTest

/// `fitreport import` on files written to hurt: hostile and non-UTF-8 names, non-finite values, deep nesting,
/// lengths that claim gigabytes.
final class HostileImportTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    private func writeBytes(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = cli.directory + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Names with HTML and with bytes that are not UTF-8 are escaped in report.html and report.md and reduced to
    /// letters, digits, `-` and `_` in file names; NaN and ±∞ stay in history.csv, are gaps in the figures, and the
    /// report says so.
    func testHostileNamesAndNonFiniteValues() throws {
        var bytes: [UInt8] = []
        let values = ["1.0", "NaN", "0.5", "Infinity", "0.25", "-Infinity"]
        for (epoch, value) in values.enumerated() {
            bytes += Array("{\"epoch\": \(epoch), \"loss\": \(value), \"<img src=x onerror=alert(1)>\": 0.\(epoch), \"acc".utf8)
            bytes += [0xFF, 0xFE]
            bytes += Array("\": 0.5}\n".utf8)
        }
        let path = try writeBytes("h.jsonl", bytes)
        let r = try cli.run(["import", path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let folder = cli.directory + "/output/runs/" + (try XCTUnwrap(cli.runFolders().first))
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        let md = try String(contentsOfFile: folder + "/report.md", encoding: .utf8)
        XCTAssertFalse(html.contains("<img src=x"), "raw HTML in report.html")
        XCTAssert(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "escaped name in report.html")
        XCTAssertFalse(md.contains("<img src=x"), "raw HTML in report.md")
        for page in [html, md] {
            XCTAssert(page.contains("loss has 3 values that are not finite (NaN at epoch 1, +∞ at epoch 3, −∞ at epoch 5)"),
                      "the non-finite values are said")
        }
        let figures = try FileManager.default.contentsOfDirectory(atPath: folder + "/figures")
        for name in figures {
            XCTAssert(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }, name)
        }
        let history = try String(contentsOfFile: folder + "/history.csv", encoding: .utf8)
        XCTAssert(history.contains("\n1,nan,") && history.contains("\n3,inf,") && history.contains("\n5,-inf,"), history)
    }

    /// JSON Lines nested past 256 levels: one error with the line, exit 2, no run folder.
    func testDeeplyNestedJSONLinesIsOneError() throws {
        let deep = "{\"epoch\": 0, \"loss\": 1, \"x\": " + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}\n"
        let path = try writeBytes("deep.jsonl", Array(deep.utf8))
        let r = try cli.run(["import", path])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssert(r.stderr.contains("deep.jsonl") && r.stderr.contains("nested too deeply"), r.stderr)
        XCTAssertEqual(cli.runFolders(), [])
    }

    /// A TFRecord whose (correctly checksummed) length claims a terabyte: refused from the header, without reading
    /// or allocating that much.
    func testTFRecordClaimingATerabyteIsRefusedFromItsHeader() throws {
        let length: UInt64 = 1 << 40
        var header = withUnsafeBytes(of: length.littleEndian) { Array($0) }
        let crc = Self.maskedCRC32C(header)
        header += withUnsafeBytes(of: crc.littleEndian) { Array($0) }
        let path = try writeBytes("tb/events.out.tfevents.1.host", header + Array(repeating: 0, count: 64))
        let start = ContinuousClock.now
        let r = try cli.run(["import", (path as NSString).deletingLastPathComponent])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssert(r.stderr.contains("claims a length of 1099511627776 bytes"), r.stderr)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(20))
        XCTAssertEqual(cli.runFolders(), [])
    }

    /// TFRecord's masked CRC-32C (Castagnoli), bit by bit.
    static func maskedCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        crc = ~crc
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
