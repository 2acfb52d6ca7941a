import DataLoading
import Foundation
import XCTest

/// Not a unit test: times reading a big file. Skipped unless `DATALOADING_LARGE_CSV` names a file; columns
/// from `DATALOADING_LARGE_X` and `DATALOADING_LARGE_Y` (default 1 and 2). Run in release, e.g.
/// `DATALOADING_LARGE_CSV=/tmp/10m.csv swift test -c release --filter LargeFileMeasurement`.
final class LargeFileMeasurement: XCTestCase {
    func testReadLargeFile() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment["DATALOADING_LARGE_CSV"] else {
            throw XCTSkip("set DATALOADING_LARGE_CSV to a file to time reading it")
        }
        let x = ColumnSelector(parsing: environment["DATALOADING_LARGE_X"] ?? "1")
        let y = ColumnSelector(parsing: environment["DATALOADING_LARGE_Y"] ?? "2")
        let start = Date()
        let columns = try DelimitedFileReader(path: path).readColumns(x: x, y: y)
        let seconds = Date().timeIntervalSince(start)
        print("DataLoading: read \(columns.rowCount) rows of \(columns.xName), \(columns.yName) in \(seconds) s")
        XCTAssertGreaterThan(columns.rowCount, 0)
    }
}
