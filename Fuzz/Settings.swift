// libFuzzer target: YAML/JSON settings files (Configuration's `ConfigFile`), including run.json's forms.
//
// Any text either gives a `RunConfig` or throws a `ConfigError` with a message; no input traps, hangs or grows
// without bound (alias bombs included).
import Configuration

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettings(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzInput.bytes(data, size), as: UTF8.self)
    do {
        _ = try ConfigFile.parse(text, file: "fuzz.yaml")
    } catch {
        fuzzCheck(!error.description.isEmpty, "a config error without a message")
    }
    return 0
}
