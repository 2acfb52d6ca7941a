/// Where the legend box goes inside the axes (matplotlib's `loc`).
public enum LegendLocation: String, Sendable, Equatable, CaseIterable, Codable {
    /// The candidate below covering the fewest data points and lines (matplotlib's `'best'`),
    /// never covering the first or last point of a line when another place is free of them.
    case best
    case upperRight, upperLeft, lowerLeft, lowerRight
    case right, centerLeft, centerRight, lowerCenter, upperCenter, center

    /// The candidates `best` tries, in matplotlib's order (ties go to the earlier one).
    public static let bestCandidates: [LegendLocation] = [
        .upperRight, .upperLeft, .lowerLeft, .lowerRight, .right,
        .centerLeft, .centerRight, .lowerCenter, .upperCenter, .center,
    ]
}

/// The legend's frame and entries, in output pixels.
struct LegendLayout: Equatable {
    struct Entry: Equatable {
        /// The series the entry stands for (its style draws the handle).
        var series: Series
        /// Centre of the handle: the middle of the line sample or the marker centre.
        var handleCenter: Point
        /// Length of the line sample.
        var handleLength: Double
        /// Height of the handle box (a band's filled rectangle).
        var handleHeight: Double
        var text: PlacedText
    }

    var frame: PixelRect
    var location: LegendLocation
    var entries: [Entry]
    /// Corner radius of the frame.
    var cornerRadius: Double

    /// Lays out a legend for the labelled series of `axes`, or `nil` when there is nothing to show.
    /// `pixel` maps data to output pixels (`nil` for points the axes cannot show); `k` is pixels per point.
    static func make(axes: Axes, location: LegendLocation, plotArea: PixelRect, k: Double,
                     measurer: TextMeasurer, pixel: (Double, Double) -> Point?) -> LegendLayout? {
        guard axes.legend else { return nil }
        // matplotlib skips series without a label and labels starting with "_".
        let labelled = axes.series.compactMap { series -> (Series, String)? in
            guard let label = series.label, !label.isEmpty, !label.hasPrefix("_") else { return nil }
            return (series, label)
        }
        guard !labelled.isEmpty else { return nil }

        let font = PlotStyle.fontSize * k
        let borderPad = PlotStyle.legendBorderPad * font
        let labelSpacing = PlotStyle.legendLabelSpacing * font
        let handleLength = PlotStyle.legendHandleLength * font
        let handleHeight = PlotStyle.legendHandleHeight * font
        let handleTextPad = PlotStyle.legendHandleTextPad * font
        let axesPad = PlotStyle.legendBorderAxesPad * font

        let metrics = labelled.map { measurer.measure($0.1, size: font) }
        let rowHeights = metrics.map { max($0.ascent, handleHeight) + $0.descent }
        let textWidth = metrics.map(\.boxWidth).max() ?? 0
        let width = 2 * borderPad + handleLength + handleTextPad + textWidth
        let height = 2 * borderPad + rowHeights.reduce(0, +) + Double(labelled.count - 1) * labelSpacing

        let bounds = plotArea.expanded(by: -axesPad)
        let chosen: LegendLocation
        if location == .best {
            let candidates = LegendLocation.bestCandidates
            let frames = candidates.map { frameRect($0, width: width, height: height, in: bounds) }
            let badness = Obstacles.badness(of: frames, axes: axes, k: k, pixel: pixel)
            // The first candidate with the least badness (matplotlib's order breaks ties).
            var bestIndex = 0
            for index in badness.indices where badness[index] < badness[bestIndex] { bestIndex = index }
            chosen = candidates[bestIndex]
        } else {
            chosen = location
        }
        let frame = frameRect(chosen, width: width, height: height, in: bounds)

        var entries: [Entry] = []
        var rowTop = frame.minY + borderPad
        let handleLeft = frame.minX + borderPad
        for (index, (series, label)) in labelled.enumerated() {
            let metric = metrics[index]
            let baseline = rowTop + max(metric.ascent, handleHeight)
            let text = PlacedText(label, size: font, metrics: metric,
                                  anchor: Point(x: handleLeft + handleLength + handleTextPad, y: baseline),
                                  horizontal: .left, vertical: .baseline)
            entries.append(Entry(series: series,
                                 handleCenter: Point(x: handleLeft + handleLength / 2, y: baseline - handleHeight / 2),
                                 handleLength: handleLength, handleHeight: handleHeight, text: text))
            rowTop += rowHeights[index] + labelSpacing
        }
        return LegendLayout(frame: frame, location: chosen, entries: entries,
                            cornerRadius: PlotStyle.legendRoundingSize * font)
    }

    /// The frame for `location` inside `bounds` (the axes shrunk by the border-axes pad).
    static func frameRect(_ location: LegendLocation, width: Double, height: Double, in bounds: PixelRect) -> PixelRect {
        let left = bounds.minX, right = bounds.maxX - width, centerX = bounds.midX - width / 2
        let top = bounds.minY, bottom = bounds.maxY - height, centerY = bounds.midY - height / 2
        let origin: (Double, Double)
        switch location {
        case .best, .upperRight: origin = (right, top)
        case .upperLeft: origin = (left, top)
        case .lowerLeft: origin = (left, bottom)
        case .lowerRight: origin = (right, bottom)
        case .right, .centerRight: origin = (right, centerY)
        case .centerLeft: origin = (left, centerY)
        case .lowerCenter: origin = (centerX, bottom)
        case .upperCenter: origin = (centerX, top)
        case .center: origin = (centerX, centerY)
        }
        return PixelRect(x: origin.0, y: origin.1, width: width, height: height)
    }
}

/// How much of the data candidate legend frames would hide, computed in one pass over the data
/// (points are mapped one at a time, never stored, so millions of points cost no memory).
private enum Obstacles {
    /// matplotlib's badness of each frame (vertices and markers inside plus lines crossing it), plus
    /// a large penalty for hiding either end of a line.
    static func badness(of frames: [PixelRect], axes: Axes, k: Double, pixel: (Double, Double) -> Point?) -> [Double] {
        var badness = [Double](repeating: 0, count: frames.count)
        for series in axes.series {
            if case .band(let band) = series {
                bandBadness(band, frames: frames, pixel: pixel, into: &badness)
                continue
            }
            let xs = series.xValues, ys = series.yValues
            let count = min(xs.count, ys.count)
            switch series {
            case .band:
                break
            case .scatter(let scatter):
                let radius = ScatterGeometry.outerRadius(markerArea: scatter.markerArea, k: k)
                let grown = frames.map { $0.expanded(by: radius) }
                for index in 0..<count {
                    guard let center = pixel(xs[index], ys[index]) else { continue }
                    for (frame, box) in grown.enumerated() where box.contains(x: center.x, y: center.y) {
                        badness[frame] += 1
                    }
                }
            case .line(let line):
                var crosses = [Bool](repeating: false, count: frames.count)
                var first: Point?, previous: Point?
                for index in 0..<count {
                    guard let vertex = pixel(xs[index], ys[index]) else { continue }
                    if first == nil { first = vertex }
                    for (frame, box) in frames.enumerated() {
                        if box.contains(x: vertex.x, y: vertex.y) { badness[frame] += 1 }
                        if !crosses[frame], let previous, box.clip(previous, vertex) != nil { crosses[frame] = true }
                    }
                    previous = vertex
                }
                let halfWidth = max(0, line.width.isFinite ? line.width : 0) * k / 2
                for (frame, box) in frames.enumerated() {
                    if crosses[frame] { badness[frame] += 1 }
                    let guardBox = box.expanded(by: halfWidth + 2)
                    for end in [first, previous].compactMap({ $0 }) where guardBox.contains(x: end.x, y: end.y) {
                        badness[frame] += 1_000_000
                    }
                }
            }
        }
        return badness
    }

    /// matplotlib counts a filled region (a `PolyCollection`) like a line along its outline: each vertex inside a
    /// frame, plus one when the outline crosses the frame. Each run of drawable rows is one outline: along the
    /// upper bound, back along the lower one, closed.
    private static func bandBadness(_ band: BandSeries, frames: [PixelRect], pixel: (Double, Double) -> Point?,
                                    into badness: inout [Double]) {
        var crosses = [Bool](repeating: false, count: frames.count)
        func edge(_ a: Point, _ b: Point) {
            for (frame, box) in frames.enumerated() where !crosses[frame] && box.clip(a, b) != nil {
                crosses[frame] = true
            }
        }
        func vertex(_ p: Point) {
            for (frame, box) in frames.enumerated() where box.contains(x: p.x, y: p.y) { badness[frame] += 1 }
        }
        func finishOutline() {
            for frame in frames.indices where crosses[frame] { badness[frame] += 1 }
            crosses = [Bool](repeating: false, count: frames.count)
        }
        // The current run: its first rows' pixels and the previous row's.
        var first: (upper: Point, lower: Point)?
        var previous: (upper: Point, lower: Point)?
        func endRun() {
            if let first, let previous {
                edge(first.upper, first.lower)
                edge(previous.upper, previous.lower)
                finishOutline()
            }
            first = nil
            previous = nil
        }
        for index in 0..<band.rowCount {
            guard let upper = pixel(band.x[index], band.upper[index]),
                  let lower = pixel(band.x[index], band.lower[index]) else { endRun(); continue }
            vertex(upper)
            vertex(lower)
            if let previous {
                edge(previous.upper, upper)
                edge(previous.lower, lower)
            } else {
                first = (upper, lower)
            }
            previous = (upper, lower)
        }
        endRun()
    }
}
