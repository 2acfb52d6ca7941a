import Plotting
import RunRecord

/// The figures of a comparison page (`Comparison` in `Report`), made from the compared runs' records: every step of
/// every run's losses and every row of their data pass through here, so it lives in this optimised target.
package enum ComparisonFigures {
    /// (name, figure) in page order: `loss`, every run's loss curves overlaid in the run's colour (training losses
    /// solid, validation losses dashed), and `fits`, each run's fitted curve over the data, when any run has data
    /// with a trained prediction. `labels` are the runs' legend labels, in the order of `records`.
    package static func make(_ records: [RunRecord], labels: [String], logLoss: Bool) -> [(String, Figure)] {
        var lossSeries: [Series] = []
        var fitSeries: [Series] = []
        var firstData: RunData?
        for (i, record) in records.enumerated() {
            let color = ReportFigures.cycle[i % ReportFigures.cycle.count]
            // Training losses solid, validation losses dashed, all in the run's colour.
            let losses = ReportFigures.lossFigureSeries(record)
            for s in losses where s.split != .validation || losses.count > 1 {
                let label = losses.count == 1 ? labels[i] : "\(labels[i]) · \(s.name)"
                lossSeries.append(.line(LineSeries(x: s.steps.map(Double.init), y: s.values, label: label,
                                                   color: color, dash: s.split == .validation ? [5.5, 2.4] : [])))
            }
            guard let data = record.data, data.rowCount > 0, let after = data.prediction(.after) else { continue }
            if firstData == nil || firstData?.x != data.x || firstData?.y != data.y {
                fitSeries.insert(.scatter(ScatterSeries(x: data.x, y: data.y, label: firstData == nil ? "data" : nil,
                                                        color: Color(hex: 0x7f7f7f), markerArea: 16, alpha: 0.5)),
                                 at: 0)
                if firstData == nil { firstData = data }
            }
            let order = data.x.indices.sorted { data.x[$0] < data.x[$1] }
            fitSeries.append(.line(LineSeries(x: order.map { data.x[$0] }, y: order.map { after.values[$0] },
                                              label: labels[i], color: color, width: 2)))
        }
        let axes = Set(records.map(\.stepAxis))
        let axisLabel = axes.count > 1 ? "Step (epoch for epoch-level runs)" : (axes.first ?? .epoch).label
        var lossAxes = Axes(title: "Loss vs. \(axisLabel)", xLabel: axisLabel, yLabel: "Loss", grid: true,
                            legend: true, series: lossSeries)
        if logLoss { lossAxes.yScale = .log }

        var figures: [(String, Figure)] = [("loss", Figure(axes: lossAxes))]
        if fitSeries.contains(where: { if case .line = $0 { true } else { false } }) {
            figures.append(("fits", Figure(axes: Axes(title: "Fitted curves", xLabel: "x", yLabel: "y", legend: true,
                                                      series: fitSeries))))
        }
        return figures
    }
}
