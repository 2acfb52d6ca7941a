import DataLoading
import XCTest

/// The result must not depend on where chunk boundaries fall: through fields, quotes, `""`, CR LF pairs, blanks
/// before a quote. The input is longer than the first lines the reader samples (about 25), so most of it is
/// parsed while streaming, where boundaries fall.
final class ChunkBoundaryTests: DataFileTestCase {
    /// Ten physical lines holding five data rows; x is 1.25, 2, 3, 4, 5 and y is -300, 4.5, 0.1, 0.001, 6.
    private let block = "\"a,\r\nb\",1.25,-3e2\r\nplain,2, \"4.5\"\r\n  \r\n\"q \"\"x, y\"\" q\", 3 ,0.1\r\n"
        + "# more, \"quote\r\n\"\"\"\",4,\"1e-3\"\r\n\r\n\"\r\n\",5,6\n"
    private let blockCount = 8
    private var text: String {
        "\u{FEFF}# comment, with \"quote\r\nlabel,x,\"y \"\"value\"\"\"\r\n"
            + String(repeating: block, count: blockCount) + "last,7,8"
    }

    private func readAll(chunkSize: Int?, bytes: [UInt8]) throws(DataError) -> LoadedColumns {
        var reader = DelimitedFileReader(bytes: bytes, name: "chunks.csv")
        if let chunkSize { reader.chunkSize = chunkSize }
        return try reader.readColumns(x: .name("x"), y: .name("y \"value\""))
    }

    func testEveryChunkSizeGivesTheSameColumns() throws {
        let bytes = Array(text.utf8)
        let expected = try readAll(chunkSize: nil, bytes: bytes)
        let xBlock: [Double] = [1.25, 2, 3, 4, 5]
        let yBlock: [Double] = [-300, 4.5, 0.1, 0.001, 6]
        XCTAssertEqual(expected.x, Array(repeating: xBlock, count: blockCount).flatMap { $0 } + [7])
        XCTAssertEqual(expected.y, Array(repeating: yBlock, count: blockCount).flatMap { $0 } + [8])
        XCTAssertTrue(expected.hadHeader)
        XCTAssertEqual(expected.separator, .comma)
        for chunkSize in Array(1...80) + [127, 128, 129, bytes.count - 1, bytes.count, bytes.count + 1] {
            XCTAssertEqual(try readAll(chunkSize: chunkSize, bytes: bytes), expected, "chunk size \(chunkSize)")
        }
    }

    func testEveryChunkSizeGivesTheSameFromAFile() throws {
        let path = try write(text)
        let expected = try readAll(chunkSize: nil, bytes: Array(text.utf8))
        for chunkSize in [1, 2, 3, 5, 7, 11, 64] {
            var reader = DelimitedFileReader(path: path)
            reader.chunkSize = chunkSize
            XCTAssertEqual(try reader.readColumns(x: .name("x"), y: .name("y \"value\"")), expected)
        }
    }

    func testErrorLinesDoNotDependOnChunkSize() throws {
        // 2 lines of preamble, 10 per block, "last,7,8", then the bad record over two lines ("oops" on the second).
        let bad = text + "\r\n\"x\r\ny\",5,oops\r\n"
        let bytes = Array(bad.utf8)
        for chunkSize in 1...64 {
            XCTAssertThrowsError(try readAll(chunkSize: chunkSize, bytes: bytes)) { error in
                guard case .notANumber(let cell, "oops")? = error as? DataError else { return XCTFail("\(error)") }
                XCTAssertEqual(cell.line, 2 + 10 * self.blockCount + 1 + 2, "chunk size \(chunkSize)")
                XCTAssertEqual(cell.column, 3)
                XCTAssertEqual(cell.columnName, "y \"value\"")
            }
        }
    }

    func testManyRowsAcrossManySmallChunks() throws {
        var csv = "x\ty\r\n"
        for i in 0..<500 { csv += "\(i)\t\(Double(i) * 0.5 - 7)\r\n" }
        for chunkSize in [3, 17, 100, 4096] {
            var reader = DelimitedFileReader(bytes: Array(csv.utf8))
            reader.chunkSize = chunkSize
            let columns = try reader.readColumns(x: .name("x"), y: .name("y"))
            XCTAssertEqual(columns.rowCount, 500)
            XCTAssertEqual(columns.x.last, 499)
            XCTAssertEqual(columns.y.last, 242.5)
            XCTAssertEqual(columns.separator, .tab)
        }
    }
}
