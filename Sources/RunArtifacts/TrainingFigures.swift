import Foundation
import Plotting
import RunRecord

/// The figures that explain training, from a record's parameter snapshots: each parameter's trajectory, and the
/// loss landscape with gradient descent's path over it.
extension ReportFigures {
    /// The figures that explain training, in report order.
    public static let trainingFigureNames = ["landscape", "trajectories"]

    /// Parameter counts for which the default report draws the landscape and the trajectories.
    public static let defaultTrainingFigureParameters = 2...10

    /// Each parameter against the step (a log axis, x = step + 1, when the snapshots span more than two decades), in
    /// the colours of matplotlib's cycle, with the reference value (least squares) as a dashed horizontal line in the
    /// same colour.
    static func trajectories(_ history: ParameterHistory, record: RunRecord) -> Axes? {
        guard history.count > 0, history.problems.isEmpty, !history.names.isEmpty else { return nil }
        let steps = history.steps
        let last = steps[steps.count - 1]
        let logAxis = last >= 100
        let x = steps.map { Double($0) + (logAxis ? 1 : 0) }
        let axis = record.stepAxis.label
        var series: [Series] = []
        let references = Dictionary(record.parameters.compactMap { p in p.reference.map { (p.name, $0) } },
                                    uniquingKeysWith: { a, _ in a })
        let left = x.first ?? 0, right = x.last ?? 1
        for (j, name) in history.names.enumerated() {
            let color = cycle[j % cycle.count]
            if let reference = references[name], reference.isFinite {
                series.append(.line(LineSeries(x: [left, right], y: [reference, reference], color: color, width: 1.5,
                                               dash: [5.5, 2.4])))
            }
            series.append(.line(LineSeries(x: x, y: history.values.map { $0[j] }, label: mathName(name),
                                           color: color, width: 2)))
        }
        let reference = record.referenceName.map { references.isEmpty ? "" : " (dashed: \($0))" } ?? ""
        var axes = Axes(title: "Parameters vs. \(axis.lowercased())\(reference)",
                        xLabel: logAxis ? "\(axis) + 1" : axis, yLabel: "Value", grid: true,
                        legend: history.names.count <= 10, series: series)
        axes.xScale = logAxis ? .log : .linear
        return axes
    }

    /// A parameter name as mathtext when it is a plain letter with an optional index (`a`, `b1`, `w1_2_3` stays as
    /// it is), so `a` is drawn italic as matplotlib draws `$a$`.
    static func mathName(_ name: String) -> String {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 3,
              CharacterSet.letters.contains(first),
              name.unicodeScalars.dropFirst().allSatisfy({ CharacterSet.decimalDigits.contains($0) })
        else { return name }
        let digits = String(name.dropFirst())
        return digits.isEmpty ? "$\(name)$" : "$\(name.prefix(1))_{\(digits)}$"
    }

    /// How many contour levels the landscape draws.
    static let landscapeLevels = 14

    /// The loss landscape: contours of the loss over the plane (levels log-spaced in the loss above its minimum, in
    /// viridis from dark near the minimum to yellow), gradient descent's path over it (thinned markers, an arrow at
    /// its end), and the initial point, the final point and the reference optimum marked.
    static func landscape(_ landscape: LossLandscape, record: RunRecord) -> Axes? {
        let xs = landscape.xValues, ys = landscape.yValues
        guard xs.count >= 2, ys.count >= 2, landscape.loss.count == xs.count * ys.count else { return nil }
        let finite = landscape.loss.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return nil }
        let levels = ContourLevels.logAboveMinimum(minimum: low, maximum: high, count: landscapeLevels)
        var series: [Series] = []
        for (k, level) in levels.enumerated() {
            let lines = MarchingSquares.lines(xs: xs, ys: ys, values: landscape.loss, level: level)
            guard !lines.isEmpty else { continue }
            var x: [Double] = [], y: [Double] = []
            for line in lines {
                if !x.isEmpty { x.append(.nan); y.append(.nan) }
                x += line.x
                y += line.y
            }
            series.append(.line(LineSeries(x: x, y: y, color: Viridis.color(Double(k) / Double(max(1, levels.count - 1))),
                                           width: 1)))
        }
        let xRange = xs[0]...xs[xs.count - 1], yRange = ys[0]...ys[ys.count - 1]
        let parameters = record.parameters
        func value(_ name: String, _ pick: (Parameter) -> Double?) -> Double? {
            parameters.first { $0.name == name }.flatMap(pick)
        }
        let px = record.parameterHistory?.trajectory(landscape.xParameter)
        let py = record.parameterHistory?.trajectory(landscape.yParameter)
        let axisName = record.stepAxis == .epoch ? "epoch" : "step"
        if let px, let py, px.count == py.count, px.count >= 2 {
            series.append(.line(LineSeries(x: px, y: py, label: "gradient descent", color: .red, width: 1.5)))
            let marks = thinnedIndices(px.count, target: 12)
            series.append(.scatter(ScatterSeries(x: marks.map { px[$0] }, y: marks.map { py[$0] }, color: .red,
                                                 markerArea: 12)))
            let (ax, ay) = arrowHead(fromX: px[px.count - 2], fromY: py[py.count - 2], toX: px[px.count - 1],
                                     toY: py[py.count - 1], xRange: xRange, yRange: yRange,
                                     path: (px, py))
            if !ax.isEmpty { series.append(.line(LineSeries(x: ax, y: ay, color: .red, width: 1.5))) }
        }
        let lastStep = record.parameterHistory?.steps.last.map { "\($0)" } ?? ""
        if let x0 = px?.first ?? value(landscape.xParameter, { $0.initial }),
           let y0 = py?.first ?? value(landscape.yParameter, { $0.initial }) {
            series.append(.scatter(ScatterSeries(x: [x0], y: [y0], label: "initial", color: .black, markerArea: 49)))
        }
        if let x1 = px?.last ?? value(landscape.xParameter, { $0.final }),
           let y1 = py?.last ?? value(landscape.yParameter, { $0.final }) {
            series.append(.scatter(ScatterSeries(x: [x1], y: [y1], label: lastStep.isEmpty ? "final" : "final (\(axisName) \(lastStep))",
                                                 color: .red, markerArea: 49)))
        }
        if let xr = value(landscape.xParameter, { $0.reference }), let yr = value(landscape.yParameter, { $0.reference }) {
            series.append(.scatter(ScatterSeries(x: [xr], y: [yr], label: "optimum (\(record.referenceName ?? "reference"))",
                                                 color: cycle[2], markerArea: 81)))
        }
        var title = "\(landscape.lossName) over (\(landscape.xParameter), \(landscape.yParameter))"
        if let over = landscape.minimisedOver, !over.isEmpty {
            title += ", minimised over " + over.prefix(3).joined(separator: ", ") + (over.count > 3 ? ", …" : "")
        } else if !landscape.fixed.isEmpty {
            title += ", " + landscape.fixed.prefix(3).map { "\($0.key) = \(NumberFormat.short($0.value, digits: 3))" }
                .joined(separator: ", ") + (landscape.fixed.count > 3 ? ", …" : "")
        }
        return Axes(title: title, xLabel: mathName(landscape.xParameter), yLabel: mathName(landscape.yParameter),
                    legend: true, xLimits: xRange, yLimits: yRange, series: series)
    }

    /// About `target` indices spread evenly over 0..<count (the first and last included).
    static func thinnedIndices(_ count: Int, target: Int) -> [Int] {
        guard count > target, target >= 2 else { return Array(0..<count) }
        var out: [Int] = []
        for k in 0..<target {
            let i = Int((Double(k) * Double(count - 1) / Double(target - 1)).rounded())
            if out.last != i { out.append(i) }
        }
        return out
    }

    /// An open arrow head (two strokes, NaN between) at (`toX`, `toY`) pointing along the path's last visible
    /// direction, sized as a fraction of the axes so it looks the same on any ranges.
    static func arrowHead(fromX: Double, fromY: Double, toX: Double, toY: Double, xRange: ClosedRange<Double>,
                          yRange: ClosedRange<Double>, path: ([Double], [Double])) -> ([Double], [Double]) {
        let sx = xRange.upperBound - xRange.lowerBound, sy = yRange.upperBound - yRange.lowerBound
        guard sx > 0, sy > 0 else { return ([], []) }
        // The direction over the last stretch of the path that is long enough to see (snapshots near the end are
        // close together).
        var dx = 0.0, dy = 0.0
        let (px, py) = path
        var k = px.count - 2
        while k >= 0 {
            dx = (toX - px[k]) / sx
            dy = (toY - py[k]) / sy
            if (dx * dx + dy * dy).squareRoot() > 0.02 { break }
            k -= 1
        }
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return ([], []) }
        let ux = dx / length, uy = dy / length
        let size = 0.035, spread = 0.45
        func point(_ angle: Double) -> (Double, Double) {
            let c = cos(angle), s = sin(angle)
            let bx = -(ux * c - uy * s), by = -(ux * s + uy * c)
            return (toX + bx * size * sx, toY + by * size * sy)
        }
        let (x1, y1) = point(spread), (x2, y2) = point(-spread)
        return ([x1, toX, x2], [y1, toY, y2])
    }
}
