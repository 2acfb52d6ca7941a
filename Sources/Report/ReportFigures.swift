import Configuration
import Plotting
import Training

/// The report's figures, built from a run as plain `Figure` values (rendering happens elsewhere).
public enum ReportFigures {
    /// Figure names in the order the report shows them.
    public static let names = ["dataset", "before", "loss", "after", "residuals"]

    /// The blog's figure settings: 6.4×4.8 in at 100 dpi, matplotlib's default style, automatic loss scale.
    public static let defaultSettings = FigureSettings(widthInches: 6.4, heightInches: 4.8, dpi: 100,
                                                       style: "default", lossScale: .auto, smooth: 0)

    /// (name, figure) for every figure of the run, in report order.
    public static func make(for run: TrainingRun, settings: FigureSettings = defaultSettings)
        -> [(name: String, figure: Figure)]
    {
        let figures: [(String, Axes)] = [
            ("dataset", dataset(run)),
            ("before", prediction(run, predictions: run.predictionsBefore, title: "Before training")),
            ("loss", loss(run, scale: settings.lossScale, smooth: settings.smooth)),
            ("after", prediction(run, predictions: run.predictionsAfter, title: "After training",
                                 reference: run.leastSquares?.predictions)),
            ("residuals", residuals(run)),
        ]
        let style = PlotStyle.named(settings.style) ?? .default
        return figures.map { name, axes in
            (name, Figure(widthInches: settings.widthInches, heightInches: settings.heightInches, dpi: settings.dpi,
                          axes: axes, style: style))
        }
    }

    static func dataset(_ run: TrainingRun) -> Axes {
        Axes(title: "Dataset", xLabel: "x", yLabel: "$y_{true}$", grid: true,
             series: [.scatter(ScatterSeries(x: run.dataset.x, y: run.dataset.y))])
    }

    /// `values` in order of increasing x, so lines are drawn left to right (shared, not copied, when x is sorted).
    static func sortedByX(_ run: TrainingRun, _ values: [Double]) -> [Double] {
        let x = run.dataset.x
        if zip(x, x.dropFirst()).allSatisfy({ $0 <= $1 }) { return values }
        return x.indices.sorted { x[$0] < x[$1] }.map { values[$0] }
    }

    /// The blog's before/after figure: data as semi-transparent markers, the prediction as a thick red line, and
    /// (after training, for linear models) the least-squares optimum as a dashed line.
    static func prediction(_ run: TrainingRun, predictions: [Double], title: String, reference: [Double]? = nil)
        -> Axes
    {
        let xs = sortedByX(run, run.dataset.x)
        var series: [Series] = [
            .scatter(ScatterSeries(x: run.dataset.x, y: run.dataset.y, label: "y_true", markerArea: 50, alpha: 0.75)),
            .line(LineSeries(x: xs, y: sortedByX(run, predictions), label: "y_pred", color: .red, width: 4)),
        ]
        if let reference {
            series.append(.line(LineSeries(x: xs, y: sortedByX(run, reference), label: "least squares",
                                           color: .black, width: 1.5, dash: [5.5, 2.4])))
        }
        return Axes(title: title, xLabel: "x", legend: true, series: series)
    }

    /// The loss curve; with `smooth` > 0 the raw curve is drawn faint under its exponential moving average.
    static func loss(_ run: TrainingRun, scale: FigureSettings.LossScale, smooth: Double) -> Axes {
        let epochs = run.history.indices.map(Double.init)
        var series: [Series] = []
        if smooth > 0 {
            series.append(.line(LineSeries(x: epochs, y: run.history, label: "raw", alpha: 0.3)))
            series.append(.line(LineSeries(x: epochs, y: exponentialMovingAverage(run.history, factor: smooth),
                                           label: "EMA \(NumberFormat.short(smooth))")))
        } else {
            series.append(.line(LineSeries(x: epochs, y: run.history)))
        }
        var axes = Axes(title: "\(run.config.loss.displayName) vs. Epoch", xLabel: "Epoch", yLabel: "Loss", grid: true,
                        legend: smooth > 0, series: series)
        axes.yScale = useLogScale(run.history, choice: scale) ? .log : .linear
        return axes
    }

    /// `auto` picks log when the positive finite losses span more than two decades.
    static func useLogScale(_ history: [Double], choice: FigureSettings.LossScale) -> Bool {
        switch choice {
        case .log: return true
        case .linear: return false
        case .auto:
            let positive = history.filter { $0 > 0 && $0.isFinite }
            guard let lo = positive.min(), let hi = positive.max() else { return false }
            return hi / lo > 100
        }
    }

    /// s₀ = v₀, sₜ = f·sₜ₋₁ + (1 − f)·vₜ (TensorBoard's smoothing); non-finite values are carried through.
    static func exponentialMovingAverage(_ values: [Double], factor: Double) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(values.count)
        var s = values.first ?? 0
        for v in values {
            s = v.isFinite && s.isFinite ? factor * s + (1 - factor) * v : v
            out.append(s)
        }
        return out
    }

    /// Residuals y − ŷ of the trained model against x, with the zero line.
    static func residuals(_ run: TrainingRun) -> Axes {
        let residuals = zip(run.dataset.y, run.predictionsAfter).map { $0 - $1 }
        let lo = run.dataset.x.min() ?? 0, hi = run.dataset.x.max() ?? 1
        return Axes(
            title: "Residuals", xLabel: "x", yLabel: "$y_{true} - \\hat{y}$", grid: true,
            series: [
                .line(LineSeries(x: [lo, hi], y: [0, 0], color: .black, width: 1)),
                .scatter(ScatterSeries(x: run.dataset.x, y: residuals)),
            ])
    }
}
