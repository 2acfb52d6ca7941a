import Plotting
import RunRecord

/// The report's figures, built from a run record as plain `Figure` values (rendering happens elsewhere).
///
/// Figures adapt to what the record holds: `dataset`, `before`, `after` and `residuals` only when it has data and
/// the matching predictions; `loss` with every loss-like series on shared axes (train and validation together, with
/// the best validation step marked); one more figure per group of other series (`accuracy` with `val_accuracy`,
/// the learning rate when it changes).
///
/// Data with one input is drawn against it (the blog's figures). Data with several inputs is drawn as small
/// multiples: `dataset` and `residuals` have one panel per input (at most three to a row), and `before` and `after`
/// show predicted against actual values around the line y = x.
public enum ReportFigures {
    /// The order the report shows the fixed figures in; series figures follow.
    public static let names = ["dataset", "before", "loss", "after", "residuals"]

    /// At most this many panels go in one row of a small-multiples figure.
    public static let maxColumns = 3

    /// matplotlib's tab10 cycle.
    static let cycle: [Color] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                 0xbcbd22, 0x17becf].map { Color(hex: $0) }

    /// (name, figure) for every figure the record supports, in report order.
    public static func make(for record: RunRecord, settings: FigureSettings = .blog)
        -> [(name: String, figure: Figure)]
    {
        let style = PlotStyle.named(settings.style) ?? .default
        func figure(_ axes: Axes) -> Figure {
            Figure(widthInches: settings.widthInches, heightInches: settings.heightInches, dpi: settings.dpi,
                   axes: axes, style: style)
        }
        func grid(_ panels: [Axes], title: String) -> Figure {
            let (rows, columns) = gridShape(panels.count)
            // A row keeps the figure's height; more rows make it taller, each row three quarters of it.
            let height = rows == 1 ? settings.heightInches : settings.heightInches * 0.75 * Double(rows)
            return Figure(widthInches: settings.widthInches, heightInches: height, dpi: settings.dpi,
                          panels: panels, columns: columns, title: title, style: style)
        }

        var figures: [(String, Figure)] = []
        let data = record.data.flatMap { $0.rowCount > 0 ? $0 : nil }
        let severalInputs = (data?.inputs.count ?? 0) > 1
        if let data {
            figures.append(("dataset", severalInputs ? grid(datasetPanels(data), title: "Dataset")
                                                     : figure(dataset(data))))
        }
        if let data, let before = data.prediction(.before) {
            let axes = severalInputs ? predictedVsActual(data, main: before, title: "Before training")
                                     : prediction(data, main: before, title: "Before training")
            figures.append(("before", figure(axes)))
        }
        if let loss = loss(record, scale: settings.lossScale, smooth: settings.smooth) {
            figures.append(("loss", figure(loss)))
        }
        // The fitted curve: the trained model's, or — when nothing was trained (`fitreport fit`) — the reference's.
        let fitted = data.flatMap { d in d.prediction(.after).map { ($0, false) } ?? d.prediction(.reference).map { ($0, true) } }
        if let data, let (after, referenceOnly) = fitted {
            let others = data.predictions.filter {
                ($0.role == .reference && !referenceOnly) || $0.role == .other
            }
            let title = referenceOnly ? "Least-squares fit" : "After training"
            let label = referenceOnly ? after.name : "y_pred"
            // A band of the wrong length is a problem of the record (`RunData.problems`); it is not drawn.
            let band = data.band.flatMap {
                $0.lower.count == data.rowCount && $0.upper.count == data.rowCount ? $0 : nil
            }
            if severalInputs {
                figures.append(("after", figure(predictedVsActual(data, main: after, title: title,
                                                                  others: others, band: band, label: label))))
                figures.append(("residuals", grid(residualPanels(data, after), title: "Residuals")))
            } else {
                figures.append(("after", figure(prediction(data, main: after, title: title,
                                                           others: others, band: band, label: label))))
                figures.append(("residuals", figure(residuals(data, after))))
            }
        }
        figures += trainingFigures(record, settings: settings).map { name, axes in (name, figure(axes)) }
        figures += seriesFigures(record, scale: settings.lossScale).map { name, axes in (name, figure(axes)) }
        guard let chosen = settings.figureNames else { return figures }
        return figures.filter { name, _ in
            chosen.contains(name) || (name.hasPrefix("series") && chosen.contains("series"))
        }
    }

    /// The landscape and the trajectories, when the record has what they need and they are wanted: named in
    /// `--figures`, or by default for 2–10 parameters.
    static func trainingFigures(_ record: RunRecord, settings: FigureSettings) -> [(String, Axes)] {
        guard let history = record.parameterHistory, history.count > 0 else { return [] }
        func wanted(_ name: String) -> Bool {
            settings.figureNames?.contains(name) ?? defaultTrainingFigureParameters.contains(history.names.count)
        }
        var out: [(String, Axes)] = []
        if wanted("landscape"), let landscape = record.landscape, let axes = Self.landscape(landscape, record: record) {
            out.append(("landscape", axes))
        }
        if wanted("trajectories"), let axes = trajectories(history, record: record) {
            out.append(("trajectories", axes))
        }
        return out
    }

    /// The x axis label for input `name`: the blog's mathtext `$x$` (drawn italic, as matplotlib draws it) for the
    /// input named `x`, the name itself otherwise.
    static func inputLabel(_ name: String?) -> String {
        guard let name, name != "x" else { return "$x$" }
        return name
    }

    /// Rows and columns of a grid of `count` panels: as few rows of at most `maxColumns` as hold them, filled
    /// evenly (4 panels → 2 × 2, 5 → 2 × 3, 7 → 3 × 3).
    public static func gridShape(_ count: Int) -> (rows: Int, columns: Int) {
        let rows = max(1, (count + maxColumns - 1) / maxColumns)
        return (rows, max(1, (count + rows - 1) / rows))
    }

    /// The caption of a figure on the report page: its figure title, else the title of its (first) axes.
    package static func caption(of figure: Figure) -> String? {
        figure.title.flatMap { $0.isEmpty ? nil : $0 } ?? figure.axes.title
    }

    static func dataset(_ data: RunData) -> Axes {
        let series = rows(data, x: data.x, y: data.y, label: nil)
        return Axes(title: "Dataset", xLabel: inputLabel(data.inputs.first?.name), yLabel: "$y_{true}$", grid: true,
                    legend: series.count > 1, series: series)
    }

    /// Markers for every row at (`x`[i], `y`[i]): one series, or — when the data says which rows were held out for
    /// validation — the training rows in blue and the validation rows in orange (the colours of the loss figure's
    /// `loss` and `val_loss`), each labelled.
    static func rows(_ data: RunData, x: [Double], y: [Double], label: String?, markerArea: Double = 36,
                     alpha: Double = 1) -> [Series] {
        let held = data.validationRows
        guard !held.isEmpty else {
            return [.scatter(ScatterSeries(x: x, y: y, label: label, markerArea: markerArea, alpha: alpha))]
        }
        let heldSet = Set(held)
        let train = x.indices.filter { !heldSet.contains($0) }
        func named(_ rows: String) -> String { label.map { "\($0) (\(rows))" } ?? rows }
        return [
            .scatter(ScatterSeries(x: train.map { x[$0] }, y: train.map { y[$0] }, label: named("training rows"),
                                   markerArea: markerArea, alpha: alpha)),
            .scatter(ScatterSeries(x: held.map { x[$0] }, y: held.map { y[$0] }, label: named("validation rows"),
                                   color: .tabOrange, markerArea: markerArea, alpha: alpha)),
        ]
    }

    /// `values` in order of increasing x, so lines are drawn left to right (shared, not copied, when x is sorted).
    static func sortedByX(_ x: [Double], _ values: [Double]) -> [Double] {
        if zip(x, x.dropFirst()).allSatisfy({ $0 <= $1 }) { return values }
        return x.indices.sorted { x[$0] < x[$1] }.map { values[$0] }
    }

    /// The label of a confidence band in the figures' legends: "95 % confidence band".
    static func bandLabel(_ band: ConfidenceBand) -> String {
        "\(Uncertainty.percent(band.level)) confidence band"
    }

    /// The shade of the reference's confidence band: the reference line's black at this opacity (light grey on
    /// white; the dark style turns black to white, so a dark grey there).
    static let bandAlpha = 0.15

    /// The blog's before/after figure: data as semi-transparent markers, the prediction as a thick red line, and
    /// references (such as the least-squares optimum) dashed. A confidence band of the reference is shaded behind
    /// everything, light grey (the reference line's black at alpha 0.15), sorted by x like the lines.
    static func prediction(_ data: RunData, main: Prediction, title: String, others: [Prediction] = [],
                           band: ConfidenceBand? = nil, label: String = "y_pred") -> Axes {
        let x = data.x
        let xs = sortedByX(x, x)
        var series: [Series] = []
        if let band {
            series.append(.band(BandSeries(x: xs, lower: sortedByX(x, band.lower), upper: sortedByX(x, band.upper),
                                           label: bandLabel(band), color: .black, alpha: bandAlpha)))
        }
        series += rows(data, x: x, y: data.y, label: "y_true", markerArea: 50, alpha: 0.75)
        series.append(.line(LineSeries(x: xs, y: sortedByX(x, main.values), label: label, color: .red, width: 4)))
        var colorIndex = 2
        for other in others {
            if other.role == .reference {
                series.append(.line(LineSeries(x: xs, y: sortedByX(x, other.values), label: other.name,
                                               color: .black, width: 1.5, dash: [5.5, 2.4])))
            } else {
                series.append(.line(LineSeries(x: xs, y: sortedByX(x, other.values), label: other.name,
                                               color: cycle[colorIndex % cycle.count], width: 2)))
                colorIndex += 1
            }
        }
        return Axes(title: title, xLabel: inputLabel(data.inputs.first?.name), legend: true, series: series)
    }

    /// The loss figure: every loss-like series over the step axis. A single series is drawn as the blog draws it;
    /// several share the axes with a legend, and each validation series marks its best step.
    static func loss(_ record: RunRecord, scale: FigureSettings.LossScale, smooth: Double) -> Axes? {
        let losses = lossFigureSeries(record)
        guard !losses.isEmpty else { return nil }
        let axis = record.stepAxis.label
        var series: [Series] = []
        if losses.count == 1 {
            let s = losses[0]
            let steps = s.steps.map(Double.init)
            if smooth > 0 {
                series.append(.line(LineSeries(x: steps, y: s.values, label: "raw", alpha: 0.3)))
                series.append(.line(LineSeries(x: steps, y: exponentialMovingAverage(s.values, factor: smooth),
                                               label: "EMA \(NumberFormat.short(smooth))")))
            } else {
                series.append(.line(LineSeries(x: steps, y: s.values)))
            }
            var axes = Axes(title: "\(s.label) vs. \(axis)", xLabel: axis, yLabel: "Loss", grid: true,
                            legend: smooth > 0, series: series)
            axes.yScale = useLogScale(s.values, choice: scale) ? .log : .linear
            return axes
        }
        for (i, s) in losses.enumerated() {
            let color = cycle[i % cycle.count]
            let steps = s.steps.map(Double.init)
            if smooth > 0 {
                series.append(.line(LineSeries(x: steps, y: s.values, color: color, alpha: 0.3)))
                series.append(.line(LineSeries(x: steps, y: exponentialMovingAverage(s.values, factor: smooth),
                                               label: s.label, color: color)))
            } else {
                series.append(.line(LineSeries(x: steps, y: s.values, label: s.label, color: color)))
            }
        }
        for (i, s) in losses.enumerated() where s.split == .validation {
            guard let best = s.best else { continue }
            series.append(.scatter(ScatterSeries(
                x: [Double(best.step)], y: [best.value],
                label: "best \(s.label): \(NumberFormat.short(best.value, digits: 4)) (\(axis.lowercased()) \(best.step))",
                color: cycle[i % cycle.count], markerArea: 64)))
        }
        var axes = Axes(title: "Loss vs. \(axis)", xLabel: axis, yLabel: "Loss", grid: true, legend: true,
                        series: series)
        axes.yScale = useLogScale(losses.flatMap(\.values), choice: scale) ? .log : .linear
        return axes
    }

    /// The series the loss figure draws: those named as losses (`loss`, `val_loss`, `train/epoch_loss`), or every
    /// loss-like series (`mse`, `mae`) when none is named so. Other error metrics get figures of their own.
    package static func lossFigureSeries(_ record: RunRecord) -> [ScalarSeries] {
        let losses = record.series.filter { $0.isLossLike && $0.count > 0 }
        let named = losses.filter { SeriesNaming.words($0.name).contains("loss") }
        return named.isEmpty ? losses : named
    }

    /// One figure per group of non-loss series (grouped by `SeriesNaming.base`: `acc` with `val_acc`); a learning
    /// rate that never changes is not drawn.
    static func seriesFigures(_ record: RunRecord, scale: FigureSettings.LossScale) -> [(String, Axes)] {
        var groups: [(base: String, members: [ScalarSeries])] = []
        let onLossFigure = Set(lossFigureSeries(record).map(\.name))
        for s in record.series where !onLossFigure.contains(s.name) && s.count > 0 {
            let base = SeriesNaming.base(of: s.name)
            if let i = groups.firstIndex(where: { $0.base == base }) {
                groups[i].members.append(s)
            } else {
                groups.append((base, [s]))
            }
        }
        let axis = record.stepAxis.label
        var used: Set<String> = Set(names)
        var out: [(String, Axes)] = []
        for group in groups {
            let isRate = group.members.allSatisfy { SeriesNaming.isLearningRate($0.name) }
            let values = group.members.flatMap(\.values)
            if isRate, let first = values.first, values.allSatisfy({ $0 == first }) { continue }
            var series: [Series] = []
            for (i, s) in group.members.enumerated() {
                series.append(.line(LineSeries(x: s.steps.map(Double.init), y: s.values,
                                               label: s.label, color: cycle[i % cycle.count])))
            }
            let title = isRate ? "Learning rate vs. \(axis)" : "\(group.members[0].label) vs. \(axis)"
            var axes = Axes(title: title, xLabel: axis, yLabel: isRate ? "Learning rate" : group.base, grid: true,
                            legend: group.members.count > 1, series: series)
            // --loss-scale applies to loss-like groups (errors such as `mae`); rates choose for themselves.
            let choice: FigureSettings.LossScale = isRate ? .auto : group.members[0].isLossLike ? scale : .linear
            axes.yScale = useLogScale(values, choice: choice) ? .log : .linear
            var name = "series-" + TextEscaping.pathLabel(group.base)
            if name == "series-" { name = "series" }
            var candidate = name, k = 2
            while used.contains(candidate) { candidate = name + "-\(k)"; k += 1 }
            used.insert(candidate)
            out.append((candidate, axes))
        }
        return out
    }

    /// `auto` picks log when the finite values are all positive and span more than two decades.
    static func useLogScale(_ values: [Double], choice: FigureSettings.LossScale) -> Bool {
        switch choice {
        case .log: return true
        case .linear: return false
        case .auto:
            var lo = Double.infinity, hi = 0.0
            for v in values where v.isFinite {
                // A value at or below zero cannot be drawn on a log axis: stay linear rather than hide it.
                if v <= 0 { return false }
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            guard hi > 0 else { return false }
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

    /// One panel per input: the target against that input, all on the same y limits; the y label on the first
    /// panel of each row.
    static func datasetPanels(_ data: RunData) -> [Axes] {
        let yLimits = AxisLimits.autoscale(AxisLimits.dataInterval(of: data.y))
        let columns = gridShape(data.inputs.count).columns
        return data.inputs.enumerated().map { index, input in
            let series = rows(data, x: input.values, y: data.y, label: nil)
            return Axes(xLabel: input.name, yLabel: index % columns == 0 ? "$y_{true}$" : nil, grid: true,
                        legend: series.count > 1 && index == 0, yLimits: yLimits, series: series)
        }
    }

    /// A reference's confidence band is drawn in the predicted-against-actual figure as vertical error bars at the
    /// reference's markers up to this many rows; beyond, the bars would hide the markers, and the band is left out.
    static let maximumErrorBarRows = 500

    /// Predicted against actual values (the figure for several inputs): the prediction's markers over the target,
    /// further predictions (a reference such as least squares) as markers of their own, and the dashed line y = x
    /// from corner to corner of equal x and y limits. A confidence band of the reference becomes vertical error bars
    /// through the reference's markers (as matplotlib's `errorbar`, without caps), in their colour at half opacity,
    /// when there are at most `maximumErrorBarRows` rows.
    static func predictedVsActual(_ data: RunData, main: Prediction, title: String,
                                  others: [Prediction] = [], band: ConfidenceBand? = nil,
                                  label: String = "y_pred") -> Axes {
        let actual = data.y
        let hasReference = others.contains { $0.role == .reference }
        let errorBars = band.flatMap { hasReference && data.rowCount <= maximumErrorBarRows ? $0 : nil }
        let values = actual + main.values + others.flatMap(\.values)
            + (errorBars.map { $0.lower + $0.upper } ?? [])
        let limits = AxisLimits.autoscale(AxisLimits.dataInterval(of: values))
        var series = rows(data, x: actual, y: main.values, label: label, alpha: 0.75)
        let split = series.count > 1
        // With a validation split orange marks the validation rows, so the others move one colour on.
        var colorIndex = split ? 3 : 2
        var barsDrawn = false
        for other in others {
            // A reference in orange (the cycle's second colour), further predictions in the colours after it.
            var color = split ? cycle[2] : Color.tabOrange
            if other.role != .reference {
                color = cycle[colorIndex % cycle.count]
                colorIndex += 1
            }
            if other.role == .reference, !barsDrawn, let band = errorBars {
                // Behind the first reference's markers, in their colour.
                series.append(.line(errorBarLines(x: actual, band: band, color: color)))
                barsDrawn = true
            }
            series.append(.scatter(ScatterSeries(x: actual, y: other.values, label: other.name, color: color,
                                                 markerArea: 16, alpha: 0.75)))
        }
        let diagonal = [limits.lowerBound, limits.upperBound]
        series.append(.line(LineSeries(x: diagonal, y: diagonal, label: "$y = x$", color: .black, width: 1,
                                       dash: [3.7, 1.6])))
        return Axes(title: title, xLabel: "Actual ($y_{true}$)", yLabel: "Predicted ($\\hat{y}$)", legend: true,
                    xLimits: limits, yLimits: limits, series: series)
    }

    /// Vertical bars from `band.lower` to `band.upper` at each `x`: one line broken by NaN between the rows.
    static func errorBarLines(x: [Double], band: ConfidenceBand, color: Color) -> LineSeries {
        var xs: [Double] = [], ys: [Double] = []
        xs.reserveCapacity(3 * x.count)
        ys.reserveCapacity(3 * x.count)
        for (i, value) in x.enumerated() {
            xs += [value, value, .nan]
            ys += [band.lower[i], band.upper[i], .nan]
        }
        return LineSeries(x: xs, y: ys, label: bandLabel(band), color: color, width: 1, alpha: 0.5)
    }

    /// One panel per input: the residuals y − ŷ of the trained model against that input, with the zero line, all on
    /// the same y limits (which hold zero); the y label on the first panel of each row.
    static func residualPanels(_ data: RunData, _ after: Prediction) -> [Axes] {
        let residuals = zip(data.y, after.values).map { $0 - $1 }
        let yLimits = AxisLimits.autoscale(AxisLimits.dataInterval(of: residuals + [0]))
        let columns = gridShape(data.inputs.count).columns
        return data.inputs.enumerated().map { index, input in
            let range = AxisLimits.dataInterval(of: input.values) ?? 0...1
            return Axes(
                xLabel: input.name, yLabel: index % columns == 0 ? "$y_{true} - \\hat{y}$" : nil, grid: true,
                legend: !data.validationRows.isEmpty && index == 0, yLimits: yLimits,
                series: [.line(LineSeries(x: [range.lowerBound, range.upperBound], y: [0, 0], color: .black, width: 1))]
                    + rows(data, x: input.values, y: residuals, label: nil))
        }
    }

    /// Residuals y − ŷ of the trained model against x, with the zero line.
    static func residuals(_ data: RunData, _ after: Prediction) -> Axes {
        let residuals = zip(data.y, after.values).map { $0 - $1 }
        let lo = data.x.min() ?? 0, hi = data.x.max() ?? 1
        let points = rows(data, x: data.x, y: residuals, label: nil)
        return Axes(
            title: "Residuals", xLabel: inputLabel(data.inputs.first?.name), yLabel: "$y_{true} - \\hat{y}$", grid: true,
            legend: points.count > 1,
            series: [.line(LineSeries(x: [lo, hi], y: [0, 0], color: .black, width: 1))] + points)
    }
}
