import CCairo

/// How a render target wants large data drawn.
struct RenderOptions {
    /// Raster output: layout pixels are device pixels (PNG).
    var isRaster: Bool
    /// Scatters with more points than this draw their markers as one raster layer.
    var markerLayerThreshold: Int
    /// Device pixels per layout pixel of that layer (1 for PNG; 2 for vector output).
    var markerLayerResolution: Double
    /// Long lines are reduced per column of this width in layout pixels (`LineDecimation`; vector
    /// output also drops points within 0.1 px of the path); `nil` draws every point.
    var decimationColumn: Double?

    /// PNG: stamps above a few thousand markers, composited pixel for pixel; lines reduced to
    /// quarter-pixel columns so that even steep noisy envelopes keep their anti-aliased edges.
    static let png = RenderOptions(isRaster: true, markerLayerThreshold: 2_000, markerLayerResolution: 1,
                                   decimationColumn: 0.25)

    /// SVG and PDF: an embedded image above `threshold` markers, at twice the figure's pixel density;
    /// lines reduced to half-pixel columns (sharp at 2× zoom).
    static func vector(threshold: Int, decimatesLines: Bool = true) -> RenderOptions {
        RenderOptions(isRaster: false, markerLayerThreshold: threshold, markerLayerResolution: 2,
                      decimationColumn: decimatesLines ? 0.5 : nil)
    }
}

/// Draws a laid-out figure on a Cairo context, back to front like matplotlib: the figure background, then each
/// panel (`AxesRenderer`), then the figure title.
struct FigureRenderer {
    let figure: Figure
    let layout: FigureLayout
    let painter: CairoPainter
    var options: RenderOptions = .png

    func draw() {
        let context = painter.context
        cairo_set_antialias(context, CAIRO_ANTIALIAS_DEFAULT)
        painter.setSource(figure.style.figureBackground)
        cairo_paint(context)
        for (axes, panel) in zip(figure.panels, layout.panels) {
            AxesRenderer(axes: axes, style: figure.style, layout: panel, painter: painter, options: options).draw()
        }
        if let title = layout.title { painter.draw(title, color: figure.style.foreground) }
    }
}

/// Draws one laid-out set of axes, back to front like matplotlib:
/// axes background, grid, series (clipped to the axes), spines, ticks, text, legend.
struct AxesRenderer {
    let axes: Axes
    let style: PlotStyle
    let layout: AxesLayout
    let painter: CairoPainter
    var options: RenderOptions = .png

    private var k: Double { layout.pixelsPerPoint }
    private var area: PixelRect { layout.plotArea }
    private var context: OpaquePointer { painter.context }

    func draw() {
        if style.axesBackground != style.figureBackground {
            cairo_new_path(context)
            cairo_rectangle(context, area.x, area.y, area.width, area.height)
            painter.setSource(style.axesBackground)
            cairo_fill(context)
        }
        if axes.grid { drawGrid() }
        drawSeries()
        drawSpines()
        drawTicks()
        for text in layout.texts { painter.draw(text, color: style.foreground) }
        if let legend = layout.legend { drawLegend(legend) }
    }

    private func drawGrid() {
        let width = PlotStyle.gridWidth * k
        for tick in layout.xTicks {
            let x = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: x, y: area.minY), to: Point(x: x, y: area.maxY),
                                  width: width, color: style.gridColor)
        }
        for tick in layout.yTicks {
            let y = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: area.minX, y: y), to: Point(x: area.maxX, y: y),
                                  width: width, color: style.gridColor)
        }
    }

    private func drawSeries() {
        cairo_save(context)
        cairo_new_path(context)
        cairo_rectangle(context, area.x, area.y, area.width, area.height)
        cairo_clip(context)
        for series in axes.series {
            switch styled(series) {
            case .line(let line):
                painter.stroke(path(of: line), style: line, k: k, bounds: area)
            case .scatter(let scatter):
                let count = min(scatter.x.count, scatter.y.count)
                if count > options.markerLayerThreshold,
                   let layer = MarkerLayer(count: count, scatter: scatter, color: scatter.color, k: k, area: area,
                                           resolution: markerLayerResolution, center: { index in
                                               layout.mapIfShown(scatter.x[index], scatter.y[index])
                                           }) {
                    layer.paint(on: context)
                } else {
                    let centers = zip(scatter.x, scatter.y).compactMap { x, y in layout.mapIfShown(x, y) }
                    painter.markers(at: centers, style: scatter, k: k, bounds: area)
                }
            case .band(let band):
                painter.fill(polygons(of: band), color: band.color, alpha: band.alpha, bounds: area)
            }
        }
        cairo_restore(context)
    }

    /// The outlines `band` is filled within, one per run of consecutive drawable rows (at least two): along the
    /// upper bound, then back along the lower one.
    private func polygons(of band: BandSeries) -> [[Point]] {
        var polygons: [[Point]] = []
        var start = 0
        func addPiece(upTo end: Int) {
            // One row encloses no area (matplotlib fills nothing either).
            guard end - start >= 2 else { return }
            let upper = outline(band.x, band.upper, start..<end)
            let lower = outline(band.x, band.lower, start..<end)
            polygons.append(upper + lower.reversed())
        }
        for index in 0..<band.rowCount where !showsRow(band, index) {
            addPiece(upTo: index)
            start = index + 1
        }
        addPiece(upTo: band.rowCount)
        return polygons
    }

    /// Whether row `index` of `band` is drawn: x and both bounds can be shown and map to finite pixels.
    private func showsRow(_ band: BandSeries, _ index: Int) -> Bool {
        guard band.shows(index, xScale: axes.xScale, yScale: axes.yScale) else { return false }
        let upper = layout.map(band.x[index], band.upper[index]), lower = layout.map(band.x[index], band.lower[index])
        return upper.x.isFinite && upper.y.isFinite && lower.y.isFinite
    }

    /// The pixels of the rows `rows` of one bound, decimated per column like a line when the run is long. (The
    /// reduction keeps each column's extent, so a smooth band fills the same pixels; along a noisy bound the
    /// anti-aliased shading of the edge pixels changes a little, where matplotlib, which never simplifies filled
    /// paths, would fill millions of rows at great cost.)
    private func outline(_ x: [Double], _ y: [Double], _ rows: Range<Int>) -> [Point] {
        guard let column = options.decimationColumn,
              LineDecimation.isWorthDecimating(count: rows.count, plotWidth: area.width, columnWidth: column)
        else {
            return rows.map { layout.map(x[$0], y[$0]) }
        }
        let tolerance = options.isRaster ? 0 : LineDecimation.tolerance
        return LineDecimation.decimate(count: rows.count, columnWidth: column, tolerance: tolerance) { offset in
            layout.map(x[rows.lowerBound + offset], y[rows.lowerBound + offset])
        }.compactMap { $0 }
    }

    /// The pixels `line` is drawn through (`nil` breaking it), decimated when it is long.
    private func path(of line: LineSeries) -> [Point?] {
        let count = min(line.x.count, line.y.count)
        guard let column = options.decimationColumn,
              LineDecimation.isWorthDecimating(count: count, plotWidth: area.width, columnWidth: column)
        else {
            return zip(line.x, line.y).map { x, y in layout.mapIfShown(x, y) }
        }
        let tolerance = options.isRaster ? 0 : LineDecimation.tolerance
        return LineDecimation.decimate(count: count, columnWidth: column, tolerance: tolerance) { index in
            layout.mapIfShown(line.x[index], line.y[index])
        }
    }

    /// The marker layer's resolution, lowered for very large plot areas to bound its memory.
    private var markerLayerResolution: Double {
        min(options.markerLayerResolution, 8192 / max(1, area.width, area.height))
    }

    /// `series` with its colour as drawn in the figure's style.
    private func styled(_ series: Series) -> Series {
        switch series {
        case .line(var line):
            line.color = style.resolve(line.color)
            return .line(line)
        case .scatter(var scatter):
            scatter.color = style.resolve(scatter.color)
            return .scatter(scatter)
        case .band(var band):
            band.color = style.resolve(band.color)
            return .band(band)
        }
    }

    private func drawSpines() {
        let width = PlotStyle.spineWidth * k
        let left = painter.snap(area.minX, width: width), right = painter.snap(area.maxX, width: width)
        let top = painter.snap(area.minY, width: width), bottom = painter.snap(area.maxY, width: width)
        cairo_new_path(context)
        cairo_rectangle(context, left, top, right - left, bottom - top)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_MITER)
        painter.setSource(style.foreground)
        cairo_stroke(context)
    }

    private func drawTicks() {
        drawTicks(x: layout.xTicks, y: layout.yTicks, width: PlotStyle.tickWidth * k, length: PlotStyle.tickLength * k)
        drawTicks(x: layout.xMinorTicks, y: layout.yMinorTicks, width: PlotStyle.minorTickWidth * k,
                  length: PlotStyle.minorTickLength * k)
    }

    private func drawTicks(x xTicks: [TickMark], y yTicks: [TickMark], width: Double, length: Double) {
        let spine = PlotStyle.spineWidth * k
        let bottom = painter.snap(area.maxY, width: spine), left = painter.snap(area.minX, width: spine)
        for tick in xTicks {
            let x = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: x, y: bottom), to: Point(x: x, y: bottom + length),
                                  width: width, color: style.foreground)
        }
        for tick in yTicks {
            let y = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: left, y: y), to: Point(x: left - length, y: y),
                                  width: width, color: style.foreground)
        }
    }

    private func drawLegend(_ legend: LegendLayout) {
        let frame = legend.frame
        cairo_new_path(context)
        painter.roundedRectangle(frame, radius: legend.cornerRadius)
        painter.setSource(style.legendBackground, alpha: PlotStyle.legendFrameAlpha)
        cairo_fill_preserve(context)
        cairo_set_line_width(context, PlotStyle.legendFrameWidth * k)
        painter.setSource(style.legendEdge, alpha: PlotStyle.legendFrameAlpha)
        cairo_stroke(context)
        for entry in legend.entries {
            let center = entry.handleCenter
            switch styled(entry.series) {
            case .line(let line):
                let half = entry.handleLength / 2
                painter.stroke([Point(x: center.x - half, y: center.y), Point(x: center.x + half, y: center.y)],
                               style: line, k: k, bounds: frame)
            case .scatter(let scatter):
                painter.markers(at: [center], style: scatter, k: k, bounds: frame)
            case .band(let band):
                // matplotlib's patch handle: a filled rectangle as long as a line sample and handleheight tall.
                let half = entry.handleLength / 2, halfHeight = entry.handleHeight / 2
                let corners = [Point(x: center.x - half, y: center.y - halfHeight),
                               Point(x: center.x + half, y: center.y - halfHeight),
                               Point(x: center.x + half, y: center.y + halfHeight),
                               Point(x: center.x - half, y: center.y + halfHeight)]
                painter.fill([corners], color: band.color, alpha: band.alpha, bounds: frame)
            }
            painter.draw(entry.text, color: style.foreground)
        }
    }
}
