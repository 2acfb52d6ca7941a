// libFuzzer target: PyTorch Lightning CSVLogger folders (metrics.csv, then hparams.yaml after a line `@@@@`).
//
// Any input either imports or throws an `ImportError` with a message; no input traps, hangs, leaks or allocates
// without bound.
import Importers

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLightningCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    let parts = FuzzInput.split(bytes, into: 2)
    FuzzFolder.write("lightning/version_0/metrics.csv", parts[0])
    FuzzFolder.write("lightning/version_0/hparams.yaml", parts[1])
    let path = FuzzFolder.path("lightning/version_0")
    do {
        let imported = try RunImporter.importRun(path, format: .lightning)
        fuzzCheck(!imported.record.series.isEmpty, "an import without series")
    } catch {
        fuzzCheck(!error.description.isEmpty, "an import error without a message")
    }
    return 0
}
