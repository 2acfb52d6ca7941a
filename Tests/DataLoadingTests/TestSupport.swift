import DataLoading
import Foundation
import XCTest

/// A fresh temporary folder per test case, removed afterwards, and helpers to write and read files in it.
class DataFileTestCase: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("DataLoadingTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    /// Writes `text` (as UTF-8) to `name` in the temporary folder and returns its path.
    @discardableResult
    func write(_ text: String, to name: String = "data.csv") throws -> String {
        try write(bytes: Array(text.utf8), to: name)
    }

    /// Writes raw bytes to `name` in the temporary folder and returns its path.
    @discardableResult
    func write(bytes: [UInt8], to name: String = "data.csv") throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Writes `text` to a file and reads columns `x` and `y` from it.
    func read(
        _ text: String, x: String = "1", y: String = "2", separator: Separator? = nil, header: HeaderMode = .auto,
        minimumRows: Int = 2, file: StaticString = #filePath, line: UInt = #line
    ) throws -> LoadedColumns {
        let path = try write(text)
        return try DelimitedFileReader(path: path, separator: separator, header: header)
            .readColumns(x: ColumnSelector(parsing: x), y: ColumnSelector(parsing: y), minimumRows: minimumRows)
    }

    /// Writes `text` to a file, reads it expecting a `DataError`, and returns the error and the file's path.
    func readError(
        _ text: String, x: String = "1", y: String = "2", separator: Separator? = nil, header: HeaderMode = .auto,
        minimumRows: Int = 2, name: String = "data.csv", file: StaticString = #filePath, line: UInt = #line
    ) throws -> (error: DataError, path: String)? {
        let path = try write(text, to: name)
        let reader = DelimitedFileReader(path: path, separator: separator, header: header)
        do {
            let columns = try reader.readColumns(
                x: ColumnSelector(parsing: x), y: ColumnSelector(parsing: y), minimumRows: minimumRows)
            XCTFail("expected an error, read \(columns.rowCount) rows", file: file, line: line)
            return nil
        } catch {
            return (error, path)
        }
    }
}

/// Asserts that `message` contains each of `parts`.
func assertMentions(_ message: String, _ parts: String..., file: StaticString = #filePath, line: UInt = #line) {
    for part in parts where !message.contains(part) {
        XCTFail("message does not mention \(part.debugDescription): \(message)", file: file, line: line)
    }
}

/// A small seeded generator (SplitMix64), so random tests are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
