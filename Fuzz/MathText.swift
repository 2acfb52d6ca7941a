// libFuzzer target: matplotlib-style mathtext labels (Plotting's `MathText` parser).
//
// Any label parses (a label is never rejected: what is not math is drawn as text) without trapping, and parsing
// is deterministic.
@testable import Plotting

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMathText(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzInput.bytes(data, size), as: UTF8.self)
    let parsed = MathText.parse(text)
    fuzzCheck(MathText.parse(text) == parsed, "parsing \(text) twice differs")
    fuzzCheck(parsed.containsMath == false || MathText.isMath(text), "math found in \(text), isMath says no")
    return 0
}
