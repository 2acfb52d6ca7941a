// libFuzzer target: the delimited-text reader (DataLoading) on arbitrary bytes.
//
// Every input either loads or throws a `DataError` with a message; whatever loads has equal column lengths. The first byte chooses the separator, header mode and chunk size, so chunk boundaries fall
// everywhere.
@testable import DataLoading

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDelimitedText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let all = FuzzInput.bytes(data, size)
    guard let mode = all.first else { return 0 }
    let bytes = Array(all.dropFirst())
    let separators: [Separator?] = [nil, .comma, .semicolon, .tab, .whitespace]
    let headers: [HeaderMode] = [.auto, .present, .absent]
    var reader = DelimitedFileReader(bytes: bytes, name: "fuzz.csv",
                                     separator: separators[Int(mode) % separators.count],
                                     header: headers[Int(mode / 5) % headers.count])
    reader.chunkSize = (mode & 0x80) != 0 ? 1 + Int(mode & 0x0f) : 1 << 16
    do {
        let table = try reader.readTable(inputs: [.index(1)], target: .index(2), minimumRows: 1)
        fuzzCheck(table.inputs[0].count == table.y.count, "columns of different lengths")
    } catch {
        fuzzCheck(!error.description.isEmpty, "an error without a message")
    }
    do {
        let columns = try reader.readColumns(x: .name("x"), y: .name("y"))
        fuzzCheck(columns.x.count == columns.y.count, "columns of different lengths")
    } catch {}
    return 0
}
