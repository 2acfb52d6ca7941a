import DataLoading
import XCTest

/// Every `DataError`: the right case, and a message naming the file, line and column and saying what was found.
final class ErrorTests: DataFileTestCase {
    func testMissingFile() {
        let path = folder.appendingPathComponent("nope.csv").path
        XCTAssertThrowsError(try DelimitedFileReader(path: path).readColumns(x: .index(1), y: .index(2))) { error in
            XCTAssertEqual(error as? DataError, .fileNotFound(path: path))
            assertMentions("\(error)", path, "no such file")
        }
    }

    func testDirectoryIsUnreadable() {
        let path = folder.path
        XCTAssertThrowsError(try DelimitedFileReader(path: path).readColumns(x: .index(1), y: .index(2))) { error in
            guard case .unreadable(path, _)? = error as? DataError else { return XCTFail("\(error)") }
            assertMentions("\(error)", path, "directory")
        }
    }

    func testEmptyFile() throws {
        for text in ["", "\n\n", "  \r\n\t\n", "# only a comment\n\n"] {
            guard let (error, path) = try readError(text) else { continue }
            XCTAssertEqual(error, .emptyFile(path: path))
            assertMentions("\(error)", path, "empty")
        }
    }

    func testHeaderOnly() throws {
        guard let (error, path) = try readError("# comment\nx,y\n\n", x: "x", y: "y") else { return }
        XCTAssertEqual(error, .noDataRows(path: path, headerLine: 2))
        assertMentions("\(error)", path, "line 2", "header", "no data rows")
    }

    func testSingleDataRowIsADistinctError() throws {
        guard let (error, path) = try readError("x,y\n\n1,2\n", x: "x", y: "y") else { return }
        XCTAssertEqual(error, .tooFewRows(path: path, found: 1, minimum: 2, lastLine: 3))
        assertMentions("\(error)", path, "line 3", "1 data row", "at least 2")
        // The caller decides: one row is fine when asked for at least one.
        XCTAssertEqual(try read("x,y\n\n1,2\n", x: "x", y: "y", minimumRows: 1).x, [1])
        guard let (error3, _) = try readError("1,2\n3,4\n", minimumRows: 3) else { return }
        guard case .tooFewRows(_, 2, 3, 2) = error3 else { return XCTFail("\(error3)") }
    }

    func testUnknownColumnNameListsTheNames() throws {
        let text = "time,value,note\n1,2,a\n3,4,b\n"
        guard let (error, path) = try readError(text, x: "time", y: "valeu") else { return }
        XCTAssertEqual(error, .unknownColumn(path: path, line: 1, name: "valeu", header: ["time", "value", "note"],
                                             columnCount: 3))
        assertMentions("\(error)", path, "line 1", "\"valeu\"", "\"time\", \"value\", \"note\"", "1 to 3")
    }

    func testUnknownColumnNameSuggestsOtherCase() throws {
        guard let (error, _) = try readError("Time,Value\n1,2\n3,4\n", x: "time", y: "Value") else { return }
        assertMentions("\(error)", "Did you mean \"Time\"")
    }

    func testColumnNameWithoutHeader() throws {
        guard let (error, path) = try readError("1,2,3\n4,5,6\n", x: "time", y: "2") else { return }
        XCTAssertEqual(error, .unknownColumn(path: path, line: 1, name: "time", header: nil, columnCount: 3))
        assertMentions("\(error)", path, "line 1", "\"time\"", "no header", "1 to 3")
    }

    func testColumnIndexOutOfRange() throws {
        guard let (error, path) = try readError("# c\na,b,c\n1,2,3\n4,5,6\n", x: "1", y: "5") else { return }
        XCTAssertEqual(error, .columnOutOfRange(path: path, line: 2, index: 5, columnCount: 3, separator: .comma))
        assertMentions("\(error)", path, "line 2", "column 5", "3 columns", "from 1 to 3")
        guard let (zero, _) = try readError("1,2\n3,4\n", x: "0") else { return }
        assertMentions("\(zero)", "column 0", "start at 1")
    }

    func testSingleColumnFileSuggestsTheSeparator() throws {
        guard let (error, _) = try readError("1|2\n3|4\n") else { return }
        guard case .columnOutOfRange(_, 1, 2, 1, .comma) = error else { return XCTFail("\(error)") }
        assertMentions("\(error)", "Only one column", "separator")
    }

    func testNonNumericCell() throws {
        guard let (error, path) = try readError("x,y\n1,2\n3,abc\n5,6\n", x: "x", y: "y") else { return }
        let cell = CellLocation(path: path, line: 3, column: 2, columnName: "y")
        XCTAssertEqual(error, .notANumber(cell, found: "abc"))
        assertMentions("\(error)", "\(path), line 3, column 2 (\"y\")", "\"abc\"", "not a number")
    }

    func testNonNumericCellWithoutHeaderNamesColumnNumber() throws {
        guard let (error, path) = try readError("1 2\n3 4\n5 x7\n") else { return }
        XCTAssertEqual(error, .notANumber(CellLocation(path: path, line: 3, column: 2, columnName: nil), found: "x7"))
        assertMentions("\(error)", "\(path), line 3, column 2:", "\"x7\"")
    }

    func testDecimalCommaHint() throws {
        guard let (error, _) = try readError("x;y\n1,5;2,5\n3;4\n", x: "x", y: "y") else { return }
        guard case .notANumber(let cell, "1,5") = error else { return XCTFail("\(error)") }
        XCTAssertEqual(cell.line, 2)
        assertMentions("\(error)", "decimal comma")
    }

    func testNotFiniteCells() throws {
        for bad in ["nan", "NaN", "-inf", "Infinity", "1e400", "-2E+999"] {
            guard let (error, path) = try readError("x,y\n1,2\n3,\(bad)\n", x: "x", y: "y") else { continue }
            let cell = CellLocation(path: path, line: 3, column: 2, columnName: "y")
            XCTAssertEqual(error, .notFinite(cell, found: bad))
            assertMentions("\(error)", "\(path), line 3, column 2 (\"y\")", "\"\(bad)\"", "not a finite number")
        }
    }

    func testEmptyCell() throws {
        for row in ["3,", "3,  ", "3,\"\"", "3,,9"] {
            guard let (error, path) = try readError("x,y\n1,2\n\(row)\n", x: "x", y: "y") else { continue }
            XCTAssertEqual(error, .emptyCell(CellLocation(path: path, line: 3, column: 2, columnName: "y")), row)
            assertMentions("\(error)", "\(path), line 3, column 2 (\"y\")", "empty", "not a finite number")
        }
    }

    func testRaggedRow() throws {
        guard let (error, path) = try readError("a,b,c\n1,2,3\n4,5\n", x: "a", y: "c") else { return }
        XCTAssertEqual(error, .missingField(CellLocation(path: path, line: 3, column: 3, columnName: "c"),
                                            fieldCount: 2, found: "4,5", separator: .comma))
        assertMentions("\(error)", "\(path), line 3, column 3 (\"c\")", "only 2 fields", "\"4,5\"")
    }

    func testDuplicateHeaderNameIsAmbiguousOnlyWhenSelectedByName() throws {
        let text = "t,v,v\n1,2,3\n4,5,6\n"
        guard let (error, path) = try readError(text, x: "t", y: "v") else { return }
        XCTAssertEqual(error, .ambiguousColumn(path: path, line: 1, name: "v", columns: [2, 3]))
        assertMentions("\(error)", path, "line 1", "\"v\"", "ambiguous", "columns 2 and 3", "number")
        XCTAssertEqual(try read(text, x: "t", y: "3").y, [3, 6])
    }

    func testUnterminatedQuote() throws {
        guard let (error, path) = try readError("x,y\n1,2\n3,\"4\n5,6\n", x: "x", y: "y") else { return }
        guard case .unterminatedQuote(path, 3, 2, let found) = error else { return XCTFail("\(error)") }
        XCTAssertTrue(found.hasPrefix("\"4"))
        assertMentions("\(error)", path, "line 3", "column 2", "closing quote")
    }

    func testUTF16IsRejected() throws {
        let path = try write(bytes: [0xFF, 0xFE, 0x31, 0x00, 0x2C, 0x00, 0x32, 0x00])
        XCTAssertThrowsError(try DelimitedFileReader(path: path).readColumns(x: .index(1), y: .index(2))) { error in
            XCTAssertEqual(error as? DataError, .unsupportedEncoding(path: path, encoding: "UTF-16"))
            assertMentions("\(error)", path, "UTF-16", "UTF-8")
        }
    }

    func testInvalidUTF8IsReportedNotFatal() throws {
        let path = try write(bytes: Array("x,\u{FF}y\n1,2\n3,".utf8) + [0xC3, 0x28, 0xFF] + Array("\n".utf8))
        XCTAssertThrowsError(try DelimitedFileReader(path: path).readColumns(x: .index(1), y: .index(2))) { error in
            guard case .notANumber(let cell, let found)? = error as? DataError else { return XCTFail("\(error)") }
            XCTAssertEqual(cell.line, 3)
            XCTAssertTrue(found.contains("\u{FFFD}"))
        }
        // "x\xFF,y\n1,2\n3,4\n": an invalid byte in a header name.
        let raw = try write(bytes: [0x78, 0xFF, 0x2C, 0x79, 0x0A] + Array("1,2\n3,4\n".utf8), to: "raw.csv")
        let columns = try DelimitedFileReader(path: raw).readColumns(x: .index(1), y: .name("y"))
        XCTAssertEqual(columns.xName, "x\u{FFFD}")
        XCTAssertEqual(columns.x, [1, 3])
    }

    func testLongCellsAreCutInMessages() throws {
        let long = String(repeating: "abcdefghij", count: 20)
        guard let (error, _) = try readError("x,y\n1,2\n3,\(long)\n", x: "x", y: "y") else { return }
        let message = "\(error)"
        assertMentions(message, "\"abcdefghijabcdefghijabcdefghijabcdefghij…\"")
        XCTAssertFalse(message.contains(long))
    }

    func testLinesCountedThroughQuotedLineBreaksBlankLinesAndCRLF() throws {
        let text = "note,x,y\r\n\r\n\"two\r\nlines\",1,2\r\n# comment\r\n\"a\nb\nc\",3,4\r\nlast,5,?\r\n"
        guard let (error, _) = try readError(text, x: "x", y: "y") else { return }
        guard case .notANumber(let cell, "?") = error else { return XCTFail("\(error)") }
        XCTAssertEqual(cell.line, 9)
        XCTAssertEqual(cell.column, 3)
        // A bad cell after a line break inside the same record is on the later line.
        guard let (error2, _) = try readError("x,note,y\n1,\"a\nb\",oops\n", x: "x", y: "y") else { return }
        guard case .notANumber(let cell2, "oops") = error2 else { return XCTFail("\(error2)") }
        XCTAssertEqual(cell2.line, 3)
        // Old Mac line endings: a lone CR ends a line, also inside quotes.
        guard let (error3, _) = try readError("n,x,y\r\"a\rb\",1,2\r\rc,3,?\r", x: "x", y: "y") else { return }
        guard case .notANumber(let cell3, "?") = error3 else { return XCTFail("\(error3)") }
        XCTAssertEqual(cell3.line, 5)
    }
}
