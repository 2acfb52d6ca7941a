import CCairo

/// Size of a single line of text, in pixels, relative to its baseline origin (y down).
struct TextMetrics: Equatable {
    /// Left and right of the inked glyphs relative to the origin.
    var inkLeft: Double
    var inkRight: Double
    /// Pen advance of the whole line.
    var advance: Double
    /// Line box above and below the baseline: the larger of the text's ink and the ink of "lp"
    /// (matplotlib sizes single-line text boxes this way, so labels align regardless of glyphs).
    var ascent: Double
    var descent: Double
    /// How to draw mathtext: runs relative to the baseline origin; `nil` for plain text.
    var runs: [TextRun]? = nil

    var inkWidth: Double { inkRight - inkLeft }
    /// Left and right of the text box: the ink and the pen advance together (matplotlib's text
    /// boxes are slightly wider than the ink).
    var boxLeft: Double { min(0, inkLeft) }
    var boxRight: Double { max(advance, inkRight) }
    var boxWidth: Double { boxRight - boxLeft }
    var height: Double { ascent + descent }
}

/// Horizontal alignment of a text anchor.
enum HorizontalAlignment { case left, center, right }
/// Vertical alignment of a text anchor (matplotlib's `va`).
enum VerticalAlignment { case top, center, baseline, centerBaseline, bottom }

/// A line of text ready to draw: its baseline origin (before rotation about `anchor`).
struct PlacedText: Equatable {
    var text: String
    /// Font size in pixels.
    var size: Double
    /// The point the text is aligned to; rotation happens about it.
    var anchor: Point
    /// Baseline start relative to the anchor in the text's own (unrotated) frame.
    var offset: Point
    /// Rotated 90° counter-clockwise (reads bottom to top).
    var vertical: Bool
    var metrics: TextMetrics

    /// Places `text` so that its box aligns to `anchor` by `horizontal`/`vertical` alignment in the
    /// text's own frame (matplotlib's `rotation_mode='anchor'`).
    init(_ text: String, size: Double, metrics: TextMetrics, anchor: Point,
         horizontal: HorizontalAlignment, vertical alignment: VerticalAlignment, vertical: Bool = false) {
        self.text = text
        self.size = size
        self.anchor = anchor
        self.vertical = vertical
        self.metrics = metrics
        let dx: Double
        switch horizontal {
        case .left: dx = -metrics.boxLeft
        case .center: dx = -(metrics.boxLeft + metrics.boxRight) / 2
        case .right: dx = -metrics.boxRight
        }
        let dy: Double
        switch alignment {
        case .top: dy = metrics.ascent
        case .center: dy = (metrics.ascent - metrics.descent) / 2
        case .baseline: dy = 0
        case .centerBaseline: dy = metrics.ascent / 2
        case .bottom: dy = -metrics.descent
        }
        offset = Point(x: dx, y: dy)
    }

    /// The text box (line box vertically, ink plus advance horizontally) on the output, in pixels.
    var bounds: PixelRect {
        let left = offset.x + metrics.boxLeft, right = offset.x + metrics.boxRight
        let top = offset.y - metrics.ascent, bottom = offset.y + metrics.descent
        if vertical {
            // Rotation by −90°: (u, v) → (v, −u).
            return PixelRect(x: anchor.x + top, y: anchor.y - right, width: bottom - top, height: right - left)
        }
        return PixelRect(x: anchor.x + left, y: anchor.y + top, width: right - left, height: bottom - top)
    }
}

/// Font settings shared by measuring and drawing so that layout and output agree exactly.
enum CairoFont {
    /// Applies DejaVu Sans (or DejaVu Sans Oblique when `italic`, matplotlib's mathtext italic) at
    /// `size` px with gray anti-aliasing, slight hinting and unhinted metrics (metrics scale
    /// linearly with size, so layout is the same at every scale).
    static func apply(to context: OpaquePointer, size: Double, italic: Bool = false) {
        cairo_select_font_face(context, PlotStyle.fontFamily, italic ? CAIRO_FONT_SLANT_OBLIQUE : CAIRO_FONT_SLANT_NORMAL,
                               CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, size)
        if let options = cairo_font_options_create() {
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_SLIGHT)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_set_font_options(context, options)
            cairo_font_options_destroy(options)
        }
    }

    /// The ink extents of `text` in the current font of `context`.
    static func extents(of text: String, in context: OpaquePointer) -> cairo_text_extents_t {
        var extents = cairo_text_extents_t()
        text.withCString { cairo_text_extents(context, $0, &extents) }
        return extents
    }
}

/// Measures text with Cairo on a scratch surface.
final class TextMeasurer {
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private var lineBoxCache: [Double: (ascent: Double, descent: Double)] = [:]

    init() throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1) else {
            throw PlottingError.cairo(operation: "create a measuring surface", status: "out of memory")
        }
        try PlottingError.check(cairo_surface_status(surface), "create a measuring surface", destroying: surface)
        guard let context = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw PlottingError.cairo(operation: "create a measuring context", status: "out of memory")
        }
        self.surface = surface
        self.context = context
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// The metrics of `text` at `size` px; text with `$…$` spans is laid out as mathtext.
    func measure(_ text: String, size: Double) -> TextMetrics {
        CairoFont.apply(to: context, size: size)
        let lineBox = lineBox(size: size)
        if text.contains("$") {
            return measureMath(MathText.parse(text), size: size, lineBox: lineBox)
        }
        guard !text.isEmpty else {
            return TextMetrics(inkLeft: 0, inkRight: 0, advance: 0, ascent: lineBox.ascent, descent: lineBox.descent)
        }
        let ink = CairoFont.extents(of: text, in: context)
        let hasInk = ink.width > 0 || ink.height > 0
        return TextMetrics(
            inkLeft: hasInk ? ink.x_bearing : 0,
            inkRight: hasInk ? ink.x_bearing + ink.width : ink.x_advance,
            advance: ink.x_advance,
            ascent: max(lineBox.ascent, -ink.y_bearing),
            descent: max(lineBox.descent, ink.y_bearing + ink.height))
    }

    /// Metrics of text with a `$` sign: the runs of its math layout and their joint ink box.
    private func measureMath(_ text: MathText, size: Double,
                             lineBox: (ascent: Double, descent: Double)) -> TextMetrics {
        let (runs, ink, advance) = MathLayout(context: context).layout(text, size: size)
        guard let ink else {
            return TextMetrics(inkLeft: 0, inkRight: advance, advance: advance, ascent: lineBox.ascent,
                               descent: lineBox.descent, runs: runs)
        }
        return TextMetrics(inkLeft: ink.left, inkRight: ink.right, advance: advance,
                           ascent: max(lineBox.ascent, -ink.top), descent: max(lineBox.descent, ink.bottom),
                           runs: runs)
    }

    private func lineBox(size: Double) -> (ascent: Double, descent: Double) {
        if let cached = lineBoxCache[size] { return cached }
        let ink = CairoFont.extents(of: "lp", in: context)
        let box = (ascent: -ink.y_bearing, descent: ink.y_bearing + ink.height)
        lineBoxCache[size] = box
        return box
    }
}
