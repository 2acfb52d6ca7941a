/// Makes Cairo's SVG output independent of process-global counters.
///
/// Cairo numbers some SVG ids (e.g. those of source surfaces) with counters shared by every surface
/// in the process, so rendering the same figure twice could differ. This renames every `id="…"` to
/// `<letters>_<n>`, numbered by order of definition per prefix, and rewrites the `#…` references
/// (`xlink:href="#…"`, `url(#…)`) to match.
enum SVGNormalizer {
    private static let idMarker = Array("id=\"".utf8)
    private static let hash = UInt8(ascii: "#")
    private static let terminators: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"),
                                                  UInt8(ascii: " "), UInt8(ascii: ">")]

    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        let mapping = collectIDs(bytes)
        guard !mapping.isEmpty else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let markerLength: Int
            if hasMarker(bytes, at: index) {
                markerLength = idMarker.count
            } else if bytes[index] == hash {
                markerLength = 1
            } else {
                output.append(bytes[index])
                index += 1
                continue
            }
            let start = index + markerLength
            let end = valueEnd(bytes, from: start)
            if let replacement = mapping[bytes[start..<end]] {
                output += bytes[index..<start]
                output += replacement
                index = end
            } else {
                output += bytes[index..<start]
                index = start
            }
        }
        return output
    }

    /// id → new name, in order of definition.
    private static func collectIDs(_ bytes: [UInt8]) -> [ArraySlice<UInt8>: [UInt8]] {
        var mapping: [ArraySlice<UInt8>: [UInt8]] = [:]
        var counters: [[UInt8]: Int] = [:]
        var index = 0
        while index < bytes.count {
            guard hasMarker(bytes, at: index) else { index += 1; continue }
            let start = index + idMarker.count
            let end = valueEnd(bytes, from: start)
            let id = bytes[start..<end]
            if mapping[id] == nil {
                let prefix = Array(id.prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) })
                let number = counters[prefix, default: 0] + 1
                counters[prefix] = number
                mapping[id] = prefix + Array("_\(number)".utf8)
            }
            index = end
        }
        return mapping
    }

    private static func hasMarker(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index + idMarker.count <= bytes.count else { return false }
        for offset in 0..<idMarker.count where bytes[index + offset] != idMarker[offset] { return false }
        // Only a standalone attribute, not e.g. `xml:id=` or `some-id=`.
        return index == 0 || bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\n")
    }

    private static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var end = start
        while end < bytes.count, !terminators.contains(bytes[end]) { end += 1 }
        return end
    }
}
