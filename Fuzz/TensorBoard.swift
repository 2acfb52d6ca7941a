// libFuzzer target: TensorBoard event files (TFRecord framing, CRC-32C, protobuf Event messages) through `fitreport import`'s importer.
//
// Any input either imports or throws an `ImportError` with a message; no input traps, hangs, leaks or allocates
// without bound.
import Importers

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTensorBoard(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    FuzzFolder.write("tb/events.out.tfevents.1.fuzz", bytes)
    let path = FuzzFolder.path("tb")
    do {
        let imported = try RunImporter.importRun(path, format: .tensorboard)
        fuzzCheck(!imported.record.series.isEmpty, "an import without series")
    } catch {
        fuzzCheck(!error.description.isEmpty, "an import error without a message")
    }
    return 0
}
