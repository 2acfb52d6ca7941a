import RunRecord

/// The few lines a command prints after a run: trained parameters and loss, and the reference optimum; for runs
/// without parameters, each series' last value.
public enum RunSummary {
    public static func lines(_ record: RunRecord) -> [String] {
        let lossName = record.primaryLoss?.label ?? "loss"
        let referenceLoss = record.metrics.first { $0.key.hasPrefix("Least-squares") }?.value
        if !record.parameters.isEmpty {
            func list(_ pick: (Parameter) -> Double?) -> String {
                record.parameters.map { "\($0.name)=\(pick($0).map { NumberFormat.short($0, digits: 6) } ?? "—")" }
                    .joined(separator: " ")
            }
            var lines: [String] = []
            var trained = "trained   \(list(\.final))"
            if let loss = record.metrics.first(where: { $0.key == "Final \(lossName)" })?.value
                ?? record.primaryLoss?.last?.value {
                trained += "  \(lossName) \(NumberFormat.short(loss, digits: 6))"
            }
            lines.append(trained)
            if record.parameters.contains(where: { $0.reference != nil }) {
                var line = "lstsq     \(list(\.reference))"
                if let referenceLoss { line += "  \(lossName) \(NumberFormat.short(referenceLoss, digits: 6))" }
                lines.append(line)
            }
            return lines
        }
        let axis = record.stepAxis == .epoch ? "epoch" : "step"
        return record.series.prefix(12).map { s in
            let last = s.last.map { "\(NumberFormat.short($0.value, digits: 6)) at \(axis) \($0.step)" } ?? "empty"
            return "\(s.name): \(s.count) points, last \(last)"
        }
    }
}
