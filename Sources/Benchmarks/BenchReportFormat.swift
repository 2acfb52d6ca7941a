import Foundation

extension BenchReport {
    /// A plain-text table: one row per workload with median, quartiles, min/max and, where a baseline exists,
    /// its speed-up over the reference interpreter.
    public var table: String {
        var lines: [String] = []
        lines.append("machine: \(machine.cpu), \(machine.cores) cores, \(machine.system)")
        let header = ["workload", "unit", "median", "q1", "q3", "min", "max", "reps", "thr", "cpu/wall", "engine",
                      "extra"]
        var rows: [[String]] = [header]
        for r in results {
            var extra = ""
            if let bytes = r.bytes { extra = Self.size(bytes) }
            if let base = results.first(where: { $0.name == Self.baseline(of: r.name) }) {
                extra = String(format: "%.0f× vs interpreter", base.spread.median / r.spread.median)
            }
            rows.append([r.name, r.unit, Self.number(r.spread.median), Self.number(r.spread.q1),
                         Self.number(r.spread.q3), Self.number(r.spread.min), Self.number(r.spread.max),
                         "\(r.samples.count)", r.threads.map(String.init) ?? "",
                         r.cpuPerWall.map { String(format: "%.2f", $0) } ?? "", r.engine ?? "", extra])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                c == 0 || c >= 10 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
            if i == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        for (name, reason) in skipped.sorted(by: { $0.key < $1.key }) { lines.append("skipped \(name): \(reason)") }
        lines.append("peak RSS: \(Self.size(peakRSSBytes)); cpu/wall: process CPU time per wall second during the "
            + "workload (≈ busy threads; lower when other processes hold the cores)")
        return lines.joined(separator: "\n")
    }

    /// The report as pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func baseline(of name: String) -> String? {
        switch name {
        case "train-n100": "train-n100-interpreter"
        case "train-n1m", "train-n1m-1thread": "train-n1m-interpreter"
        default: nil
        }
    }

    private static func number(_ v: Double) -> String {
        if v >= 100 { return String(format: "%.0f", v) }
        if v >= 1 { return String(format: "%.2f", v) }
        return String(format: "%.3f", v)
    }

    private static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576)
            : String(format: "%.1f KB", Double(bytes) / 1024)
    }
}
