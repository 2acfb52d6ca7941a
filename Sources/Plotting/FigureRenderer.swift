import CCairo

/// Draws a laid-out figure on a Cairo context, back to front like matplotlib:
/// background, grid, series (clipped to the axes), spines, ticks, text, legend.
struct FigureRenderer {
    let figure: Figure
    let layout: AxesLayout
    let painter: CairoPainter

    private var k: Double { layout.pixelsPerPoint }
    private var area: PixelRect { layout.plotArea }
    private var context: OpaquePointer { painter.context }

    func draw() {
        cairo_set_antialias(context, CAIRO_ANTIALIAS_DEFAULT)
        painter.setSource(.white)
        cairo_paint(context)
        if figure.axes.grid { drawGrid() }
        drawSeries()
        drawSpines()
        drawTicks()
        for text in layout.texts { painter.draw(text) }
        if let legend = layout.legend { drawLegend(legend) }
    }

    private func drawGrid() {
        let width = PlotStyle.gridWidth * k
        for tick in layout.xTicks {
            let x = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: x, y: area.minY), to: Point(x: x, y: area.maxY),
                                  width: width, color: .gridGrey)
        }
        for tick in layout.yTicks {
            let y = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: area.minX, y: y), to: Point(x: area.maxX, y: y),
                                  width: width, color: .gridGrey)
        }
    }

    private func drawSeries() {
        cairo_save(context)
        cairo_new_path(context)
        cairo_rectangle(context, area.x, area.y, area.width, area.height)
        cairo_clip(context)
        for series in figure.axes.series {
            switch series {
            case .line(let line):
                let points: [Point?] = zip(line.x, line.y).map { x, y in
                    x.isFinite && y.isFinite ? layout.map(x, y) : nil
                }
                painter.stroke(points, style: line, k: k, bounds: area)
            case .scatter(let scatter):
                let centers = series.finitePoints.map { layout.map($0.x, $0.y) }
                painter.markers(at: centers, style: scatter, k: k, bounds: area)
            }
        }
        cairo_restore(context)
    }

    private func drawSpines() {
        let width = PlotStyle.spineWidth * k
        let left = painter.snap(area.minX, width: width), right = painter.snap(area.maxX, width: width)
        let top = painter.snap(area.minY, width: width), bottom = painter.snap(area.maxY, width: width)
        cairo_new_path(context)
        cairo_rectangle(context, left, top, right - left, bottom - top)
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_MITER)
        painter.setSource(.black)
        cairo_stroke(context)
    }

    private func drawTicks() {
        let width = PlotStyle.tickWidth * k
        let length = PlotStyle.tickLength * k
        let bottom = painter.snap(area.maxY, width: width), left = painter.snap(area.minX, width: width)
        for tick in layout.xTicks {
            let x = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: x, y: bottom), to: Point(x: x, y: bottom + length),
                                  width: width, color: .black)
        }
        for tick in layout.yTicks {
            let y = painter.snap(tick.position, width: width)
            painter.strokeSegment(from: Point(x: left, y: y), to: Point(x: left - length, y: y),
                                  width: width, color: .black)
        }
    }

    private func drawLegend(_ legend: LegendLayout) {
        let frame = legend.frame
        cairo_new_path(context)
        painter.roundedRectangle(frame, radius: legend.cornerRadius)
        painter.setSource(.white, alpha: PlotStyle.legendFrameAlpha)
        cairo_fill_preserve(context)
        cairo_set_line_width(context, PlotStyle.legendFrameWidth * k)
        painter.setSource(PlotStyle.legendEdgeColor, alpha: PlotStyle.legendFrameAlpha)
        cairo_stroke(context)
        for entry in legend.entries {
            let center = entry.handleCenter
            switch entry.series {
            case .line(let line):
                let half = entry.handleLength / 2
                painter.stroke([Point(x: center.x - half, y: center.y), Point(x: center.x + half, y: center.y)],
                               style: line, k: k, bounds: frame)
            case .scatter(let scatter):
                painter.markers(at: [center], style: scatter, k: k, bounds: frame)
            }
            painter.draw(entry.text)
        }
    }
}
