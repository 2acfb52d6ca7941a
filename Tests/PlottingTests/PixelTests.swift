import Plotting
import Testing

@Suite("Pixels land where the layout says")
struct PixelTests {
    @Test(arguments: [1.0, 2.0])
    func redLineIsRedAlongItsPath(scale: Double) throws {
        let xs = Array(stride(from: 0.0, through: 10, by: 0.5))
        let line = LineSeries(x: xs, y: xs.map { 0.5 * $0 + 1 }, color: .red, width: 4)
        let figure = Figure(axes: Axes(title: "Line", grid: true, series: [.line(line)]))
        let canvas = CairoCanvas(scale: scale)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        for x in [0.25, 1.7, 3, 5.5, 8, 9.9] {
            let color = image.pixel(at: layout.pixel(x: x, y: 0.5 * x + 1))
            #expect(color.isClose(to: .red, tolerance: 0.03), "x = \(x): \(color)")
        }
        // Well away from the line: white background.
        #expect(image.pixel(at: layout.pixel(x: 7.3, y: 2.2)).isClose(to: .white, tolerance: 0.01))
    }

    @Test(arguments: [1.0, 2.0])
    func scatterMarkersAreTabBlueAtTheirCentres(scale: Double) throws {
        let xs = [-3.0, -1, 0.5, 2, 4]
        let ys = [10.0, -2, 4, 7, 0]
        let figure = Figure(axes: Axes(series: [.scatter(ScatterSeries(x: xs, y: ys))]))
        let canvas = CairoCanvas(scale: scale)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        for (x, y) in zip(xs, ys) {
            let color = image.pixel(at: layout.pixel(x: x, y: y))
            #expect(color.isClose(to: Color(hex: 0x1f77b4), tolerance: 1.5 / 255), "(\(x), \(y)): \(color)")
        }
    }

    @Test func markerDiameterFollowsMarkerArea() throws {
        // s = 400 pt² → diameter 20 pt ≈ 27.8 px, plus a 1.5 pt edge → ≈ 29.9 px.
        let figure = Figure(axes: Axes(xLimits: 0...1, yLimits: 0...1,
                                       series: [.scatter(ScatterSeries(x: [0.5], y: [0.5], markerArea: 400))]))
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let center = try CairoCanvas().layout(of: figure).pixel(x: 0.5, y: 0.5)
        let row = Int(center.y)
        let blue = (0..<image.width).filter {
            image.pixel(x: $0, y: row).isClose(to: .tabBlue, tolerance: 0.05)
        }
        #expect((27...31).contains(blue.count), "\(blue.count) px")
    }

    @Test func seriesAreClippedToTheAxes() throws {
        // A line far outside explicit limits must not paint outside the axes rectangle.
        let figure = Figure(axes: Axes(xLimits: 0...1, yLimits: 0...1, series: [
            .line(LineSeries(x: [-5, 5], y: [0.5, 0.5], color: .red, width: 10)),
        ]))
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let layout = try CairoCanvas().layout(of: figure)
        let y = Int(layout.pixel(x: 0, y: 0.5).y)
        #expect(image.pixel(x: Int(layout.plotArea.midX), y: y).isClose(to: .red, tolerance: 0.03))
        #expect(image.pixel(x: Int(layout.plotArea.minX) - 6, y: y).isClose(to: .white, tolerance: 0.01))
        #expect(image.pixel(x: Int(layout.plotArea.maxX) + 6, y: y).isClose(to: .white, tolerance: 0.01))
    }

    @Test func lineAlphaIsHonoured() throws {
        // A faint raw curve (alpha 0.3) with an opaque smoothed one crossing it, as in loss plots.
        let xs = Array(stride(from: 0.0, through: 10, by: 0.5))
        let raw = LineSeries(x: xs, y: xs.map { _ in 1.0 }, color: .red, width: 6, alpha: 0.3)
        let smooth = LineSeries(x: [0, 10], y: [0, 2], color: .tabBlue, width: 4)
        let figure = Figure(axes: Axes(series: [.line(raw), .line(smooth)]))
        let canvas = CairoCanvas()
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        let faint = image.pixel(at: layout.pixel(x: 2, y: 1))
        #expect(faint.isClose(to: Color(red: 1, green: 0.7, blue: 0.7), tolerance: 0.02), "\(faint)")
        // Where they cross, the opaque line drawn later covers the faint one.
        #expect(image.pixel(at: layout.pixel(x: 5, y: 1)).isClose(to: .tabBlue, tolerance: 0.02))
        // The legend handle keeps the alpha too (vector output: the SVG carries the opacity).
        var labelled = figure
        labelled.axes.legend = true
        labelled.axes.series[0] = .line(LineSeries(x: raw.x, y: raw.y, label: "raw", color: .red, width: 6, alpha: 0.3))
        let svg = String(decoding: try canvas.render(labelled, format: .svg), as: UTF8.self)
        #expect(svg.contains("stroke-opacity:0.3"))
    }

    @Test func gridIsLightGreyAndSpinesAreBlack() throws {
        let figure = SampleFigures.lossCurve
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let layout = try CairoCanvas().layout(of: figure)
        let tick = try #require(layout.yTicks.first { $0.value == 125 })
        // Snapped like matplotlib: the grid line covers pixel row ⌊y + ½⌋.
        let row = Int((tick.position + 0.5).rounded(.down))
        #expect(image.pixel(x: 500, y: row).isClose(to: .gridGrey, tolerance: 0.08))
        let spineRow = Int((layout.plotArea.maxY + 0.5).rounded(.down))
        #expect(image.pixel(x: 300, y: spineRow).isClose(to: .black, tolerance: 0.1))
    }
}
