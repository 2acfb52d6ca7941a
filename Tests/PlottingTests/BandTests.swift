import Foundation
@testable import Plotting
import Testing

@Suite("Filled bands (fill_between)")
struct BandTests {
    /// tab:blue at alpha 0.2 over white, as matplotlib's `fill_between(…, alpha=0.2)` paints it.
    static let blendedBlue = Color(red: (0.8 * 255 + 0.2 * 0x1f) / 255, green: (0.8 * 255 + 0.2 * 0x77) / 255,
                                   blue: (0.8 * 255 + 0.2 * 0xb4) / 255)

    /// A band ±(0.5 + 0.1 x) around 0.5 x over 0…10, 41 rows.
    static let xs = Array(stride(from: 0.0, through: 10, by: 0.25))
    static func lower(_ x: Double) -> Double { 0.5 * x - (0.5 + 0.1 * x) }
    static func upper(_ x: Double) -> Double { 0.5 * x + (0.5 + 0.1 * x) }
    static var band: BandSeries {
        BandSeries(x: xs, lower: xs.map(lower), upper: xs.map(upper), label: "95 % band")
    }

    @Test(arguments: [1.0, 2.0])
    func fillsBetweenTheBoundsWithTheBlendedColour(scale: Double) throws {
        let figure = Figure(axes: Axes(series: [.band(Self.band)]))
        let canvas = CairoCanvas(scale: scale)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        for x in [0.3, 1.7, 3, 5.5, 8, 9.6] {
            let middle = image.pixel(at: layout.pixel(x: x, y: 0.5 * x))
            #expect(middle.isClose(to: Self.blendedBlue, tolerance: 1.5 / 255), "x = \(x): \(middle)")
            // Just inside each bound: still the band; well outside: white.
            let span = Self.upper(x) - Self.lower(x)
            #expect(image.pixel(at: layout.pixel(x: x, y: Self.upper(x) - 0.1 * span))
                .isClose(to: Self.blendedBlue, tolerance: 1.5 / 255))
            #expect(image.pixel(at: layout.pixel(x: x, y: Self.lower(x) + 0.1 * span))
                .isClose(to: Self.blendedBlue, tolerance: 1.5 / 255))
            #expect(image.pixel(at: layout.pixel(x: x, y: Self.upper(x) + 0.3 * span)).isClose(to: .white, tolerance: 0.01),
                    "above the band at x = \(x)")
            #expect(image.pixel(at: layout.pixel(x: x, y: Self.lower(x) - 0.3 * span)).isClose(to: .white, tolerance: 0.01),
                    "below the band at x = \(x)")
        }
    }

    @Test func hasNoEdge() throws {
        // matplotlib's fill_between has edge colour "none": one pixel outside the upper bound is white, not blue.
        let figure = Figure(axes: Axes(xLimits: 0...10, yLimits: 0...10, series: [
            .band(BandSeries(x: [0, 10], lower: [2, 2], upper: [6, 6], alpha: 1)),
        ]))
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let layout = try CairoCanvas().layout(of: figure)
        let top = layout.pixel(x: 5, y: 6)
        #expect(image.pixel(x: Int(top.x), y: Int(top.y.rounded()) - 2).isClose(to: .white, tolerance: 0.01))
        #expect(image.pixel(x: Int(top.x), y: Int(top.y.rounded()) + 1).isClose(to: .tabBlue, tolerance: 0.01))
        let svg = String(decoding: try CairoCanvas().render(figure, format: .svg), as: UTF8.self)
        #expect(!svg.contains("stroke:rgb(12.156863%,46.666667%,70.588235%)"), "the band has no stroke")
    }

    @Test func nonFiniteRowsSplitTheBand() throws {
        var band = Self.band
        // Rows 18…22 (x = 4.5…5.5): a NaN lower bound, an infinite upper bound, a NaN x.
        band.lower[18] = .nan
        band.upper[20] = .infinity
        band.x[22] = .nan
        let figure = Figure(axes: Axes(series: [.band(band)]))
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let layout = try CairoCanvas().layout(of: figure)
        // Filled on both sides of the gap, not inside it (between rows 17 and 23 nothing joins them).
        for x in [3.0, 4.1, 6.0, 8.0] {
            #expect(image.pixel(at: layout.pixel(x: x, y: 0.5 * x)).isClose(to: Self.blendedBlue, tolerance: 1.5 / 255),
                    "x = \(x)")
        }
        for x in [4.5, 5.0, 5.4] {
            #expect(image.pixel(at: layout.pixel(x: x, y: 0.5 * x)).isClose(to: .white, tolerance: 0.01), "x = \(x)")
        }
        // Row 19 (x = 4.75) and row 21 (5.25) are single drawable rows: they enclose nothing.
        #expect(try layout.yDataIntervalContainsBoth(figure))
    }

    @Test func bothBoundsCountForTheLimits() throws {
        var band = Self.band
        band.upper[3] = .nan
        band.lower[40] = -.infinity
        let axes = Axes(series: [.band(band)])
        let finiteRows = (0..<41).filter { $0 != 3 && $0 != 40 }
        let low = finiteRows.map { Self.lower(Self.xs[$0]) }.min()!
        let high = finiteRows.map { Self.upper(Self.xs[$0]) }.max()!
        #expect(axes.yDataInterval == low...high)
        #expect(axes.xDataInterval == 0...9.75)
        #expect(axes.yViewLimits == AxisLimits.autoscale(low...high))
        // On a log y axis, rows with a non-positive bound are left out.
        var logAxes = axes
        logAxes.yScale = .log
        let positive = finiteRows.filter { Self.lower(Self.xs[$0]) > 0 }
        #expect(logAxes.yDataInterval == positive.map { Self.lower(Self.xs[$0]) }.min()!
                    ... positive.map { Self.upper(Self.xs[$0]) }.max()!)
    }

    @Test func legendShowsAFilledPatch() throws {
        let line = LineSeries(x: Self.xs, y: Self.xs.map { 0.5 * $0 }, label: "fit", color: .black, width: 1.5)
        var axes = Axes(legend: true, series: [.band(Self.band), .line(line)])
        axes.legendLocation = .upperLeft
        let figure = Figure(axes: axes)
        let canvas = CairoCanvas()
        let layout = try canvas.layout(of: figure)
        let legend = try #require(layout.legend as LegendLayout?)
        #expect(legend.entries.map(\.text.text) == ["95 % band", "fit"])
        let entry = legend.entries[0]
        let k = layout.pixelsPerPoint
        #expect(abs(entry.handleHeight - 7 * k) < 1e-9)
        #expect(abs(entry.handleLength - 20 * k) < 1e-9)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        // The patch: the band's colour over the legend's white face, across the handle's width and height.
        let c = entry.handleCenter
        for (dx, dy) in [(0.0, 0.0), (-8.0, -2.5), (8.0, 2.5)] {
            let p = image.pixel(at: (c.x + dx * k, c.y + dy * k))
            #expect(p.isClose(to: Self.blendedBlue, tolerance: 2 / 255), "(\(dx), \(dy)): \(p)")
        }
        // Above and below the patch: the legend's face.
        #expect(image.pixel(at: (c.x, c.y - 5 * k)).isClose(to: .white, tolerance: 0.01))
        #expect(image.pixel(at: (c.x, c.y + 5 * k)).isClose(to: .white, tolerance: 0.01))
    }

    @Test func bestLegendAvoidsTheBand() throws {
        // A band over the upper half of the axes: the legend goes below it.
        let xs = Array(stride(from: 0.0, through: 10, by: 0.5))
        let figure = Figure(axes: Axes(legend: true, yLimits: 0...10, series: [
            .band(BandSeries(x: xs, lower: xs.map { _ in 5 }, upper: xs.map { _ in 10 }, label: "band")),
        ]))
        let layout = try CairoCanvas().layout(of: figure)
        let location = try #require(layout.legendLocation)
        #expect([.lowerLeft, .lowerRight, .lowerCenter].contains(location), "\(location)")
    }

    @Test func hugeCoordinatesAreClippedBeforeCairo() throws {
        // Bounds far outside explicit limits: the visible part is filled, nothing overflows.
        let figure = Figure(axes: Axes(xLimits: 0...1, yLimits: 0...1, series: [
            .band(BandSeries(x: [-1e12, 1e12], lower: [-1e300, -1e300], upper: [1e300, 1e300], alpha: 0.2)),
        ]))
        let canvas = CairoCanvas()
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        for (x, y) in [(0.1, 0.1), (0.5, 0.5), (0.9, 0.8)] {
            #expect(image.pixel(at: layout.pixel(x: x, y: y)).isClose(to: Self.blendedBlue, tolerance: 1.5 / 255))
        }
        // Outside the axes: white.
        #expect(image.pixel(x: Int(layout.plotArea.minX) - 6, y: Int(layout.plotArea.midY)).isClose(to: .white, tolerance: 0.01))
        for format in [ImageFormat.svg, .pdf] { #expect(try !canvas.render(figure, format: format).isEmpty) }
    }

    @Test func clippingAPolygonKeepsWhatIsInside() {
        let box = PixelRect(x: 0, y: 0, width: 10, height: 10)
        // A triangle with one corner outside on the right.
        let clipped = box.clip(polygon: [Point(x: 2, y: 2), Point(x: 20, y: 5), Point(x: 2, y: 8)])
        #expect(clipped.count == 4)
        #expect(clipped.allSatisfy { box.contains(x: $0.x, y: $0.y) })
        #expect(clipped.contains(Point(x: 10, y: 5 - 3 * 10 / 18)) || clipped.contains { abs($0.x - 10) < 1e-12 })
        // Entirely outside: nothing; entirely inside: unchanged.
        #expect(box.clip(polygon: [Point(x: 20, y: 20), Point(x: 30, y: 20), Point(x: 25, y: 30)]).count < 3)
        let inside = [Point(x: 1, y: 1), Point(x: 9, y: 1), Point(x: 5, y: 9)]
        #expect(box.clip(polygon: inside) == inside)
    }

    @Test func vectorFormatsCarryTheOpacity() throws {
        let figure = Figure(axes: Axes(legend: true, series: [.band(Self.band)]))
        let svg = String(decoding: try CairoCanvas().render(figure, format: .svg), as: UTF8.self)
        #expect(svg.contains("fill-opacity:0.2"))
        let pdf = try CairoCanvas().render(figure, format: .pdf)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
    }

    @Test func darkStyleMapsTheBandColour() throws {
        var figure = Figure(axes: Axes(series: [.band(Self.band)]))
        figure.style = .dark
        let canvas = CairoCanvas()
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        // tab:blue becomes the dark cycle's first colour, at alpha 0.2 over black.
        let dark = Color(hex: 0x8dd3c7)
        let expected = Color(red: 0.2 * dark.red, green: 0.2 * dark.green, blue: 0.2 * dark.blue)
        #expect(image.pixel(at: layout.pixel(x: 5, y: 2.5)).isClose(to: expected, tolerance: 2 / 255))
    }

    @Test func longSmoothBandsAreDecimatedWithoutVisibleChange() throws {
        // 200 000 rows of a smooth band (a fitted curve's): the decimated fill matches the full one.
        let n = 200_000
        let xs = (0..<n).map { Double($0) / Double(n - 1) * 10 }
        let band = BandSeries(x: xs, lower: xs.map { sin($0) - 0.5 - 0.05 * $0 }, upper: xs.map { sin($0) + 0.5 + 0.05 * $0 })
        let figure = Figure(axes: Axes(series: [.band(band)]))
        var full = CairoCanvas()
        full.decimatesLines = false
        let a = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let b = try RasterImage(pngBytes: full.render(figure, format: .png))
        var differing = 0
        for y in 0..<a.height {
            for x in 0..<a.width where a.pixel(x: x, y: y).maxComponentDifference(from: b.pixel(x: x, y: y)) > 4 / 255 {
                differing += 1
            }
        }
        #expect(differing < 20, "\(differing) pixels differ")
        let svg = try CairoCanvas().render(figure, format: .svg)
        #expect(svg.count < 100_000, "\(svg.count) bytes of SVG")
    }

    @Test func longNoisyBandsStayFastAndSmall() throws {
        // 1 000 000 rows with noisy bounds: reduced per column, the envelope is still filled.
        let n = 1_000_000
        let xs = (0..<n).map { Double($0) / Double(n - 1) * 10 }
        let wiggle = (0..<n).map { sin(Double($0) * 0.7) * 0.3 }
        let band = BandSeries(x: xs, lower: zip(xs, wiggle).map { sin($0) - 1 + $1 },
                              upper: zip(xs, wiggle).map { sin($0) + 1 + $1 })
        let figure = Figure(axes: Axes(series: [.band(band)]))
        let clock = ContinuousClock()
        let start = clock.now
        let png = try CairoCanvas().render(figure, format: .png)
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(10), "\(elapsed)")
        let svg = try CairoCanvas().render(figure, format: .svg)
        #expect(svg.count < 400_000, "\(svg.count) bytes of SVG")
        let image = try RasterImage(pngBytes: png)
        let layout = try CairoCanvas().layout(of: figure)
        for x in [1.0, 5.0, 9.0] {
            #expect(image.pixel(at: layout.pixel(x: x, y: sin(x))).isClose(to: Self.blendedBlue, tolerance: 1.5 / 255))
            #expect(image.pixel(at: layout.pixel(x: x, y: sin(x) + 1.5)).isClose(to: .white, tolerance: 0.01))
        }
    }
}

extension AxesLayout {
    /// Whether the figure's autoscaled y limits hold every finite bound of its band (rows split off included).
    fileprivate func yDataIntervalContainsBoth(_ figure: Figure) throws -> Bool {
        guard case .band(let band) = figure.axes.series[0], let interval = figure.axes.yDataInterval else { return false }
        let finite = (0..<band.rowCount).filter { band.shows($0, xScale: .linear, yScale: .linear) }
        return finite.allSatisfy { interval.contains(band.lower[$0]) && interval.contains(band.upper[$0]) }
            && yLimits.lowerBound <= interval.lowerBound && yLimits.upperBound >= interval.upperBound
    }
}
