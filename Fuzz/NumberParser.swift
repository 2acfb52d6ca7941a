// libFuzzer target: DataLoading's number parser against the C library's correctly rounded `strtod`, bit for bit.
//
// For every input that `strtod` reads completely as a decimal number (no hexadecimal, `inf` or `nan` spellings; blanks
// trimmed as the parser trims them), the parser must give the same bits, or "not finite" exactly when `strtod`
// overflows to ±∞. Whatever the parser calls finite must be a complete decimal number `strtod` agrees with; the
// public cell classifier (`CellValue.parse`) must agree with the parser.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import DataLoading

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumberParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    let parsed = bytes.withUnsafeBufferPointer { buffer -> ParsedNumber in
        guard let base = buffer.baseAddress else { return .empty }
        return NumberParser.parse(base, count: buffer.count)
    }
    // The trimmed text, as the parser trims (spaces and tabs only).
    var start = 0, end = bytes.count
    while start < end, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
    while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
    let text = Array(bytes[start..<end])
    if text.isEmpty {
        fuzzCheck(parsed == .empty, "blank input parsed as \(parsed)")
        return 0
    }
    // Only plain decimal syntax goes to strtod: digits, one optional sign, '.', 'e'/'E' and an exponent sign.
    let plain = text.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 || $0 == 101 || $0 == 69 }
    guard plain, text.count < 4096 else {
        if case .finite = parsed { fuzzFail("finite from non-decimal text \(text)") }
        return 0
    }
    var cString = text.map { CChar(bitPattern: $0) }
    cString.append(0)
    var consumed = 0
    let reference = cString.withUnsafeBufferPointer { buffer -> Double in
        var endPointer: UnsafeMutablePointer<CChar>?
        let value = strtod(buffer.baseAddress!, &endPointer)
        consumed = endPointer.map { UnsafePointer($0) - buffer.baseAddress! } ?? 0
        return value
    }
    let complete = consumed == text.count
    switch parsed {
    case .finite(let value):
        fuzzCheck(complete, "parser accepted \(String(decoding: text, as: UTF8.self)) which strtod stops in")
        fuzzCheck(value.bitPattern == reference.bitPattern,
                     "\(String(decoding: text, as: UTF8.self)): parser \(value) (\(value.bitPattern)), strtod \(reference) (\(reference.bitPattern))")
    case .notFinite:
        fuzzCheck(complete && reference.isInfinite,
                     "\(String(decoding: text, as: UTF8.self)) called not finite; strtod gives \(reference)")
    case .notANumber:
        // strtod accepts a few forms the grammar rejects on purpose? None among plain decimal text: it must agree.
        fuzzCheck(!complete, "\(String(decoding: text, as: UTF8.self)) rejected; strtod reads \(reference)")
    case .empty:
        fuzzFail("non-blank text called empty")
    }
    return 0
}
