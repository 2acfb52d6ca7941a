// libFuzzer target: MLflow file-store run folders (metrics/loss, then meta.yaml, then params/lr, separated by lines `@@@@`).
//
// Any input either imports or throws an `ImportError` with a message; no input traps, hangs, leaks or allocates
// without bound.
import Importers

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMLflow(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    let parts = FuzzInput.split(bytes, into: 3)
    FuzzFolder.write("mlruns/1/run/metrics/loss", parts[0])
    FuzzFolder.write("mlruns/1/run/meta.yaml", parts[1])
    FuzzFolder.write("mlruns/1/run/params/lr", parts[2])
    let path = FuzzFolder.path("mlruns/1/run")
    do {
        let imported = try RunImporter.importRun(path, format: .mlflow)
        fuzzCheck(!imported.record.series.isEmpty, "an import without series")
    } catch {
        fuzzCheck(!error.description.isEmpty, "an import error without a message")
    }
    return 0
}
