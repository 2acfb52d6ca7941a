import DataLoading
import Foundation
import XCTest

/// Random bytes must never crash the reader, and chunking must not change the outcome.
///
/// A short pass runs with the tests; the long pass (documented in the README):
///
///     FITREPORT_FUZZ_ITERATIONS=100000 swift test -c release --filter RobustnessTests
final class RobustnessTests: XCTestCase {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["FITREPORT_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 5000
    }

    private static let alphabet: [UInt8] =
        Array("0123456789.,;\t \"\r\n#-+eExa".utf8) + [0xEF, 0xBB, 0xBF, 0xFF, 0xC3, 0x00]

    /// Either random bytes (mostly from an alphabet of separators, quotes, digits and line breaks) or a small
    /// valid file with a few bytes changed, so that both errors and successes are exercised.
    private func randomInput(using generator: inout SeededGenerator) -> [UInt8] {
        func randomByte() -> UInt8 {
            Int.random(in: 0..<10, using: &generator) == 0
                ? UInt8.random(in: 0...255, using: &generator)
                : Self.alphabet.randomElement(using: &generator) ?? 0
        }
        if Bool.random(using: &generator) {
            return (0..<Int.random(in: 0...120, using: &generator)).map { _ in randomByte() }
        }
        let separator = [",", ";", "\t", " "].randomElement(using: &generator) ?? ","
        let ending = ["\n", "\r\n", "\r"].randomElement(using: &generator) ?? "\n"
        var text = Bool.random(using: &generator) ? ["x", "a", "\"q\"\"\""].joined(separator: separator) + ending : ""
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            let cells = (0..<3).map { _ in String(Int.random(in: -99...99, using: &generator)) }
            text += cells.joined(separator: separator) + ending
        }
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 0...2, using: &generator) where !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = randomByte()
        }
        return bytes
    }

    /// The outcome as something comparable: the columns or the error.
    private func outcome(_ reader: DelimitedFileReader, x: ColumnSelector, y: ColumnSelector, minimumRows: Int)
        -> Result<LoadedColumns, DataError>
    {
        Result { () throws(DataError) -> LoadedColumns in try reader.readColumns(x: x, y: y, minimumRows: minimumRows) }
    }

    func testRandomBytesNeverCrash() {
        var generator = SeededGenerator(seed: 42)
        let separators: [Separator?] = [nil, .comma, .semicolon, .tab, .whitespace]
        let headers: [HeaderMode] = [.auto, .present, .absent]
        let selectors: [ColumnSelector] = [.index(1), .index(2), .index(3), .index(0), .name("x"), .name("a")]
        var successes = 0
        for round in 0..<Self.iterations {
            let bytes = randomInput(using: &generator)
            var reader = DelimitedFileReader(
                bytes: bytes, name: "<fuzz>", separator: separators.randomElement(using: &generator) ?? nil,
                header: headers.randomElement(using: &generator) ?? .auto)
            let x = selectors.randomElement(using: &generator) ?? .index(1)
            let y = selectors.randomElement(using: &generator) ?? .index(2)
            let minimumRows = Int.random(in: 0...3, using: &generator)
            let whole = outcome(reader, x: x, y: y, minimumRows: minimumRows)
            reader.chunkSize = Int.random(in: 1...9, using: &generator)
            let chunked = outcome(reader, x: x, y: y, minimumRows: minimumRows)
            XCTAssertEqual(whole, chunked, "round \(round), chunk size \(reader.chunkSize)")
            switch whole {
            case .success(let columns):
                successes += 1
                XCTAssertEqual(columns.x.count, columns.rowCount)
                XCTAssertEqual(columns.y.count, columns.rowCount)
                XCTAssertGreaterThanOrEqual(columns.rowCount, max(1, minimumRows))
                XCTAssertTrue(columns.x.allSatisfy(\.isFinite) && columns.y.allSatisfy(\.isFinite))
            case .failure(let error):
                XCTAssertTrue("\(error)".contains("<fuzz>"), "\(error)")
            }
        }
        XCTAssertGreaterThan(successes, 50, "some random inputs should parse")
    }
}
