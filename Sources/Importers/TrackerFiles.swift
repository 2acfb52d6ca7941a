import Foundation
import RunRecord

/// File-system and text helpers shared by the importers of experiment trackers' folders (dvclive, MLflow): reading
/// small text files with located errors, walking folders, parsing numbers as Python writes them, and collapsing
/// points logged more than once at a step.
enum TrackerFiles {
    /// Whether a directory exists at `path` (symbolic links followed).
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Whether a regular file (not a directory) exists at `path`.
    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `folder/name`, without doubling a trailing slash of `folder`.
    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// The last path component of `path` as the user would name it: trailing slashes ignored, `.` and `..`
    /// resolved against the current directory.
    static func folderName(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
    }

    /// Names of the entries of `folder` that are directories (`wantDirectories`) or files, hidden ones (`.name`)
    /// left out, sorted.
    static func entries(of folder: String, directories wantDirectories: Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && isDirectory(join(folder, name)) == wantDirectories
        }.sorted()
    }

    /// Paths relative to `folder` of every non-hidden file below it (any depth; hidden folders skipped), sorted.
    static func filesBelow(_ folder: String) -> [String] {
        var out: [String] = []
        func walk(_ relative: String) {
            let here = relative.isEmpty ? folder : join(folder, relative)
            for name in entries(of: here, directories: true) {
                walk(relative.isEmpty ? name : relative + "/" + name)
            }
            for name in entries(of: here, directories: false) {
                out.append(relative.isEmpty ? name : relative + "/" + name)
            }
        }
        walk("")
        return out.sorted()
    }

    /// The whole file as UTF-8 text (a UTF-8 byte-order mark removed).
    /// - Parameter what: what the file should be, for the message when it is missing (`dvclive's params.yaml`).
    static func readText(_ path: String, what: String) throws(ImportError) -> String {
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
    static func number<S: StringProtocol>(_ text: S) -> Double? {
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
    static func integer<S: StringProtocol>(_ text: S) -> Int? {
        Int(String(text))
    }

    /// `text` in single quotes for messages, cut to about 60 characters and with control characters escaped.
    static func quoted<S: StringProtocol>(_ text: S) -> String {
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

    /// One logged value: its step, its wall-clock time when known, and its position in the file.
    struct LoggedPoint {
        var step: Int
        var value: Double
        var timestamp: Int?
        var order: Int
    }

    /// Points in increasing step order with one value per step: the last logged (by timestamp, then file order).
    /// `repeatedSteps` counts the steps that had more than one value; `reordered` tells whether the file's
    /// steps were out of order.
    static func collapse(_ points: [LoggedPoint]) -> (steps: [Int], values: [Double], repeatedSteps: Int,
                                                      reordered: Bool) {
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
