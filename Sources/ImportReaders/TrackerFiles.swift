import Foundation
import RunRecord

/// Text helpers shared by the importers of experiment trackers' folders (dvclive, MLflow): reading small text files
/// with located errors, splitting them into lines, parsing numbers as Python writes them, and collapsing points
/// logged more than once at a step. (Walking the folders is `Importers`' part: `TrackerFolders.swift`.)
package enum TrackerFiles {
    /// The whole file as UTF-8 text (a UTF-8 byte-order mark removed).
    /// - Parameter what: what the file should be, for the message when it is missing (`dvclive's params.yaml`).
    package static func readText(_ path: String, what: String) throws(ImportError) -> String {
        guard let data = FileContents.read(path) else {
            if !FileManager.default.fileExists(atPath: path) {
                throw ImportError(path: path, reason: "not found: expected \(what) here.")
            }
            throw ImportError(path: path, reason: "cannot be read. Check that it is a readable file (\(what)).")
        }
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw ImportError(path: path, reason: "is not UTF-8 text; expected \(what).")
        }
        return text
    }

    /// The lines of `text` with their 1-based numbers; LF, CR LF and CR end a line, and a final line break does not
    /// start another line.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var out: [(number: Int, text: Substring)] = []
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            number += 1
            out.append((number, line))
        }
        if let last = out.last, last.text.isEmpty { out.removeLast() }
        return out
    }

    /// A decimal number as Python and most loggers write it (`0.25`, `-1e-05`, `3`), or a non-finite value
    /// (`nan`, `inf`, `-inf`, `infinity`, any case). Hexadecimal and blanks are refused.
    package static func number<S: StringProtocol>(_ text: S) -> Double? {
        guard !text.isEmpty else { return nil }
        var body = Substring(text.lowercased())
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        switch body {
        case "nan": return .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: break
        }
        guard body.first.map({ $0.isASCII && ($0.isNumber || $0 == ".") }) == true,
              body.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x65 || $0 == 0x2B || $0 == 0x2D })
        else { return nil }
        return Double(String(text))
    }

    /// A whole number written in decimal (`12`, `-3`, `+4`); `nil` for anything else, including `3.0`.
    package static func integer<S: StringProtocol>(_ text: S) -> Int? {
        Int(String(text))
    }

    /// `text` in single quotes for messages, cut to about 60 characters and with control characters escaped.
    package static func quoted<S: StringProtocol>(_ text: S) -> String {
        var shown = String(text.prefix(60))
        if text.count > 60 { shown += "…" }
        let escaped = shown.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\t": return "\\t"
            case "\r": return "\\r"
            case "\n": return "\\n"
            default: return scalar.properties.generalCategory == .control
                ? "\\u{" + String(scalar.value, radix: 16) + "}" : String(scalar)
            }
        }.joined()
        return "'" + escaped + "'"
    }

    /// `key: value` lines at the top level of a small YAML file, quotes removed, without parsing it (for telling
    /// folders apart and listing runs, where a malformed file must not stop the listing).
    package static func topLevelScalars(_ path: String) -> [String: String] {
        guard let data = FileContents.read(path), data.count < 1 << 20 else { return [:] }
        var out: [String: String] = [:]
        for line in TrackerFiles.lines(String(decoding: data, as: UTF8.self)) {
            guard let first = line.text.first, first != " ", first != "-", first != "#",
                  let colon = line.text.firstIndex(of: ":") else { continue }
            let key = String(line.text[..<colon])
            var value = line.text[line.text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "'" || q == "\"", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            out[key] = value
        }
        return out
    }

    /// One logged value: its step, its wall-clock time when known, and its position in the file.
    package struct LoggedPoint {
        var step: Int
        var value: Double
        var timestamp: Int?
        var order: Int
    }

    /// Points in increasing step order with one value per step: the last logged (by timestamp, then file order).
    /// `repeatedSteps` counts the steps that had more than one value; `reordered` tells whether the file's
    /// steps were out of order.
    package static func collapse(_ points: [LoggedPoint])
        -> (steps: [Int], values: [Double], repeatedSteps: Int, reordered: Bool)
    {
        let reordered = zip(points, points.dropFirst()).contains { $0.step > $1.step }
        let sorted = points.sorted {
            ($0.step, $0.timestamp ?? 0, $0.order) < ($1.step, $1.timestamp ?? 0, $1.order)
        }
        var steps: [Int] = []
        var values: [Double] = []
        steps.reserveCapacity(sorted.count)
        values.reserveCapacity(sorted.count)
        var repeatedSteps = 0
        var previousWasRepeat = false
        for point in sorted {
            if let last = steps.last, last == point.step {
                values[values.count - 1] = point.value
                if !previousWasRepeat { repeatedSteps += 1 }
                previousWasRepeat = true
            } else {
                steps.append(point.step)
                values.append(point.value)
                previousWasRepeat = false
            }
        }
        return (steps, values, repeatedSteps, reordered)
    }
}
