import Plotting
import Training

/// The report's figures, built from a run as plain `Figure` values (rendering happens elsewhere).
public enum ReportFigures {
    /// Figure names in the order the report shows them.
    public static let names = ["dataset", "before", "loss", "after", "residuals"]

    /// (name, figure) for every figure of the run, in report order.
    public static func make(for run: TrainingRun) -> [(name: String, figure: Figure)] {
        [
            ("dataset", dataset(run)),
            ("before", prediction(run, predictions: run.predictionsBefore, title: "Before training")),
            ("loss", loss(run)),
            ("after", prediction(run, predictions: run.predictionsAfter, title: "After training",
                                 reference: run.leastSquares?.predictions)),
            ("residuals", residuals(run)),
        ]
    }

    static func dataset(_ run: TrainingRun) -> Figure {
        Figure(axes: Axes(
            title: "Dataset", xLabel: "x", yLabel: "y_true", grid: true,
            series: [.scatter(ScatterSeries(x: run.dataset.x, y: run.dataset.y))]))
    }

    /// Indices that sort the data by x, so lines are drawn left to right.
    static func xOrder(_ run: TrainingRun) -> [Int] {
        run.dataset.x.indices.sorted { run.dataset.x[$0] < run.dataset.x[$1] }
    }

    /// The blog's before/after figure: data as semi-transparent markers, the prediction as a thick red line, and
    /// (after training, for linear models) the least-squares optimum as a dashed line.
    static func prediction(_ run: TrainingRun, predictions: [Double], title: String, reference: [Double]? = nil)
        -> Figure
    {
        let order = xOrder(run)
        let xs = order.map { run.dataset.x[$0] }
        var series: [Series] = [
            .scatter(ScatterSeries(x: run.dataset.x, y: run.dataset.y, label: "y_true", markerArea: 50, alpha: 0.75)),
            .line(LineSeries(x: xs, y: order.map { predictions[$0] }, label: "y_pred", color: .red, width: 4)),
        ]
        if let reference {
            series.append(.line(LineSeries(x: xs, y: order.map { reference[$0] }, label: "least squares",
                                           color: .black, width: 1.5, dash: [5.5, 2.4])))
        }
        return Figure(axes: Axes(title: title, xLabel: "x", legend: true, series: series))
    }

    static func loss(_ run: TrainingRun) -> Figure {
        Figure(axes: Axes(
            title: "\(run.config.loss.displayName) vs. Epoch", xLabel: "Epoch", yLabel: "Loss", grid: true,
            series: [.line(LineSeries(x: run.history.indices.map(Double.init), y: run.history))]))
    }

    /// Residuals y − ŷ of the trained model against x, with the zero line.
    static func residuals(_ run: TrainingRun) -> Figure {
        let residuals = zip(run.dataset.y, run.predictionsAfter).map { $0 - $1 }
        let lo = run.dataset.x.min() ?? 0, hi = run.dataset.x.max() ?? 1
        return Figure(axes: Axes(
            title: "Residuals", xLabel: "x", yLabel: "y_true − y_pred", grid: true,
            series: [
                .line(LineSeries(x: [lo, hi], y: [0, 0], color: .black, width: 1)),
                .scatter(ScatterSeries(x: run.dataset.x, y: residuals)),
            ]))
    }
}
