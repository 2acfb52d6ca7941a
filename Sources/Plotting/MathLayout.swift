import CCairo
import Foundation

/// A piece of text drawn in one face and size at an offset from the line's baseline origin.
struct TextRun: Equatable {
    var text: String
    /// Drawn in DejaVu Sans Oblique (math letters) instead of upright DejaVu Sans.
    var italic: Bool
    /// Font size in pixels.
    var size: Double
    /// Pen position relative to the line's origin; `y` is positive downwards (subscripts).
    var x: Double
    var y: Double
    /// Pen advance of the run.
    var advance: Double
}

/// Lays out text with mathtext spans into runs, TeX-style, measuring glyphs with Cairo.
///
/// Sub- and superscripts are drawn at 70 % and shifted by matplotlib's DejaVu Sans font
/// constants (fractions of the x-height): subscripts 0.3 down (0.5 with a superscript),
/// superscripts 0.7 up, 0.05 x-height of space after a script, extra kerning of a superscript
/// after a slanted (italic) nucleus.
struct MathLayout {
    /// matplotlib's `SHRINK_FACTOR` for scripts.
    static let scriptScale = 0.7
    private static let sub1 = 0.3, sub2 = 0.5, sup1 = 0.7
    private static let delta = 0.025, deltaSlanted = 0.2, scriptSpace = 0.05
    /// Slope of DejaVu Sans Oblique (≈ 11°), used to centre accents over italic letters.
    private static let obliqueSlope = 0.2

    let context: OpaquePointer

    /// A laid-out horizontal list with its ink box (above/below the baseline, left/right).
    private struct Box {
        var runs: [TextRun] = []
        var advance = 0.0
        var height = 0.0
        var depth = 0.0
        var inkLeft = Double.infinity
        var inkRight = -Double.infinity
        /// The last symbol was italic, and its ink height (for superscript kerning).
        var lastSlanted = false
        var lastHeight = 0.0

        var hasInk: Bool { inkLeft <= inkRight }

        /// Appends `child` at the pen moved right by `dx`, shifted down by `shift`.
        mutating func append(_ child: Box, dx: Double = 0, shift: Double = 0) {
            let x0 = advance + dx
            for var run in child.runs {
                run.x += x0
                run.y += shift
                runs.append(run)
            }
            if child.hasInk {
                height = max(height, child.height - shift)
                depth = max(depth, child.depth + shift)
                inkLeft = min(inkLeft, x0 + child.inkLeft)
                inkRight = max(inkRight, x0 + child.inkRight)
            }
            advance = x0 + child.advance
            lastSlanted = child.lastSlanted
            lastHeight = child.lastHeight
        }
    }

    /// The runs of `text` at `size` px and their metrics relative to the baseline origin.
    func layout(_ text: MathText, size: Double) -> (runs: [TextRun], ink: (left: Double, right: Double, top: Double,
                                                                            bottom: Double)?, advance: Double) {
        var line = Box()
        for segment in text.segments {
            switch segment {
            case .plain(let string): line.append(glyphs(string, italic: false, size: size))
            case .math(let nodes): line.append(list(nodes, size: size))
            }
        }
        let ink = line.hasInk ? (line.inkLeft, line.inkRight, -line.height, line.depth) : nil
        return (Self.merged(line.runs), ink, line.advance)
    }

    private func list(_ nodes: [MathNode], size: Double) -> Box {
        var box = Box()
        for node in nodes { box.append(self.node(node, size: size)) }
        return box
    }

    private func node(_ node: MathNode, size: Double) -> Box {
        switch node {
        case .symbol(let text, let style):
            return glyphs(text, italic: style == .italic, size: size)
        case .text(let text):
            return glyphs(text, italic: false, size: size)
        case .space(let ems):
            var box = Box()
            box.advance = ems * extents("m", italic: true, size: size).x_advance
            return box
        case .group(let nodes):
            return list(nodes, size: size)
        case .scripts(let base, let sub, let sup):
            return scripts(base: base.map { self.node($0, size: size) } ?? Box(), sub: sub, sup: sup, size: size)
        case .accent(let accent, let nodes):
            return self.accent(accent, over: list(nodes, size: size), size: size)
        }
    }

    private func scripts(base: Box, sub: [MathNode]?, sup: [MathNode]?, size: Double) -> Box {
        let xHeight = self.xHeight(size: size)
        let scriptSize = size * Self.scriptScale
        var superKern = Self.delta * xHeight
        var subKern = Self.delta * xHeight
        if base.lastSlanted {
            superKern += Self.delta * xHeight + Self.deltaSlanted * (base.lastHeight - xHeight * 2 / 3)
            subKern = 0
        }
        var result = base
        let start = result.advance
        var end = start
        let subBox = sub.map { list($0, size: scriptSize) }
        let supBox = sup.map { list($0, size: scriptSize) }
        var shiftUp = Self.sup1 * xHeight
        let shiftDown = (supBox == nil ? Self.sub1 : Self.sub2) * xHeight
        if let subBox, let supBox {
            // Push the superscript up if the two would come closer than two rule widths.
            let rule = 0.05 * size
            let clearance = 2 * rule - ((shiftUp - supBox.depth) - (subBox.height - shiftDown))
            if clearance > 0 { shiftUp += clearance }
        }
        if let subBox {
            result.advance = start
            result.append(subBox, dx: subKern, shift: shiftDown)
            end = max(end, result.advance)
        }
        if let supBox {
            result.advance = start
            result.append(supBox, dx: superKern, shift: -shiftUp)
            end = max(end, result.advance)
        }
        result.advance = end + Self.scriptSpace * xHeight
        result.lastSlanted = false
        return result
    }

    private func accent(_ accent: MathAccent, over base: Box, size: Double) -> Box {
        let xHeight = self.xHeight(size: size)
        let mark = extents(accent.glyph, italic: false, size: size)
        var result = base
        guard mark.width > 0 else { return result }
        let left = base.hasInk ? base.inkLeft : 0, right = base.hasInk ? base.inkRight : base.advance
        let top = max(base.hasInk ? base.height : 0, xHeight)
        // Over a slanted letter the top of the ink sits right of its centre.
        let skew = base.lastSlanted ? Self.obliqueSlope * (base.height + base.depth) / 2 : 0
        let centerX = (left + right) / 2 + skew
        let gap = 0.1 * xHeight
        let baseline = -(top + gap) - (mark.y_bearing + mark.height)
        var markBox = Box()
        markBox.runs = [TextRun(text: accent.glyph, italic: false, size: size,
                                x: centerX - (mark.x_bearing + mark.width / 2), y: baseline, advance: mark.x_advance)]
        markBox.inkLeft = centerX - mark.width / 2
        markBox.inkRight = centerX + mark.width / 2
        markBox.height = -(baseline + mark.y_bearing)
        markBox.depth = 0
        let advance = result.advance, slanted = result.lastSlanted, lastHeight = result.lastHeight
        result.advance = 0
        result.append(markBox)
        result.advance = advance
        result.lastSlanted = slanted
        result.lastHeight = lastHeight
        return result
    }

    private func glyphs(_ text: String, italic: Bool, size: Double) -> Box {
        var box = Box()
        guard !text.isEmpty else { return box }
        let e = extents(text, italic: italic, size: size)
        box.runs = [TextRun(text: text, italic: italic, size: size, x: 0, y: 0, advance: e.x_advance)]
        box.advance = e.x_advance
        if e.width > 0 || e.height > 0 {
            box.height = -e.y_bearing
            box.depth = e.y_bearing + e.height
            box.inkLeft = e.x_bearing
            box.inkRight = e.x_bearing + e.width
        }
        box.lastSlanted = italic
        box.lastHeight = max(0, -e.y_bearing)
        return box
    }

    private func xHeight(size: Double) -> Double {
        -extents("x", italic: true, size: size).y_bearing
    }

    private func extents(_ text: String, italic: Bool, size: Double) -> cairo_text_extents_t {
        CairoFont.apply(to: context, size: size, italic: italic)
        return CairoFont.extents(of: text, in: context)
    }

    /// Joins neighbouring runs of the same face, size and baseline that continue each other.
    private static func merged(_ runs: [TextRun]) -> [TextRun] {
        var result: [TextRun] = []
        for run in runs {
            if var last = result.last, last.italic == run.italic, last.size == run.size, last.y == run.y,
               abs(last.x + last.advance - run.x) < 1e-9 {
                last.text += run.text
                last.advance += run.advance
                result[result.count - 1] = last
            } else {
                result.append(run)
            }
        }
        return result
    }
}
