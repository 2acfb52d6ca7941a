// libFuzzer target: Keras CSVLogger files through `fitreport import --format keras`'s importer.
//
// Any input either imports or throws an `ImportError` with a message; no input traps, hangs, leaks or allocates
// without bound.
import Importers

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKerasCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    let path = FuzzFolder.write("training.log", bytes)
    do {
        let imported = try RunImporter.importRun(path, format: .keras)
        fuzzCheck(!imported.record.series.isEmpty, "an import without series")
    } catch {
        fuzzCheck(!error.description.isEmpty, "an import error without a message")
    }
    return 0
}
