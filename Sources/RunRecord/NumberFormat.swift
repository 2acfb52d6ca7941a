import Foundation

/// Number formatting shared by producers and the report: exact text for files, short text for people.
public enum NumberFormat {
    /// Shortest text that reads back as the same Double (for CSV and JSON).
    public static func exact(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        return "\(v)"
    }

    /// `digits` significant digits for people (tables, sentences), without trailing float noise.
    public static func short(_ v: Double, digits: Int = 5) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "∞" : "−∞" }
        let text = String(format: "%.\(digits)g", v)
        return text == "-0" ? "0" : text
    }

    /// Seconds for people: "0.153 s", "12.4 s".
    public static func seconds(_ s: Double) -> String {
        s < 1 ? String(format: "%.3f s", s) : String(format: "%.1f s", s)
    }
}

extension NumberFormat {
    /// Integers without a decimal point, other values exactly (epochs in history.csv).
    public static func compact(_ v: Double) -> String {
        v.isFinite && v == v.rounded() && Swift.abs(v) < 1e15 ? String(Int64(v)) : exact(v)
    }

    /// Reads what `exact` wrote (`nan`, `inf`, `-inf` or a decimal number).
    public static func parse(_ text: String) -> Double? {
        switch text {
        case "nan", "NaN": return .nan
        case "inf", "Infinity": return .infinity
        case "-inf", "-Infinity": return -.infinity
        default: return Double(text)
        }
    }
}

extension NumberFormat {
    /// Appends the UTF-8 of `exact(v)` to `bytes`, without making a String (for files of millions of numbers).
    @inlinable
    public static func appendExact(_ v: Double, to bytes: inout [UInt8]) {
        if v.isFinite {
            appendFinite(v, to: &bytes)
        } else if v.isNaN {
            bytes.append(contentsOf: [0x6E, 0x61, 0x6E])  // nan
        } else {
            if v < 0 { bytes.append(0x2D) }  // -
            bytes.append(contentsOf: [0x69, 0x6E, 0x66])  // inf
        }
    }

    @usableFromInline
    static func appendFinite(_ v: Double, to bytes: inout [UInt8]) {
        // `description` is the shortest round-trip text that `exact` returns; at most 15 bytes it is a small String
        // held inline, without a heap allocation.
        bytes += v.description.utf8
    }

    /// Appends the UTF-8 of `compact(v)` to `bytes`.
    public static func appendCompact(_ v: Double, to bytes: inout [UInt8]) {
        if v.isFinite && v == v.rounded() && Swift.abs(v) < 1e15 {
            appendInteger(Int(v), to: &bytes)
        } else {
            appendExact(v, to: &bytes)
        }
    }

    /// Appends the decimal digits of `n` (with `-` when negative) to `bytes`, as `String(n)` spells it.
    public static func appendInteger(_ n: Int, to bytes: inout [UInt8]) {
        if n < 0 { bytes.append(0x2D) }
        var magnitude = n.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var i = 20
            repeat {
                i -= 1
                buffer[i] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[i..<20]))
        }
    }
}
