/// One major tick of an axis.
public struct TickMark: Sendable, Equatable {
    /// The data value.
    public var value: Double
    /// The label drawn next to it (see `AxesLayout.xOffsetText` for a shared multiplier/offset).
    public var label: String
    /// Its position along the axis in output pixels: x for the x-axis, y for the y-axis.
    public var position: Double
}

/// Where everything of one set of axes goes on the output, in pixels (origin top-left, y down): for a
/// single-axes figure the whole figure, for a grid one panel (see `FigureLayout`).
///
/// For PNG output the pixels are the image's pixels at the canvas scale; SVG and PDF use the
/// layout at scale 1 as their user space.
public struct AxesLayout: Sendable, Equatable {
    /// The canvas scale the layout was made for.
    public let scale: Double
    /// Output width in pixels.
    public let width: Int
    /// Output height in pixels.
    public let height: Int
    /// Pixels per typographic point: dpi / 72 × scale.
    public let pixelsPerPoint: Double
    /// The axes rectangle (inside the spines); series are clipped to it.
    public let plotArea: PixelRect
    /// The x view limits shown.
    public let xLimits: ClosedRange<Double>
    /// The y view limits shown.
    public let yLimits: ClosedRange<Double>
    /// The visible major ticks of the x-axis, left to right.
    public let xTicks: [TickMark]
    /// The visible major ticks of the y-axis, bottom to top.
    public let yTicks: [TickMark]
    /// The minor ticks of the x-axis (log axes), left to right; labelled only on views under a decade.
    public let xMinorTicks: [TickMark]
    /// The minor ticks of the y-axis (log axes), bottom to top.
    public let yMinorTicks: [TickMark]
    /// How x values map to the axis.
    public let xScale: AxisScale
    /// How y values map to the axis.
    public let yScale: AxisScale
    /// matplotlib's offset text of the x-axis (e.g. "1e6"), if its labels are scaled or shifted.
    public let xOffsetText: String?
    /// matplotlib's offset text of the y-axis, if its labels are scaled or shifted.
    public let yOffsetText: String?
    /// The legend frame, if a legend is drawn.
    public var legendFrame: PixelRect? { legend?.frame }
    /// The legend location chosen (resolving `.best`), if a legend is drawn.
    public var legendLocation: LegendLocation? { legend?.location }

    /// Title, axis labels, tick labels and offset texts, in drawing order.
    let texts: [PlacedText]
    let legend: LegendLayout?

    /// The output pixel of the data point (x, y). Points outside the view limits map outside
    /// `plotArea`; the result is continuous (pixel i covers i..<i+1). A value a log axis cannot show
    /// (≤ 0) gives a non-finite coordinate.
    public func pixel(x: Double, y: Double) -> (x: Double, y: Double) {
        let point = map(x, y)
        return (point.x, point.y)
    }

    /// Converts a length in points to output pixels.
    public func pixels(fromPoints points: Double) -> Double { points * pixelsPerPoint }

    func map(_ x: Double, _ y: Double) -> Point {
        Point(x: plotArea.minX + Self.fraction(x, of: xLimits, scale: xScale) * plotArea.width,
              y: plotArea.maxY - Self.fraction(y, of: yLimits, scale: yScale) * plotArea.height)
    }

    /// The pixel of (x, y), or `nil` when the point cannot be shown (not finite, or ≤ 0 on a log axis).
    func mapIfShown(_ x: Double, _ y: Double) -> Point? {
        xScale.canShow(x) && yScale.canShow(y) ? map(x, y) : nil
    }

    /// Where `value` lies in `limits` as a fraction 0…1 along an axis of `scale`.
    static func fraction(_ value: Double, of limits: ClosedRange<Double>, scale: AxisScale) -> Double {
        switch scale {
        case .linear:
            return fraction(value, of: limits)
        case .log:
            let low = scale.transform(limits.lowerBound), high = scale.transform(limits.upperBound)
            guard low.isFinite, high.isFinite else { return 0.5 }
            return fraction(scale.transform(value), of: low...high)
        }
    }

    /// Where `value` lies in `limits` as a fraction 0…1 (halving first so huge spans do not overflow).
    static func fraction(_ value: Double, of limits: ClosedRange<Double>) -> Double {
        let span = limits.upperBound / 2 - limits.lowerBound / 2
        guard span > 0 else { return 0.5 }
        return (value / 2 - limits.lowerBound / 2) / span
    }
}

/// Where everything of a figure goes on the output, in pixels (origin top-left, y down): one `AxesLayout` per
/// panel and the figure title.
public struct FigureLayout: Sendable, Equatable {
    /// The canvas scale the layout was made for.
    public let scale: Double
    /// Output width in pixels.
    public let width: Int
    /// Output height in pixels.
    public let height: Int
    /// Pixels per typographic point: dpi / 72 × scale.
    public let pixelsPerPoint: Double
    /// One layout per panel, in the order of `Figure.panels`.
    public let panels: [AxesLayout]
    /// The box of the figure title (`Figure.title`), if one is drawn.
    public var titleFrame: PixelRect? { title?.bounds }

    /// The figure title, placed.
    let title: PlacedText?
}

/// The layout of `figure` at `scale` (1 → 640×480 px for the default figure): for a single-axes figure the
/// layout of the whole figure, for a grid that of its first panel (`figureLayout(of:scale:)` has every panel).
/// Throws `PlottingError.invalidFigure` for a non-positive or non-finite size, dpi or scale,
/// an output larger than 32767 px on a side, or a figure without panels.
public func layout(of figure: Figure, scale: Double = 1) throws -> AxesLayout {
    try figureLayout(of: figure, scale: scale).panels[0]
}

/// The layout of every panel of `figure` at `scale`, and of its title. Throws as `layout(of:scale:)`.
public func figureLayout(of figure: Figure, scale: Double = 1) throws -> FigureLayout {
    try LayoutEngine(figure: figure, scale: scale).makeFigureLayout()
}

/// Computes the layout of a figure. A single set of axes is placed like matplotlib's default
/// `Figure.add_subplot`, widening margins only when tick labels, axis labels or the title would otherwise be cut
/// off. A grid of panels is placed like matplotlib's `tight_layout()`: equal panels, with outer margins and gaps
/// between panels as wide as their labels need plus a padding of 1.08 × the font size.
struct LayoutEngine {
    static let maxPixels = 32767

    let figure: Figure
    let scale: Double
    let width: Int
    let height: Int
    /// Pixels per point.
    let k: Double

    init(figure: Figure, scale: Double) throws {
        let values = [("width", figure.widthInches), ("height", figure.heightInches), ("dpi", figure.dpi),
                      ("scale", scale)]
        for (name, value) in values where !(value.isFinite && value > 0) {
            throw PlottingError.invalidFigure("\(name) must be a positive finite number, got \(value)")
        }
        let w = (figure.widthInches * figure.dpi * scale).rounded()
        let h = (figure.heightInches * figure.dpi * scale).rounded()
        guard w >= 1, h >= 1, w <= Double(Self.maxPixels), h <= Double(Self.maxPixels) else {
            throw PlottingError.invalidFigure(
                "output size \(w)×\(h) px is outside 1…\(Self.maxPixels) px per side; "
                    + "reduce widthInches/heightInches, dpi or scale")
        }
        guard !figure.panels.isEmpty else {
            throw PlottingError.invalidFigure("the figure has no panels; give it at least one Axes")
        }
        self.figure = figure
        self.scale = scale
        self.width = Int(w)
        self.height = Int(h)
        self.k = figure.dpi / 72 * scale
    }

    private var font: Double { PlotStyle.fontSize * k }
    private var titleFont: Double { PlotStyle.titleSize * k }
    private var tickSpace: Double { (PlotStyle.tickLength + PlotStyle.tickPad) * k }
    private var labelPad: Double { PlotStyle.labelPad * k }
    private var offsetPad: Double { 3 * k }
    private var edgeGap: Double { 2 * k }

    private struct AxisTicks {
        var values: [Double]
        var labels: TickLabels
        var metrics: [TextMetrics]
        /// Minor ticks (log axes) with their labels ("" for none) and the labels' metrics.
        var minorValues: [Double] = []
        var minorLabels: [String] = []
        var minorMetrics: [TextMetrics] = []

        /// Metrics of every drawn label, major and minor.
        var labelMetrics: [TextMetrics] {
            metrics + zip(minorLabels, minorMetrics).compactMap { $0.isEmpty ? nil : $1 }
        }

        /// Metrics of the label of the largest labelled tick.
        var lastLabelMetrics: TextMetrics? {
            let labelledMinor = zip(minorValues, zip(minorLabels, minorMetrics)).filter { !$1.0.isEmpty }
            if let minor = labelledMinor.last, minor.0 > (values.last ?? -.infinity) { return minor.1.1 }
            return metrics.last
        }
    }

    /// One set of axes with its texts measured.
    private struct Panel {
        var axes: Axes
        var xLimits: ClosedRange<Double>
        var yLimits: ClosedRange<Double>
        var title: String?
        var xLabel: String?
        var yLabel: String?
        var titleMetrics: TextMetrics?
        var xLabelMetrics: TextMetrics?
        var yLabelMetrics: TextMetrics?
    }

    /// How far the texts of a panel reach beyond its spines, in pixels.
    private struct Decorations {
        /// Left of the left spine: tick labels, the y label, and the gap asked for.
        var left: Double
        /// Below the bottom spine: tick labels, the x label or the x offset text, and the gap.
        var bottom: Double
        /// Above the top spine: the title or the y offset text, and the gap.
        var top: Double
        /// Right of the right spine: half the last x tick label (the gap is not included).
        var right: Double
    }

    private func panel(_ axes: Axes, measurer: TextMeasurer) -> Panel {
        let title = axes.title.flatMap { $0.isEmpty ? nil : $0 }
        let xLabel = axes.xLabel.flatMap { $0.isEmpty ? nil : $0 }
        let yLabel = axes.yLabel.flatMap { $0.isEmpty ? nil : $0 }
        return Panel(axes: axes, xLimits: axes.xViewLimits, yLimits: axes.yViewLimits,
                     title: title, xLabel: xLabel, yLabel: yLabel,
                     titleMetrics: title.map { measurer.measure($0, size: titleFont) },
                     xLabelMetrics: xLabel.map { measurer.measure($0, size: font) },
                     yLabelMetrics: yLabel.map { measurer.measure($0, size: font) })
    }

    private func ticks(_ limits: ClosedRange<Double>, scale: AxisScale, lengthPixels: Double, vertical: Bool,
                       measurer: TextMeasurer) -> AxisTicks {
        if scale == .log {
            let count = LogTickLocator.automaticTicks(axisLengthPoints: lengthPixels / k, vertical: vertical)
            if let log = LogAxisTicks(view: limits, maxTicks: count) {
                return AxisTicks(values: log.major, labels: TickLabels(labels: log.majorLabels),
                                 metrics: log.majorLabels.map { measurer.measure($0, size: font) },
                                 minorValues: log.minor, minorLabels: log.minorLabels,
                                 minorMetrics: log.minorLabels.map { measurer.measure($0, size: font) })
            }
        }
        let bins = TickLocator.automaticBins(axisLengthPoints: lengthPixels / k, vertical: vertical)
        let values = TickLocator(maxBins: bins).ticks(in: limits)
        let labels = TickFormatter().labels(for: values, viewLimits: limits)
        return AxisTicks(values: values, labels: labels,
                         metrics: labels.labels.map { measurer.measure($0, size: font) })
    }

    /// The ticks of both axes of `panel` for a plot area of `width` × `height` pixels.
    private func ticks(of panel: Panel, width: Double, height: Double,
                       measurer: TextMeasurer) -> (x: AxisTicks, y: AxisTicks) {
        (ticks(panel.xLimits, scale: panel.axes.xScale, lengthPixels: width, vertical: false, measurer: measurer),
         ticks(panel.yLimits, scale: panel.axes.yScale, lengthPixels: height, vertical: true, measurer: measurer))
    }

    private func decorations(of panel: Panel, xTicks: AxisTicks, yTicks: AxisTicks, gap: Double) -> Decorations {
        let yLabelWidth = yTicks.labelMetrics.map(\.boxWidth).max() ?? 0
        var needLeft = tickSpace + yLabelWidth + gap
        if let yLabelMetrics = panel.yLabelMetrics { needLeft += labelPad + yLabelMetrics.height }

        let xLabelHeight = xTicks.labelMetrics.map(\.height).max() ?? 0
        var needBottom = tickSpace + xLabelHeight + gap
        if let xLabelMetrics = panel.xLabelMetrics { needBottom += labelPad + xLabelMetrics.height }
        if xTicks.labels.offsetText != nil {
            needBottom = max(needBottom, tickSpace + xLabelHeight + offsetPad + font * 1.2)
        }

        var needTop = gap
        if let titleMetrics = panel.titleMetrics { needTop += PlotStyle.titlePad * k + titleMetrics.ascent }
        if yTicks.labels.offsetText != nil { needTop = max(needTop, offsetPad + font * 1.2 + gap) }

        let lastHalfWidth = xTicks.lastLabelMetrics.map { $0.boxWidth / 2 } ?? 0
        return Decorations(left: needLeft, bottom: needBottom, top: needTop, right: lastHalfWidth)
    }

    func makeFigureLayout() throws -> FigureLayout {
        let measurer = try TextMeasurer()
        if figure.isSingleAxes {
            return FigureLayout(scale: scale, width: width, height: height, pixelsPerPoint: k,
                                panels: [singleLayout(panel(figure.panels[0], measurer: measurer), measurer: measurer)],
                                title: nil)
        }
        return gridLayout(measurer: measurer)
    }

    /// One set of axes in matplotlib's subplot parameters, margins widened where texts would be clipped.
    private func singleLayout(_ panel: Panel, measurer: TextMeasurer) -> AxesLayout {
        let W = Double(width), H = Double(height)
        // matplotlib's subplot parameters, then make room for anything that would be clipped.
        var left = PlotStyle.subplotLeft * W, right = PlotStyle.subplotRight * W
        var top = (1 - PlotStyle.subplotTop) * H, bottom = (1 - PlotStyle.subplotBottom) * H
        var (xTicks, yTicks) = ticks(of: panel, width: right - left, height: bottom - top, measurer: measurer)
        for _ in 0..<2 {
            let need = decorations(of: panel, xTicks: xTicks, yTicks: yTicks, gap: edgeGap)
            left = max(PlotStyle.subplotLeft * W, need.left)
            bottom = min((1 - PlotStyle.subplotBottom) * H, H - need.bottom)
            top = max((1 - PlotStyle.subplotTop) * H, need.top)
            right = min(PlotStyle.subplotRight * W, W - need.right - edgeGap)

            if right - left < 1 || bottom - top < 1 {
                // Too small to fit the labels: keep matplotlib's fractions and let text clip.
                left = PlotStyle.subplotLeft * W; right = PlotStyle.subplotRight * W
                top = (1 - PlotStyle.subplotTop) * H; bottom = (1 - PlotStyle.subplotBottom) * H
            }
            (xTicks, yTicks) = ticks(of: panel, width: right - left, height: bottom - top, measurer: measurer)
        }
        if right - left < 1 { right = left + 1 }
        if bottom - top < 1 { bottom = top + 1 }
        return place(panel, left: left, right: right, top: top, bottom: bottom, xTicks: xTicks, yTicks: yTicks,
                     measurer: measurer)
    }

    /// The panels in a grid of equal cells, like matplotlib's `tight_layout()`, below the figure title.
    private func gridLayout(measurer: TextMeasurer) -> FigureLayout {
        let W = Double(width), H = Double(height)
        let panels = figure.panels.map { panel($0, measurer: measurer) }
        let columns = figure.gridColumns, rows = figure.gridRows
        let pad = PlotStyle.layoutPad * font

        var title: PlacedText?
        var gridTop = 0.0
        if let text = figure.title, !text.isEmpty {
            let size = PlotStyle.figureTitleSize * k
            let placed = PlacedText(text, size: size, metrics: measurer.measure(text, size: size),
                                    anchor: Point(x: W / 2, y: (1 - PlotStyle.figureTitleY) * H),
                                    horizontal: .center, vertical: .top)
            title = placed
            gridTop = placed.bounds.maxY
        }

        // Start from matplotlib's subplot parameters, then fit the margins to the texts.
        var panelWidth = W * (PlotStyle.subplotRight - PlotStyle.subplotLeft) / Double(columns)
        var panelHeight = (H - gridTop) * (PlotStyle.subplotTop - PlotStyle.subplotBottom) / Double(rows)
        var panelTicks = panels.map { ticks(of: $0, width: panelWidth, height: panelHeight, measurer: measurer) }
        var left = pad, top = gridTop + pad, gapX = pad, gapY = pad
        for _ in 0..<3 {
            let needs = panels.indices.map { i in
                decorations(of: panels[i], xTicks: panelTicks[i].x, yTicks: panelTicks[i].y, gap: 0)
            }
            func most(_ value: (Decorations) -> Double, where include: (Int, Int) -> Bool) -> Double {
                needs.indices.filter { include($0 / columns, $0 % columns) }.map { value(needs[$0]) }.max() ?? 0
            }
            let count = panels.count
            left = pad + most(\.left) { _, column in column == 0 }
            let right = pad + most(\.right) { _, column in column == columns - 1 }
            top = gridTop + pad + most(\.top) { row, _ in row == 0 }
            // A panel with no panel below it keeps its x labels in the bottom margin or the empty cell below.
            let bottom = pad + most(\.bottom) { row, column in (row + 1) * columns + column >= count }
            gapX = columns > 1
                ? most(\.right) { row, column in column < columns - 1 && row * columns + column + 1 < count }
                    + pad + most(\.left) { _, column in column > 0 }
                : 0
            gapY = rows > 1
                ? most(\.bottom) { row, column in (row + 1) * columns + column < count }
                    + pad + most(\.top) { row, _ in row > 0 }
                : 0
            panelWidth = max(1, (W - left - right - Double(columns - 1) * gapX) / Double(columns))
            panelHeight = max(1, (H - top - bottom - Double(rows - 1) * gapY) / Double(rows))
            panelTicks = panels.map { ticks(of: $0, width: panelWidth, height: panelHeight, measurer: measurer) }
        }

        var layouts: [AxesLayout] = []
        for (index, panel) in panels.enumerated() {
            let row = index / columns, column = index % columns
            let x = left + Double(column) * (panelWidth + gapX)
            let y = top + Double(row) * (panelHeight + gapY)
            layouts.append(place(panel, left: x, right: x + panelWidth, top: y, bottom: y + panelHeight,
                                 xTicks: panelTicks[index].x, yTicks: panelTicks[index].y, measurer: measurer))
        }
        return FigureLayout(scale: scale, width: width, height: height, pixelsPerPoint: k, panels: layouts,
                            title: title)
    }

    /// The ticks, texts and legend of `panel` with its spines at `left`, `right`, `top` and `bottom`.
    private func place(_ panel: Panel, left: Double, right: Double, top: Double, bottom: Double,
                       xTicks: AxisTicks, yTicks: AxisTicks, measurer: TextMeasurer) -> AxesLayout {
        let axes = panel.axes
        let xLimits = panel.xLimits, yLimits = panel.yLimits
        let plotArea = PixelRect(x: left, y: top, width: right - left, height: bottom - top)

        let skeleton = AxesLayout(scale: scale, width: width, height: height, pixelsPerPoint: k, plotArea: plotArea,
                                  xLimits: xLimits, yLimits: yLimits, xTicks: [], yTicks: [], xMinorTicks: [],
                                  yMinorTicks: [], xScale: axes.xScale, yScale: axes.yScale,
                                  xOffsetText: nil, yOffsetText: nil, texts: [], legend: nil)
        var texts: [PlacedText] = []

        // x tick labels: centred below their ticks (minor ticks are shorter: their labels sit higher).
        let minorTickSpace = (PlotStyle.minorTickLength + PlotStyle.tickPad) * k
        var xMarks: [TickMark] = [], xMinorMarks: [TickMark] = []
        var xLabelsBottom = bottom + tickSpace
        let xLabelled = zip(xTicks.values, zip(xTicks.labels.labels, xTicks.metrics)).map { ($0, $1.0, $1.1, false) }
            + zip(xTicks.minorValues, zip(xTicks.minorLabels, xTicks.minorMetrics)).map { ($0, $1.0, $1.1, true) }
        for (value, label, metrics, minor) in xLabelled {
            let position = skeleton.map(value, yLimits.lowerBound).x
            let mark = TickMark(value: value, label: label, position: position)
            if minor { xMinorMarks.append(mark) } else { xMarks.append(mark) }
            guard !label.isEmpty || !minor else { continue }
            let text = PlacedText(label, size: font, metrics: metrics,
                                  anchor: Point(x: position, y: bottom + (minor ? minorTickSpace : tickSpace)),
                                  horizontal: .center, vertical: .top)
            xLabelsBottom = max(xLabelsBottom, text.bounds.maxY)
            texts.append(text)
        }
        // y tick labels: right-aligned left of their ticks.
        var yMarks: [TickMark] = [], yMinorMarks: [TickMark] = []
        var yLabelsLeft = left - tickSpace
        let yLabelled = zip(yTicks.values, zip(yTicks.labels.labels, yTicks.metrics)).map { ($0, $1.0, $1.1, false) }
            + zip(yTicks.minorValues, zip(yTicks.minorLabels, yTicks.minorMetrics)).map { ($0, $1.0, $1.1, true) }
        for (value, label, metrics, minor) in yLabelled {
            let position = skeleton.map(xLimits.lowerBound, value).y
            let mark = TickMark(value: value, label: label, position: position)
            if minor { yMinorMarks.append(mark) } else { yMarks.append(mark) }
            guard !label.isEmpty || !minor else { continue }
            let text = PlacedText(label, size: font, metrics: metrics,
                                  anchor: Point(x: left - (minor ? minorTickSpace : tickSpace), y: position),
                                  horizontal: .right, vertical: .centerBaseline)
            yLabelsLeft = min(yLabelsLeft, text.bounds.minX)
            texts.append(text)
        }
        if let offset = xTicks.labels.offsetText {
            texts.append(PlacedText(offset, size: font, metrics: measurer.measure(offset, size: font),
                                    anchor: Point(x: right, y: xLabelsBottom + offsetPad),
                                    horizontal: .right, vertical: .top))
        }
        if let offset = yTicks.labels.offsetText {
            texts.append(PlacedText(offset, size: font, metrics: measurer.measure(offset, size: font),
                                    anchor: Point(x: left, y: top - offsetPad), horizontal: .left, vertical: .bottom))
        }
        if let xLabel = panel.xLabel, let xLabelMetrics = panel.xLabelMetrics {
            texts.append(PlacedText(xLabel, size: font, metrics: xLabelMetrics,
                                    anchor: Point(x: plotArea.midX, y: xLabelsBottom + labelPad),
                                    horizontal: .center, vertical: .top))
        }
        if let yLabel = panel.yLabel, let yLabelMetrics = panel.yLabelMetrics {
            texts.append(PlacedText(yLabel, size: font, metrics: yLabelMetrics,
                                    anchor: Point(x: yLabelsLeft - labelPad, y: plotArea.midY),
                                    horizontal: .center, vertical: .bottom, vertical: true))
        }
        if let title = panel.title, let titleMetrics = panel.titleMetrics {
            texts.append(PlacedText(title, size: titleFont, metrics: titleMetrics,
                                    anchor: Point(x: plotArea.midX, y: top - PlotStyle.titlePad * k),
                                    horizontal: .center, vertical: .baseline))
        }

        let legend = LegendLayout.make(axes: axes, location: axes.legendLocation, plotArea: plotArea, k: k,
                                       measurer: measurer, pixel: { skeleton.mapIfShown($0, $1) })
        return AxesLayout(scale: scale, width: width, height: height, pixelsPerPoint: k, plotArea: plotArea,
                          xLimits: xLimits, yLimits: yLimits, xTicks: xMarks, yTicks: yMarks,
                          xMinorTicks: xMinorMarks, yMinorTicks: yMinorMarks, xScale: axes.xScale, yScale: axes.yScale,
                          xOffsetText: xTicks.labels.offsetText, yOffsetText: yTicks.labels.offsetText,
                          texts: texts, legend: legend)
    }
}
