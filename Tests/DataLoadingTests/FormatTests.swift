import DataLoading
import XCTest

/// Separators, headers, quoting, line endings and column selection on real files.
final class FormatTests: DataFileTestCase {
    // MARK: Separators

    func testCommaSeparated() throws {
        let columns = try read("x,y\n1,2\n3,4\n", x: "x", y: "y")
        XCTAssertEqual(columns.x, [1, 3])
        XCTAssertEqual(columns.y, [2, 4])
        XCTAssertEqual(columns.separator, .comma)
        XCTAssertTrue(columns.hadHeader)
        XCTAssertEqual(columns.rowCount, 2)
    }

    func testSemicolonSeparated() throws {
        let columns = try read("x;y;label\n1.5;2;a\n3;4e1;b\n", x: "x", y: "y")
        XCTAssertEqual(columns.separator, .semicolon)
        XCTAssertEqual(columns.x, [1.5, 3])
        XCTAssertEqual(columns.y, [2, 40])
    }

    func testTabSeparated() throws {
        let columns = try read("x\ty\tnote\n1\t2\tsome words\n3\t4\tmore, words\n", x: "x", y: "y")
        XCTAssertEqual(columns.separator, .tab)
        XCTAssertEqual(columns.x, [1, 3])
        XCTAssertEqual(columns.y, [2, 4])
    }

    func testWhitespaceSeparatedWithRunsOfBlanks() throws {
        let columns = try read("  x    y \n 1  \t 2\n3 4   \n\t5\t\t6\n", x: "x", y: "y")
        XCTAssertEqual(columns.separator, .whitespace)
        XCTAssertEqual(columns.x, [1, 3, 5])
        XCTAssertEqual(columns.y, [2, 4, 6])
    }

    func testBlanksAroundCommaSeparatedFieldsAreIgnored() throws {
        let columns = try read("x , y\n 1 , 2 \n3,\t4\n", x: "x", y: "y")
        XCTAssertEqual(columns.separator, .comma)
        XCTAssertEqual(columns.xName, "x")
        XCTAssertEqual(columns.x, [1, 3])
        XCTAssertEqual(columns.y, [2, 4])
    }

    func testCommaWinsOverWhitespaceWhenBothSplitEvenly() throws {
        let columns = try read("x, y\n1, 2\n3, 4\n", x: "x", y: "y")
        XCTAssertEqual(columns.separator, .comma)
        XCTAssertEqual(columns.y, [2, 4])
    }

    func testExplicitSeparatorOverridesDetection() throws {
        // Detection would pick whitespace; told comma, each line is one field.
        let text = "1 2\n3 4\n"
        XCTAssertEqual(try read(text).separator, .whitespace)
        guard let (error, _) = try readError(text, separator: .comma) else { return }
        guard case .columnOutOfRange(_, 1, 2, 1, .comma) = error else { return XCTFail("\(error)") }
        // Detection would pick semicolon; told comma, "1;2" and "3,5" are the fields.
        let columns = try read("a;b,c\n1;2,3.5\n4;5,6\n", x: "2", y: "2", separator: .comma)
        XCTAssertEqual(columns.x, [3.5, 6])
    }

    func testSeparatorParsing() {
        XCTAssertEqual(Separator(parsing: ","), .comma)
        XCTAssertEqual(Separator(parsing: "Semicolon"), .semicolon)
        XCTAssertEqual(Separator(parsing: "\\t"), .tab)
        XCTAssertEqual(Separator(parsing: "tab"), .tab)
        XCTAssertEqual(Separator(parsing: "whitespace"), .whitespace)
        XCTAssertNil(Separator(parsing: "pipe"))
        XCTAssertEqual(Separator.tab.description, "tab")
    }

    // MARK: Headers

    func testHeaderDetected() throws {
        let columns = try read("time,value\n0,1\n1,2\n", x: "time", y: "value")
        XCTAssertTrue(columns.hadHeader)
        XCTAssertEqual(columns.xName, "time")
        XCTAssertEqual(columns.yName, "value")
        XCTAssertEqual(columns.x, [0, 1])
    }

    func testNoHeaderDetected() throws {
        let columns = try read("0,1\n1,2\n2,5\n")
        XCTAssertFalse(columns.hadHeader)
        XCTAssertEqual(columns.xName, "column 1")
        XCTAssertEqual(columns.yName, "column 2")
        XCTAssertEqual(columns.x, [0, 1, 2])
        XCTAssertEqual(columns.y, [1, 2, 5])
    }

    func testTextColumnWithoutHeaderIsData() throws {
        let columns = try read("alpha,1,2\nbeta,3,4\n", x: "2", y: "3")
        XCTAssertFalse(columns.hadHeader)
        XCTAssertEqual(columns.x, [1, 3])
    }

    func testNumericLookingHeaderNeedsToBeDeclared() throws {
        // Nothing marks "name,2019,2020" as a header (its text column is text below too), so it is data...
        let text = "name,2019,2020\nalpha,1,2\nbeta,3,4\n"
        XCTAssertEqual(try read(text, x: "2", y: "3").x, [2019, 1, 3])
        // ...unless the caller says there is a header.
        let path = try write(text)
        let columns = try DelimitedFileReader(path: path, header: .present).readColumns(x: .name("2019"), y: .index(3))
        XCTAssertTrue(columns.hadHeader)
        XCTAssertEqual(columns.xName, "2019")
        XCTAssertEqual(columns.yName, "2020")
        XCTAssertEqual(columns.y, [2, 4])
    }

    func testHeaderDetectedFromAnyNumericColumn() throws {
        let columns = try read("name,t,v\nalpha,1,2\nbeta,3,4\n", x: "t", y: "v")
        XCTAssertTrue(columns.hadHeader)
        XCTAssertEqual(columns.y, [2, 4])
    }

    func testHeaderModeOverrides() throws {
        let present = try read("1,2\n3,4\n5,6\n", header: .present)
        XCTAssertTrue(present.hadHeader)
        XCTAssertEqual(present.xName, "1")
        XCTAssertEqual(present.x, [3, 5])
        guard let (error, _) = try readError("x,y\n1,2\n3,4\n", header: .absent) else { return }
        guard case .notANumber(let cell, "x") = error else { return XCTFail("\(error)") }
        XCTAssertEqual(cell.line, 1)
        XCTAssertEqual(cell.column, 1)
    }

    // MARK: Quoting

    func testQuotedFieldsWithSeparatorsAndDoubledQuotes() throws {
        let text = [
            #""label, long",x,"say ""hi""""#,
            #""a, b",1,2"#,
            #""x ""y, z"" w",1.5,2.5"#,
            #""He said ""go""",3,"4.5""#,
            #"plain,5, "6""#,
            "",
        ].joined(separator: "\n")
        let columns = try read(text, x: "x", y: "say \"hi\"")
        XCTAssertTrue(columns.hadHeader)
        XCTAssertEqual(columns.yName, "say \"hi\"")
        XCTAssertEqual(columns.yColumn, 3)
        XCTAssertEqual(columns.x, [1, 1.5, 3, 5])
        XCTAssertEqual(columns.y, [2, 2.5, 4.5, 6])
    }

    func testQuotedFieldSpanningLines() throws {
        let columns = try read("note,x,y\n\"first line\nsecond, line\",1,2\nplain,3,4\n", x: "x", y: "y")
        XCTAssertEqual(columns.x, [1, 3])
        XCTAssertEqual(columns.y, [2, 4])
    }

    func testQuotedFieldsInWhitespaceSeparatedFile() throws {
        let columns = try read("name x y\n\"New York\" 1 2\n\"Los  Angeles\" 3 4\n", x: "x", y: "y")
        XCTAssertEqual(columns.separator, .whitespace)
        XCTAssertEqual(columns.x, [1, 3])
    }

    // MARK: Line endings, BOM, blank and comment lines

    func testCRLFLineEndings() throws {
        let columns = try read("x,y\r\n1,2\r\n3,4\r\n", x: "x", y: "y")
        XCTAssertEqual(columns.x, [1, 3])
        XCTAssertEqual(columns.y, [2, 4])
        XCTAssertEqual(columns.yName, "y")
    }

    func testLoneCRLineEndings() throws {
        let columns = try read("x,y\r1,2\r3,4\r", x: "x", y: "y")
        XCTAssertEqual(columns.x, [1, 3])
    }

    func testByteOrderMarkIsSkipped() throws {
        let path = try write(bytes: [0xEF, 0xBB, 0xBF] + Array("x,y\n1,2\n3,4\n".utf8))
        let columns = try DelimitedFileReader(path: path).readColumns(x: .name("x"), y: .name("y"))
        XCTAssertEqual(columns.xName, "x")
        XCTAssertEqual(columns.x, [1, 3])
    }

    func testTrailingBlankLinesAndMissingFinalNewline() throws {
        XCTAssertEqual(try read("x,y\n1,2\n3,4\n\n\n  \n\r\n").x, [1, 3])
        XCTAssertEqual(try read("x,y\r\n1,2\r\n3,4\r\n\r\n\r\n").y, [2, 4])
        XCTAssertEqual(try read("x,y\n1,2\n3,4").y, [2, 4])
        XCTAssertEqual(try read("1 2\n3 4\n\t\n").x, [1, 3])
    }

    func testBlankAndCommentLinesAreSkipped() throws {
        let text = "# measured 2024-05-01\n\nx,y\n# first run\n1,2\n\n   # indented comment\n3,4\n"
        let columns = try read(text, x: "x", y: "y")
        XCTAssertTrue(columns.hadHeader)
        XCTAssertEqual(columns.x, [1, 3])
    }

    func testCommentLinesCanBeData() throws {
        var reader = DelimitedFileReader(path: try write("x,y\n#1,2\n3,4\n"))
        XCTAssertEqual(try reader.readColumns(x: .index(1), y: .index(2), minimumRows: 1).x, [3])
        reader.skipsCommentLines = false
        XCTAssertThrowsError(try reader.readColumns(x: .index(1), y: .index(2))) { error in
            guard case .notANumber(let cell, "#1")? = error as? DataError else { return XCTFail("\(error)") }
            XCTAssertEqual(cell.line, 2)
        }
    }

    // MARK: Selection

    func testSelectionByNameAndIndexMixed() throws {
        let columns = try read("a,b,c\n1,2,3\n4,5,6\n", x: "c", y: "1")
        XCTAssertEqual(columns.xName, "c")
        XCTAssertEqual(columns.xColumn, 3)
        XCTAssertEqual(columns.yName, "a")
        XCTAssertEqual(columns.yColumn, 1)
        XCTAssertEqual(columns.x, [3, 6])
        XCTAssertEqual(columns.y, [1, 4])
    }

    func testSameColumnTwice() throws {
        let columns = try read("1\n2\n3\n", x: "1", y: "1")
        XCTAssertEqual(columns.x, columns.y)
        XCTAssertEqual(columns.rowCount, 3)
    }

    func testOtherColumnsMayHoldAnything() throws {
        let columns = try read("x,y,z\n1,2,not a number\n3,4,\n5,6,nan\n", x: "x", y: "y")
        XCTAssertEqual(columns.y, [2, 4, 6])
    }

    func testColumnSelectorParsing() {
        XCTAssertEqual(ColumnSelector(parsing: "3"), .index(3))
        XCTAssertEqual(ColumnSelector(parsing: " 12 "), .index(12))
        XCTAssertEqual(ColumnSelector(parsing: "0"), .index(0))
        XCTAssertEqual(ColumnSelector(parsing: "x"), .name("x"))
        XCTAssertEqual(ColumnSelector(parsing: " time (s) "), .name("time (s)"))
        XCTAssertEqual(ColumnSelector(parsing: "3a"), .name("3a"))
        XCTAssertEqual(ColumnSelector(parsing: "-1"), .name("-1"))
        XCTAssertEqual(ColumnSelector(parsing: "99999999999999999999999"), .index(Int.max))
        XCTAssertEqual(ColumnSelector.name("x").description, "column \"x\"")
    }

    func testInMemoryBytesReadLikeAFile() throws {
        let bytes = Array("x;y\r\n1;2\r\n3;4\r\n".utf8)
        let columns = try DelimitedFileReader(bytes: bytes, name: "pasted").readColumns(x: .name("x"), y: .name("y"))
        XCTAssertEqual(columns.separator, .semicolon)
        XCTAssertEqual(columns.x, [1, 3])
        XCTAssertEqual(columns.y, [2, 4])
    }
}
