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
