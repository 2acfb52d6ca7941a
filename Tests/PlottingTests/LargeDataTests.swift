import Foundation
@testable import Plotting
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Large data: decimated lines, stamped markers, rasterized marker layers")
struct LargeDataTests {
    /// A loss curve of `count` epochs, smooth or with multiplicative noise.
    static func lossFigure(count: Int, noisy: Bool, yScale: AxisScale = .linear) -> Figure {
        let epochs = (0..<count).map(Double.init)
        let loss = epochs.enumerated().map { i, epoch in
            (1 + 199 * exp(-epoch / (Double(count) / 10))) * (noisy ? 1 + 0.3 * SampleFigures.noise(i) : 1)
        }
        return Figure(axes: Axes(title: "Loss", xLabel: "Epoch", yLabel: "Loss", grid: true, yScale: yScale,
                                 series: [.line(LineSeries(x: epochs, y: loss, label: "train"))]))
    }

    /// `count` scatter points around a line, deterministic.
    static func scatterFigure(count: Int, alpha: Double = 1) -> Figure {
        let xs = (0..<count).map { 2 * SampleFigures.noise(2 * $0) }
        let ys = xs.enumerated().map { i, x in 3 * x + 2 + SampleFigures.noise(2 * i + 1) }
        return Figure(axes: Axes(title: "Scatter", xLabel: "x", yLabel: "$y_{true}$",
                                 series: [.scatter(ScatterSeries(x: xs, y: ys, alpha: alpha))]))
    }

    @Test(arguments: [(200_000, false, AxisScale.linear), (100_000, true, .linear), (50_000, true, .log)])
    func decimatedLineLooksLikeTheFullLine(count: Int, noisy: Bool, scale: AxisScale) throws {
        let figure = Self.lossFigure(count: count, noisy: noisy, yScale: scale)
        var full = CairoCanvas()
        full.decimatesLines = false
        let expected = try RasterImage(pngBytes: full.render(figure, format: .png))
        let actual = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        // Same pixels within 8 levels on 99.9 % of the image (only a few edge pixels of noisy envelopes differ).
        let comparison = try #require(ImageComparison(actual: actual, expected: expected, tolerance: 8))
        if comparison.fractionWithin < 0.999 {
            let paths = ImageComparison.writeArtifacts(name: "decimation-\(count)-\(noisy)-\(scale)", actual: actual,
                                                       expected: expected, comparison: comparison)
            Issue.record("decimated line differs: \(comparison.summary(tolerance: 8)); see \(paths.joined(separator: ", "))")
        }
    }

    @Test func decimationKeepsEveryColumnsExtremesAndEnds() {
        // 10 000 points over 100 px: a sawtooth whose extremes must survive.
        let points: [Point?] = (0..<10_000).map { i -> Point? in
            let spike: Double = i % 7 == 0 ? 40 : 0
            let dip: Double = i % 11 == 0 ? 30 : 0
            return Point(x: Double(i) / 100, y: 50 + spike - dip + Double(i % 3))
        }
        let reduced = LineDecimation.decimate(points).compactMap { $0 }
        #expect(reduced.count < 500)
        #expect(reduced.first == points.first!)
        #expect(reduced.last == points.last!)
        for column in 0..<100 {
            let inColumn = points.compactMap { $0 }.filter { Int($0.x) == column }
            let kept = reduced.filter { Int($0.x) == column }
            #expect(kept.map(\.y).max() == inColumn.map(\.y).max(), "column \(column)")
            #expect(kept.map(\.y).min() == inColumn.map(\.y).min(), "column \(column)")
        }
        // Monotonic in x after reduction.
        let ordered = zip(reduced, reduced.dropFirst()).allSatisfy { $0.x <= $1.x }
        #expect(ordered)
    }

    @Test func sparseLinesAreKeptAndGapsStayGaps() {
        // One point per column: nothing to reduce.
        let short: [Point?] = (0..<100).map { Point(x: Double($0) * 5, y: Double($0 % 3)) }
        #expect(LineDecimation.decimate(short, tolerance: 0) == short)
        #expect(!LineDecimation.isWorthDecimating(count: 900, plotWidth: 496, columnWidth: 1))
        #expect(LineDecimation.isWorthDecimating(count: 1_000_000, plotWidth: 496, columnWidth: 0.25))
        // Gaps stay gaps; each run is reduced on its own.
        var gappy: [Point?] = (0..<10_000).map { Point(x: Double($0) / 100, y: Double($0 % 5)) }
        gappy[5_000] = nil
        let reduced = LineDecimation.decimate(gappy)
        #expect(reduced.count < 1_000)
        #expect(reduced.filter { $0 == nil }.count == 1)
    }

    @Test func nonMonotonicLineLooksLikeTheFullLine() throws {
        // A Lissajous curve goes back and forth in x; runs within a column are still reduced.
        let t = (0..<100_000).map { Double($0) / 2_000 }
        let figure = Figure(axes: Axes(series: [.line(LineSeries(x: t.map { sin(3 * $0) }, y: t.map { cos(2 * $0) }))]))
        var full = CairoCanvas()
        full.decimatesLines = false
        let expected = try RasterImage(pngBytes: full.render(figure, format: .png))
        let actual = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let comparison = try #require(ImageComparison(actual: actual, expected: expected, tolerance: 8))
        #expect(comparison.fractionWithin >= 0.999, "\(comparison.summary(tolerance: 8))")
    }

    @Test func millionPointLossCurveSVGIsUnder50KB() throws {
        let figure = Self.lossFigure(count: 1_000_000, noisy: false)
        let svg = try CairoCanvas().render(figure, format: .svg)
        #expect(svg.count < 50_000, "\(svg.count) bytes")
        let parser = XMLParser(data: Data(svg))
        #expect(parser.parse())
    }

    @Test func stampedMarkersHaveTheSeriesColourAtTheirCentres() throws {
        // A grid of well-separated markers at alpha 0.5, forced through the stamp path.
        var xs: [Double] = [], ys: [Double] = []
        for i in 0..<20 {
            for j in 0..<15 { xs.append(Double(i) + 0.37 * SampleFigures.noise(i * 15 + j)); ys.append(Double(j)) }
        }
        let figure = Figure(axes: Axes(series: [.scatter(ScatterSeries(x: xs, y: ys, color: .tabOrange, alpha: 0.5))]))
        var canvas = CairoCanvas()
        canvas.markerStampThreshold = 0
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        let expected = Color(red: 0.5 * Color.tabOrange.red + 0.5, green: 0.5 * Color.tabOrange.green + 0.5,
                             blue: 0.5 * Color.tabOrange.blue + 0.5)
        for (x, y) in zip(xs, ys) {
            let color = image.pixel(at: layout.pixel(x: x, y: y))
            #expect(color.isClose(to: expected, tolerance: 2.5 / 255), "(\(x), \(y)): \(color)")
        }
        // Between markers the background shows.
        #expect(image.pixel(at: layout.pixel(x: 0.5, y: 0.5)).isClose(to: .white, tolerance: 0.01))
    }

    @Test func stampedMarkersMatchDirectlyDrawnOnes() throws {
        let figure = Self.scatterFigure(count: 3_000, alpha: 0.4)
        var direct = CairoCanvas()
        direct.markerStampThreshold = .max
        let expected = try RasterImage(pngBytes: direct.render(figure, format: .png))
        let actual = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let comparison = try #require(ImageComparison(actual: actual, expected: expected, tolerance: 16))
        #expect(comparison.fractionWithin >= 0.995, "\(comparison.summary(tolerance: 16))")
    }

    @Test func bigScatterCentresAreTheSeriesColour() throws {
        let figure = Self.scatterFigure(count: 100_000)
        let canvas = CairoCanvas()
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        let series = try #require(figure.axes.series.first)
        for index in stride(from: 0, to: 100_000, by: 9_973) {
            let color = image.pixel(at: layout.pixel(x: series.xValues[index], y: series.yValues[index]))
            #expect(color.isClose(to: .tabBlue, tolerance: 1.5 / 255), "point \(index): \(color)")
        }
    }

    @Test func millionPointScatterSVGEmbedsOneImageAndStaysSmall() throws {
        let figure = Self.scatterFigure(count: 1_000_000)
        let svg = try CairoCanvas().render(figure, format: .svg)
        #expect(svg.count < 5_000_000, "\(svg.count) bytes")
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.components(separatedBy: "<image").count - 1 == 1)
        #expect(text.contains("data:image/png;base64,"))
        // Axes and text stay vector: glyphs and the spine path are still there.
        #expect(text.contains("<symbol") && text.contains("<path"))
        let parser = XMLParser(data: Data(svg))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        // PDF embeds an image above the threshold too.
        let pdf = String(decoding: try CairoCanvas().render(Self.scatterFigure(count: 25_000), format: .pdf), as: UTF8.self)
        #expect(pdf.contains("/Subtype /Image"))
    }

    @Test(arguments: ImageFormat.allCases)
    func largeFiguresRenderDeterministically(_ format: ImageFormat) throws {
        let scatter = Self.scatterFigure(count: 25_000, alpha: 0.5)
        let line = Self.lossFigure(count: 50_000, noisy: true)
        for figure in [scatter, line] {
            let first = try CairoCanvas().render(figure, format: format)
            _ = try CairoCanvas().render(SampleFigures.beforeTraining, format: format)
            let second = try CairoCanvas().render(figure, format: format)
            let identical = first == second
            #expect(identical, "\(format): \(first.count) vs \(second.count) bytes")
        }
    }

    @Test func rasterThresholdIsConfigurable() throws {
        let figure = Self.scatterFigure(count: 500)
        let vector = String(decoding: try CairoCanvas().render(figure, format: .svg), as: UTF8.self)
        #expect(!vector.contains("<image"))
        let raster = String(decoding: try CairoCanvas(markerRasterThreshold: 100).render(figure, format: .svg), as: UTF8.self)
        #expect(raster.contains("<image"))
        #expect(raster.utf8.count < vector.utf8.count)
    }
}
