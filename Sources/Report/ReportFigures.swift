import Plotting
import Training

/// The report's figures, built from a run as plain `Figure` values (rendering happens elsewhere).
public enum ReportFigures {
    /// Figure names in the order the report shows them.
    public static let names = ["dataset", "before", "loss", "after"]

    /// (name, figure) for every figure of the run, in report order.
    public static func make(for run: TrainingRun) -> [(name: String, figure: Figure)] {
        [
            ("dataset", dataset(run)),
            ("before", prediction(run, predictions: run.predictionsBefore, title: "Before training")),
            ("loss", loss(run)),
            ("after", prediction(run, predictions: run.predictionsAfter, title: "After training")),
        ]
    }

    static func dataset(_ run: TrainingRun) -> Figure {
        Figure(axes: Axes(
            title: "Dataset", xLabel: "x", yLabel: "y_true", grid: true,
            series: [.scatter(ScatterSeries(x: run.dataset.x, y: run.dataset.y))]))
    }

    /// The blog's before/after figure: data as semi-transparent markers, the prediction as a thick red line.
    static func prediction(_ run: TrainingRun, predictions: [Double], title: String) -> Figure {
        let order = run.dataset.x.indices.sorted { run.dataset.x[$0] < run.dataset.x[$1] }
        return Figure(axes: Axes(
            title: title, xLabel: "x", legend: true,
            series: [
                .scatter(ScatterSeries(x: run.dataset.x, y: run.dataset.y, label: "y_true", markerArea: 50, alpha: 0.75)),
                .line(LineSeries(x: order.map { run.dataset.x[$0] }, y: order.map { predictions[$0] },
                                 label: "y_pred", color: .red, width: 4)),
            ]))
    }

    static func loss(_ run: TrainingRun) -> Figure {
        Figure(axes: Axes(
            title: "\(run.config.loss.displayName) vs. Epoch", xLabel: "Epoch", yLabel: "Loss", grid: true,
            series: [.line(LineSeries(x: run.history.indices.map(Double.init), y: run.history))]))
    }
}
