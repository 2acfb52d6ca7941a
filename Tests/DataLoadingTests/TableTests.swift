import DataLoading
import XCTest

/// `readTable`: several input columns and a target; and rows with more fields than the header.
final class TableTests: DataFileTestCase {
    func table(
        _ text: String, inputs: String, target: String, separator: Separator? = nil, header: HeaderMode = .auto,
        chunkSize: Int? = nil
    ) throws(DataError) -> LoadedTable {
        var reader = DelimitedFileReader(bytes: Array(text.utf8), name: "t.csv", separator: separator, header: header)
        if let chunkSize { reader.chunkSize = chunkSize }
        return try reader.readTable(inputs: ColumnSelector.list(parsing: inputs), target: ColumnSelector(parsing: target))
    }

    func tableError(
        _ text: String, inputs: String, target: String, separator: Separator? = nil, chunkSize: Int? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) -> DataError? {
        do {
            let read = try table(text, inputs: inputs, target: target, separator: separator, chunkSize: chunkSize)
            XCTFail("expected an error, read \(read.rowCount) rows", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Several inputs

    func testSeveralInputsByNameAndNumber() throws {
        let text = "t,a,b,y,note\n1,10,100,5,x\n2,20,200,6,\n3,30,300,7,z\n"
        let read = try table(text, inputs: "b, 2,t", target: "y")
        XCTAssertEqual(read.inputs, [[100, 200, 300], [10, 20, 30], [1, 2, 3]])
        XCTAssertEqual(read.inputNames, ["b", "a", "t"])
        XCTAssertEqual(read.inputColumns, [3, 2, 1])
        XCTAssertEqual(read.y, [5, 6, 7])
        XCTAssertEqual(read.yName, "y")
        XCTAssertEqual(read.yColumn, 4)
        XCTAssertEqual(read.header, ["t", "a", "b", "y", "note"])
        XCTAssertEqual(read.columnCount, 5)
        XCTAssertEqual(read.separator, .comma)
        XCTAssertTrue(read.hadHeader)
        XCTAssertEqual(read.rowCount, 3)
    }

    func testWithoutHeader() throws {
        let read = try table("1 2 3\n4 5 6\n7 8 9\n", inputs: "3,1", target: "2")
        XCTAssertEqual(read.inputs, [[3, 6, 9], [1, 4, 7]])
        XCTAssertEqual(read.inputNames, ["column 3", "column 1"])
        XCTAssertEqual(read.yName, "column 2")
        XCTAssertNil(read.header)
        XCTAssertEqual(read.columnCount, 3)
        XCTAssertEqual(read.separator, .whitespace)
        XCTAssertFalse(read.hadHeader)
    }

    func testNoInputsReadsTheTargetAlone() throws {
        let read = try table("a,y\n1,2\n3,4\n", inputs: "", target: "y")
        XCTAssertEqual(read.inputs, [])
        XCTAssertEqual(read.y, [2, 4])
        XCTAssertEqual(read.rowCount, 2)
    }

    /// Many rows, many chunk sizes, two inputs: the same table each time.
    func testSeveralInputsAcrossChunkBoundaries() throws {
        var text = "\"a, b\",c;x,y\r\n"
        for i in 0..<300 { text += "\(i),\"\(Double(i) / 4)\", \(i * i)\r\n" }
        let expected = try table(text, inputs: "1,2", target: "3")
        XCTAssertEqual(expected.inputNames, ["a, b", "c;x"])
        XCTAssertEqual(expected.inputs[1][5], 1.25)
        XCTAssertEqual(expected.y.last, 299 * 299)
        for chunkSize in [1, 2, 3, 7, 64, 1000] {
            XCTAssertEqual(try table(text, inputs: "1,2", target: "3", chunkSize: chunkSize), expected)
        }
    }

    func testReadColumnsIsTheOneInputTable() throws {
        let text = "x,y,z\n1,2,3\n4,5,6\n"
        let reader = DelimitedFileReader(bytes: Array(text.utf8), name: "t.csv")
        let columns = try reader.readColumns(x: .name("z"), y: .name("x"))
        let read = try reader.readTable(inputs: [.name("z")], target: .name("x"))
        XCTAssertEqual(columns.x, read.inputs[0])
        XCTAssertEqual(columns.y, read.y)
        XCTAssertEqual(columns.xName, read.inputNames[0])
        XCTAssertEqual(columns.xColumn, read.inputColumns[0])
        XCTAssertEqual(columns.yColumn, read.yColumn)
    }

    func testNumberProblemsNameTheirColumn() {
        let error = tableError("a,b,y\n1,2,3\n4,five,6\n", inputs: "a,b", target: "y")
        XCTAssertEqual(error, .notANumber(CellLocation(path: "t.csv", line: 3, column: 2, columnName: "b"),
                                          found: "five"))
        let missing = tableError("a,b,y\n1,2,3\n4\n", inputs: "a,b", target: "y")
        guard case .missingField(let cell, 1, "4", .comma)? = missing else { return XCTFail("\(String(describing: missing))") }
        XCTAssertEqual(cell.column, 2)
    }

    // MARK: Selecting columns

    func testListParsing() {
        XCTAssertEqual(ColumnSelector.list(parsing: "col1,col2"), [.name("col1"), .name("col2")])
        XCTAssertEqual(ColumnSelector.list(parsing: "1,3"), [.index(1), .index(3)])
        XCTAssertEqual(ColumnSelector.list(parsing: " time (s) , 2 ,"), [.name("time (s)"), .index(2)])
        XCTAssertEqual(ColumnSelector.list(parsing: "x"), [.name("x")])
        XCTAssertEqual(ColumnSelector.list(parsing: ""), [])
        XCTAssertEqual(ColumnSelector.list(parsing: " , "), [])
    }

    func testUnknownInputColumn() {
        let error = tableError("a,b,y\n1,2,3\n4,5,6\n", inputs: "a,c", target: "y")
        XCTAssertEqual(error, .unknownColumn(path: "t.csv", line: 1, name: "c", header: ["a", "b", "y"],
                                             columnCount: 3))
        assertMentions("\(error!)", "t.csv, line 1", "no column is named \"c\"", "\"a\", \"b\", \"y\"")
        let outOfRange = tableError("1,2\n3,4\n", inputs: "1,5", target: "2")
        XCTAssertEqual(outOfRange, .columnOutOfRange(path: "t.csv", line: 1, index: 5, columnCount: 2,
                                                     separator: .comma))
    }

    func testColumnListedTwice() {
        let same = tableError("a,b,y\n1,2,3\n4,5,6\n", inputs: "a,b,a", target: "y")
        XCTAssertEqual(same, .repeatedInput(path: "t.csv", line: 1, column: 1, name: "a",
                                            selectors: [.name("a"), .name("a")]))
        assertMentions("\(same!)", "t.csv, line 1", "column 1 (\"a\") is listed twice among the input columns",
                       "List each input column once")
        XCTAssertFalse("\(same!)".contains("(as "))
        // By name and by number: the message shows both.
        let mixed = tableError("a,b,y\n1,2,3\n4,5,6\n", inputs: "b,2", target: "y")
        assertMentions("\(mixed!)", "column 2 (\"b\") is listed twice", "as column \"b\" and as column 2")
        let headerless = tableError("1,2,3\n4,5,6\n", inputs: "1,1", target: "3")
        assertMentions("\(headerless!)", "t.csv, line 1: column 1 is listed twice")
    }

    func testTargetAlsoAnInput() {
        let error = tableError("a,b,y\n1,2,3\n4,5,6\n", inputs: "a,y", target: "3")
        XCTAssertEqual(error, .targetIsInput(path: "t.csv", line: 1, column: 3, name: "y"))
        assertMentions("\(error!)", "t.csv, line 1", "column 3 (\"y\") is selected both as an input and as the target",
                       "Choose another target")
        // readColumns keeps accepting x = y (a single column read twice).
        XCTAssertEqual(try DelimitedFileReader(bytes: Array("1\n2\n".utf8)).readColumns(x: .index(1), y: .index(1)).y,
                       [1, 2])
    }

    // MARK: Rows with more fields than the header

    func testRowWithAnExtraFieldIsAnError() throws {
        guard let (error, path) = try readError("x;y\n1;2\n2;3;9\n4;5\n", x: "x", y: "y") else { return }
        XCTAssertEqual(error, .extraField(CellLocation(path: path, line: 3, column: 3, columnName: nil), fieldCount: 3,
                                          expectedCount: 2, referenceLine: 1, hasHeader: true, found: "2;3;9",
                                          separator: .semicolon))
        assertMentions("\(error)", "\(path), line 3: the row has 3 fields but the header (line 1) has 2",
                       "separator: semicolon", "field 3 belongs to no column", "\"2;3;9\"", "Remove the extra field",
                       "add a name for it to the header")
        // The first data row too, and also with readTable.
        XCTAssertEqual(tableError("x,y\n1,2,3\n4,5\n", inputs: "x", target: "y"),
                       .extraField(CellLocation(path: "t.csv", line: 2, column: 3, columnName: nil), fieldCount: 3,
                                   expectedCount: 2, referenceLine: 1, hasHeader: true, found: "1,2,3",
                                   separator: .comma))
    }

    func testWithoutHeaderTheFirstRowSetsTheCount() throws {
        guard let (error, path) = try readError("1,2\n3,4\n5,6,7\n") else { return }
        XCTAssertEqual(error, .extraField(CellLocation(path: path, line: 3, column: 3, columnName: nil), fieldCount: 3,
                                          expectedCount: 2, referenceLine: 1, hasHeader: false, found: "5,6,7",
                                          separator: .comma))
        assertMentions("\(error)", "line 3: the row has 3 fields but the first row (line 1) has 2",
                       "complete the first row")
    }

    func testExtraFieldFoundAfterEmptyOnes() throws {
        // Fields 3 and 4 are empty, field 5 is not: the message points at field 5.
        let error = tableError("x,y\n1,2\n3,4,, ,8\n", inputs: "x", target: "y")
        guard case .extraField(let cell, 5, 2, 1, true, _, .comma)? = error else { return XCTFail("\(String(describing: error))") }
        XCTAssertEqual(cell.column, 5)
        XCTAssertEqual(cell.line, 3)
    }

    func testExtraFieldInWhitespaceAndTabSeparatedFiles() throws {
        guard let (spaces, _) = try readError("x y\n1 2\n3 4 5\n", x: "x", y: "y") else { return }
        guard case .extraField(_, 3, 2, 1, true, "3 4 5", .whitespace) = spaces else { return XCTFail("\(spaces)") }
        guard let (tabs, _) = try readError("x\ty\n1\t2\n3\t4\tz\n", x: "x", y: "y") else { return }
        guard case .extraField(_, 3, 2, 1, true, _, .tab) = tabs else { return XCTFail("\(tabs)") }
    }

    /// R's `write.table` writes row names under no header name: the rows have one field more, and reading by name
    /// would take the wrong columns, so it is an error whose message says what to do.
    func testRowNamesWithoutAHeaderNameAreCaught() throws {
        guard let (error, _) = try readError("\"x\" \"y\"\n\"1\" 0.5 2.5\n\"2\" 1.5 3.5\n", x: "x", y: "y") else {
            return
        }
        assertMentions("\(error)", "line 2", "3 fields but the header (line 1) has 2", "row name")
    }

    /// The extra field's line does not depend on where chunks end, including inside a quoted line break.
    func testExtraFieldLineDoesNotDependOnChunkSize() {
        var text = "a,b,note\n"
        for i in 0..<40 { text += "\(i),\"\(i)\",\n" }
        text += "7,8,\"multi\nline\",extra\n"
        for chunkSize in [1, 2, 5, 16, 100] {
            let error = tableError(text, inputs: "1", target: "2", chunkSize: chunkSize)
            guard case .extraField(let cell, 4, 3, 1, true, _, .comma)? = error else {
                return XCTFail("chunk size \(chunkSize): \(String(describing: error))")
            }
            XCTAssertEqual(cell.line, 43, "chunk size \(chunkSize)")  // the record starts on line 42
            XCTAssertEqual(cell.column, 4)
        }
    }

    /// A problem in a selected cell of the same row is reported first.
    func testCellProblemsComeBeforeExtraFields() throws {
        guard let (error, path) = try readError("x,y\n1,2\n3,,9\n", x: "x", y: "y") else { return }
        XCTAssertEqual(error, .emptyCell(CellLocation(path: path, line: 3, column: 2, columnName: "y")))
    }

    // MARK: What keeps working

    func testTrailingSeparatorsAreAccepted() throws {
        let accepted: [String] = [
            "x,y,\n1,2,\n3,4,\n",         // on every line, header included
            "x,y\n1,2,\n3,4,\n",          // on the data lines only
            "x,y\n1,2,,\n3,4,\n",         // two
            "x,y\n1,2, \n3,4,\"\"\n",     // blanks, an empty quoted field
            "x;y\r\n1;2;\r\n3;4;\r\n",    // semicolons and CR LF
            "x\ty\n1\t2\t\n3\t4\t\n",     // tabs
            "x y \n1 2 \n3 4\t\n",        // whitespace: trailing blanks make no field at all
            "1,2,\n3,4,\n",               // no header
        ]
        for text in accepted {
            let columns = try read(text)
            XCTAssertEqual(columns.x, [1, 3], text.debugDescription)
            XCTAssertEqual(columns.y, [2, 4], text.debugDescription)
        }
    }

    func testRowsWithFewerFieldsAreAcceptedWhenTheSelectedColumnsAreThere() throws {
        let columns = try read("a,b,c,d\n1,2,3,4\n5,6\n7,8,9\n", x: "a", y: "b")
        XCTAssertEqual(columns.x, [1, 5, 7])
        XCTAssertEqual(columns.y, [2, 6, 8])
        // A missing selected field is still `missingField`, naming the row's field count.
        guard let (error, path) = try readError("a,b,c\n1,2,3\n4,5\n", x: "a", y: "c") else { return }
        XCTAssertEqual(error, .missingField(CellLocation(path: path, line: 3, column: 3, columnName: "c"),
                                            fieldCount: 2, found: "4,5", separator: .comma))
    }
}
