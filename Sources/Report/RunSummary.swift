import Training

/// The few lines a command prints after a run: trained parameters and loss, and the least-squares optimum.
public enum RunSummary {
    public static func lines(_ run: TrainingRun) -> [String] {
        let names = run.parameterNames
        func list(_ values: [Double]) -> String {
            zip(names, values).map { "\($0)=\(NumberFormat.short($1, digits: 6))" }.joined(separator: " ")
        }
        let lossName = run.config.loss.displayName
        var lines = ["trained   \(list(run.finalParameters))  \(lossName) \(NumberFormat.short(run.finalLoss, digits: 6))"]
        if let ls = run.leastSquares {
            lines.append("lstsq     \(list(ls.parameters))  \(lossName) \(NumberFormat.short(ls.loss, digits: 6))")
        }
        return lines
    }
}
