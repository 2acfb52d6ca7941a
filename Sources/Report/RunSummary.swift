import RunArtifacts
import RunRecord

/// The few lines a command prints after a run: the trained and reference parameters (a reference with its standard
/// error, `b=7.36072 ± 0.4213`) and the record's metrics; for runs without parameters, each series' last value.
public enum RunSummary {
    /// Parameters printed per line; a network's hundreds of weights are left to run.json and the report.
    public static let maximumParameters = 8

    public static func lines(_ record: RunRecord) -> [String] {
        let short = { (v: Double) in NumberFormat.short(v, digits: 6) }
        var lines: [String] = []
        if !record.parameters.isEmpty {
            let referenceLabel = record.referenceName ?? "reference"
            let width = max("trained".count, referenceLabel.count) + 2
            let shown = record.parameters.prefix(maximumParameters)
            let rest = record.parameters.count - shown.count
            func row(_ label: String, _ text: (Parameter) -> String?) -> String {
                label.padding(toLength: width, withPad: " ", startingAt: 0)
                    + shown.map { "\($0.name)=\(text($0) ?? "—")" }.joined(separator: " ")
                    + (rest > 0 ? " … and \(rest) more (all \(record.parameters.count) in run.json)" : "")
            }
            // Nothing trained (`fitreport fit`): only the reference row.
            if record.parameters.contains(where: { $0.final != nil }) {
                lines.append(row("trained") { $0.final.map(short) })
            }
            if record.parameters.contains(where: { $0.reference != nil }) {
                // With a standard error: b=7.36072 ± 0.4213.
                lines.append(row(referenceLabel) { Uncertainty.estimate($0.reference, standardError: $0.standardError) })
            }
        } else {
            let axis = record.stepAxis == .epoch ? "epoch" : "step"
            lines += record.series.prefix(12).map { s in
                let last = s.last.map { "\(short($0.value)) at \(axis) \($0.step)" } ?? "empty"
                return "\(s.name): \(s.count) points, last \(last)"
            }
        }
        if !record.metrics.isEmpty {
            lines.append(record.metrics.map { "\($0.key) \(short($0.value))" }.joined(separator: " · "))
        }
        return lines
    }
}
