import Foundation

/// Escaping for text that goes into Markdown files and file names.
package enum TextEscaping {
    /// Text safe inside a Markdown paragraph or table cell: no HTML, no emphasis or link syntax, one line.
    package static func markdown(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\n", "\r", "\t": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }

    /// A label safe inside a folder name: letters, digits, `-` and `_` only (others become `-`), at most 64.
    package static func pathLabel(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let ok = (scalar.value < 128) && (CharacterSetASCII.isAlnum(scalar) || scalar == "-" || scalar == "_")
            out.append(ok ? Character(scalar) : "-")
        }
        while out.contains("--") { out = out.replacingOccurrences(of: "--", with: "-") }
        let trimmed = out.trimmingCharacters(in: ["-"])
        return String(trimmed.prefix(64))
    }
}

private enum CharacterSetASCII {
    static func isAlnum(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
    }
}
