import Testing
@testable import RunRecord

/// The byte-buffer formatters write exactly what the String ones return (history.csv and data.csv depend on it).
@Suite struct NumberFormatTests {
    static func exactBytes(_ v: Double) -> String {
        var bytes: [UInt8] = []
        NumberFormat.appendExact(v, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func compactBytes(_ v: Double) -> String {
        var bytes: [UInt8] = []
        NumberFormat.appendCompact(v, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func specialValuesAndEdges() {
        let values: [Double] = [0, -0.0, 1, -1, 0.1, 1.0 / 3, 2.5e-300, 1e16, 1e15, 123_456_789_012_345_680, .pi, -.pi,
                                .nan, -.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                .leastNonzeroMagnitude, .leastNormalMagnitude, 1.7976931348623157e308, 1e-7,
                                9_007_199_254_740_992, 0.000_1, 100, 1e21, 1e22]
        for v in values {
            #expect(Self.exactBytes(v) == NumberFormat.exact(v), "\(v)")
            #expect(Self.compactBytes(v) == NumberFormat.compact(v), "\(v)")
        }
        #expect(Self.exactBytes(0.1) == "0.1")
        #expect(Self.exactBytes(-0.0) == "-0.0")
        #expect(Self.exactBytes(.nan) == "nan")
        #expect(Self.exactBytes(-.infinity) == "-inf")
        #expect(Self.compactBytes(-0.0) == "0")
    }

    @Test func randomBitPatternsMatchTheStringFormatter() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var bytes: [UInt8] = []
        for k in 0..<200_000 {
            let bits = next()
            // Every bit pattern, and values of ordinary size (losses, parameters) as often.
            let v = k % 2 == 0 ? Double(bitPattern: bits) : Double(Int64(bitPattern: bits) >> 11) * 0x1p-40
            bytes.removeAll(keepingCapacity: true)
            NumberFormat.appendExact(v, to: &bytes)
            if String(decoding: bytes, as: UTF8.self) != NumberFormat.exact(v) {
                Issue.record("\(bits): \(String(decoding: bytes, as: UTF8.self)) vs \(NumberFormat.exact(v))")
                return
            }
        }
    }

    @Test func integersAsStringSpellsThem() {
        for n in [0, 1, -1, 9, 10, 99, 100, 123_456_789, -987_654_321, Int.max, Int.min] {
            var bytes: [UInt8] = []
            NumberFormat.appendInteger(n, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(n))
        }
    }
}
