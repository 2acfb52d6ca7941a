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
            let obstacles = Obstacles(axes: axes, k: k, pixel: pixel)
            var bestLocation = LegendLocation.upperRight
            var bestBadness = Double.infinity
            for candidate in LegendLocation.bestCandidates {
                let frame = frameRect(candidate, width: width, height: height, in: bounds)
                let badness = obstacles.badness(of: frame)
                if badness < bestBadness {
                    bestBadness = badness
                    bestLocation = candidate
                }
                if badness == 0 { break }
            }
            chosen = bestLocation
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
                                 handleLength: handleLength, text: text))
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

/// The data a legend should avoid, in output pixels.
private struct Obstacles {
    /// Line vertices, per line, with the line's half width.
    var lines: [(vertices: [Point], halfWidth: Double)] = []
    /// Scatter marker centres with their radius.
    var markers: [(center: Point, radius: Double)] = []

    init(axes: Axes, k: Double, pixel: (Double, Double) -> Point?) {
        for series in axes.series {
            let points = zip(series.xValues, series.yValues).compactMap { pixel($0, $1) }
            switch series {
            case .line(let line):
                lines.append((points, max(0, line.width.isFinite ? line.width : 0) * k / 2))
            case .scatter(let scatter):
                let radius = ScatterGeometry.outerRadius(markerArea: scatter.markerArea, k: k)
                markers += points.map { ($0, radius) }
            }
        }
    }

    /// matplotlib's badness (vertices and markers inside plus lines crossing the box), plus a large
    /// penalty for hiding either end of a line.
    func badness(of frame: PixelRect) -> Double {
        var badness = 0.0
        for (center, radius) in markers where frame.expanded(by: radius).contains(x: center.x, y: center.y) {
            badness += 1
        }
        for (vertices, halfWidth) in lines {
            var crosses = false
            for (index, vertex) in vertices.enumerated() {
                if frame.contains(x: vertex.x, y: vertex.y) { badness += 1 }
                if !crosses, index > 0, frame.clip(vertices[index - 1], vertex) != nil { crosses = true }
            }
            if crosses { badness += 1 }
            let guardBox = frame.expanded(by: halfWidth + 2)
            for end in [vertices.first, vertices.last].compactMap({ $0 })
            where guardBox.contains(x: end.x, y: end.y) {
                badness += 1_000_000
            }
        }
        return badness
    }
}
