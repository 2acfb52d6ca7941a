import CCairo

/// Low-level drawing helpers on a Cairo context (all lengths in output pixels).
struct CairoPainter {
    let context: OpaquePointer
    /// Snap thin axis lines to the pixel grid (raster output only).
    let snapsToPixels: Bool

    /// `color` with its alpha multiplied by `alpha` (non-finite alpha counts as opaque).
    func setSource(_ color: Color, alpha: Double = 1) {
        let a = clamp(color.alpha) * clamp(alpha)
        cairo_set_source_rgba(context, clamp(color.red), clamp(color.green), clamp(color.blue), a)
    }

    private func clamp(_ value: Double) -> Double {
        value.isFinite ? min(1, max(0, value)) : 1
    }

    /// A coordinate moved to where a line of `width` px covers whole pixels.
    func snap(_ value: Double, width: Double) -> Double {
        guard snapsToPixels else { return value }
        // matplotlib's Agg snapping: odd widths centre on pixel ⌊v + ½⌋, even ones on its edge.
        let pixels = max(1, width.rounded())
        let nearest = (value + 0.5).rounded(.down)
        return Int(pixels) % 2 == 1 ? nearest + 0.5 : nearest
    }

    func strokeSegment(from a: Point, to b: Point, width: Double, color: Color) {
        cairo_new_path(context)
        cairo_move_to(context, a.x, a.y)
        cairo_line_to(context, b.x, b.y)
        cairo_set_line_width(context, width)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
        setSource(color)
        cairo_stroke(context)
    }

    func roundedRectangle(_ rect: PixelRect, radius: Double) {
        let r = max(0, min(radius, rect.width / 2, rect.height / 2))
        cairo_new_sub_path(context)
        cairo_arc(context, rect.maxX - r, rect.minY + r, r, -Double.pi / 2, 0)
        cairo_arc(context, rect.maxX - r, rect.maxY - r, r, 0, Double.pi / 2)
        cairo_arc(context, rect.minX + r, rect.maxY - r, r, Double.pi / 2, Double.pi)
        cairo_arc(context, rect.minX + r, rect.minY + r, r, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(context)
    }

    /// Draws a line of text placed by the layout (mathtext as its laid-out runs).
    func draw(_ text: PlacedText, color: Color = .black) {
        guard !text.text.isEmpty else { return }
        setSource(color)
        cairo_save(context)
        cairo_translate(context, text.anchor.x, text.anchor.y)
        if text.vertical { cairo_rotate(context, -Double.pi / 2) }
        let runs = text.metrics.runs ?? [TextRun(text: text.text, italic: false, size: text.size, x: 0, y: 0, advance: 0)]
        for run in runs {
            CairoFont.apply(to: context, size: run.size, italic: run.italic)
            cairo_new_path(context)
            cairo_move_to(context, text.offset.x + run.x, text.offset.y + run.y)
            run.text.withCString { cairo_show_text(context, $0) }
        }
        cairo_restore(context)
    }

    /// Strokes a polyline in the style of `line` (matplotlib: projecting caps for solid lines,
    /// butt caps for dashed ones, round joins). Non-finite points break the line; the geometry is
    /// clipped to `bounds` first so huge coordinates never reach Cairo's fixed-point math.
    func stroke(_ points: [Point?], style line: LineSeries, k: Double, bounds: PixelRect) {
        guard line.width.isFinite, line.width > 0 else { return }
        let width = line.width * k
        let dashes = line.dash.map { $0.isFinite ? max(0, $0) * k : 0 }
        let dashed = !dashes.isEmpty && dashes.contains { $0 > 0 }
        let limit = bounds.expanded(by: 2 * width + 8)
        cairo_new_path(context)
        var previous: Point?
        var penAt: Point?
        for point in points {
            guard let point else { previous = nil; continue }
            defer { previous = point }
            // Like matplotlib, a line needs two points: a lone point draws nothing.
            guard let start = previous else { continue }
            guard let (a, b) = limit.clip(start, point) else { penAt = nil; continue }
            if penAt != a { cairo_move_to(context, a.x, a.y) }
            cairo_line_to(context, b.x, b.y)
            // Only continue the same sub-path while the segment was not cut at its end.
            penAt = b == point ? b : nil
        }
        cairo_set_line_width(context, width)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_SQUARE)
        if dashed {
            cairo_set_dash(context, dashes, Int32(dashes.count), 0)
        } else {
            cairo_set_dash(context, nil, 0, 0)
        }
        setSource(line.color, alpha: line.alpha)
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    /// Fills each polygon with `color` at `alpha`, without an edge (matplotlib's `fill_between`: a collection with
    /// edge colour "none"), one fill per polygon so overlapping pieces darken as matplotlib's do. Polygons are
    /// clipped to `bounds` (grown a little) first so huge coordinates never reach Cairo's fixed-point math.
    func fill(_ polygons: [[Point]], color: Color, alpha: Double, bounds: PixelRect) {
        let limit = bounds.expanded(by: 8)
        setSource(color, alpha: alpha)
        cairo_set_fill_rule(context, CAIRO_FILL_RULE_WINDING)
        for polygon in polygons {
            let clipped = limit.clip(polygon: polygon)
            guard clipped.count >= 3, let first = clipped.first else { continue }
            cairo_new_path(context)
            cairo_move_to(context, first.x, first.y)
            for point in clipped.dropFirst() { cairo_line_to(context, point.x, point.y) }
            cairo_close_path(context)
            cairo_fill(context)
        }
    }

    /// Draws scatter markers: a filled disc plus an edge in the face colour, each with the alpha.
    func markers(at centers: [Point], style scatter: ScatterSeries, k: Double, bounds: PixelRect) {
        let radius = ScatterGeometry.radius(markerArea: scatter.markerArea, k: k)
        guard radius > 0 else { return }
        let visible = bounds.expanded(by: ScatterGeometry.outerRadius(markerArea: scatter.markerArea, k: k))
        cairo_set_line_width(context, ScatterGeometry.edgeWidth(k: k))
        setSource(scatter.color, alpha: scatter.alpha)
        for center in centers where visible.contains(x: center.x, y: center.y) {
            cairo_new_path(context)
            cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
            cairo_close_path(context)
            cairo_fill_preserve(context)
            cairo_stroke(context)
        }
    }
}
