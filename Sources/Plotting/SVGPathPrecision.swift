/// Shortens the numbers in SVG path data (`d="…"`) to two decimals — a hundredth of a pixel, far below what any
/// display shows — so long lines and embedded glyph outlines take fewer bytes. Cairo writes six decimals.
enum SVGPathPrecision {
    private static let marker = Array(" d=\"".utf8)

    static func shorten(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard startsMarker(bytes, at: index) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += marker
            index += marker.count
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                let byte = bytes[index]
                if isNumberStart(byte) {
                    var end = index + 1
                    while end < bytes.count, isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
                    output += rounded(bytes[index..<end])
                    index = end
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return output
    }

    private static func startsMarker(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + marker.count <= bytes.count else { return false }
        for offset in 0..<marker.count where bytes[index + offset] != marker[offset] { return false }
        return true
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isNumberStart(_ b: UInt8) -> Bool {
        isDigit(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
    }

    /// The number rounded to two decimals, without trailing zeros; the text unchanged when it is not a number.
    static func rounded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        guard text.contains(UInt8(ascii: ".")), let value = Double(String(decoding: text, as: UTF8.self)),
              value.isFinite, abs(value) < 1e12
        else { return Array(text) }
        var hundredths = Int64((value * 100).rounded())
        if hundredths == 0 { return Array("0".utf8) }
        var out = hundredths < 0 ? "-" : ""
        hundredths = abs(hundredths)
        out += String(hundredths / 100)
        let fraction = hundredths % 100
        if fraction != 0 {
            out += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
        }
        return Array(out.utf8)
    }
}
