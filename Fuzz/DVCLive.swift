// libFuzzer target: dvclive folders (plots/metrics/train/loss.tsv, then params.yaml, then metrics.json, separated by lines `@@@@`).
//
// Any input either imports or throws an `ImportError` with a message; no input traps, hangs, leaks or allocates
// without bound.
import Importers

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDVCLive(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    let parts = FuzzInput.split(bytes, into: 3)
    FuzzFolder.write("dvclive/plots/metrics/train/loss.tsv", parts[0])
    FuzzFolder.write("dvclive/params.yaml", parts[1])
    FuzzFolder.write("dvclive/metrics.json", parts[2])
    let path = FuzzFolder.path("dvclive")
    do {
        let imported = try RunImporter.importRun(path, format: .dvclive)
        fuzzCheck(!imported.record.series.isEmpty, "an import without series")
    } catch {
        fuzzCheck(!error.description.isEmpty, "an import error without a message")
    }
    return 0
}
