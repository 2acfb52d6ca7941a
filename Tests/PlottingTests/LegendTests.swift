@testable import Plotting
import Testing

@Suite("Legend")
struct LegendTests {
    @Test func legendHasMatplotlibGeometry() throws {
        let layout = try CairoCanvas().layout(of: SampleFigures.beforeTraining)
        let frame = try #require(layout.legendFrame)
        let k = layout.pixelsPerPoint
        // Inside the axes by borderaxespad (0.5 × 10 pt).
        #expect(frame.minX >= layout.plotArea.minX + 5 * k - 1e-9)
        #expect(frame.minY >= layout.plotArea.minY + 5 * k - 1e-9)
        // Two rows of ~10 pt text, 5 pt apart, 4 pt padding: about 32 pt tall.
        #expect(abs(frame.height / k - 32.4) < 1.5)
        #expect(layout.legend?.entries.map(\.text.text) == ["data", "model"])
    }

    @Test func bestAvoidsTheData() throws {
        // A line along the top and markers in the lower corners: the legend must avoid all of them.
        let xs = Array(stride(from: 0.0, through: 10, by: 0.25))
        let ys = xs.map { 9 + 0.1 * $0 }
        let figure = Figure(axes: Axes(legend: true, series: [
            .line(LineSeries(x: xs, y: ys, label: "top")),
            .scatter(ScatterSeries(x: [0, 10], y: [0, 0], label: "anchors")),
        ]))
        let layout = try CairoCanvas().layout(of: figure)
        let frame = try #require(layout.legendFrame)
        for (x, y) in zip(xs + [0, 10], ys + [0, 0]) {
            let p = layout.pixel(x: x, y: y)
            #expect(!frame.contains(x: p.x, y: p.y), "(\(x), \(y)) under the legend")
        }
        #expect(![LegendLocation.upperLeft, .upperCenter, .upperRight].contains(layout.legendLocation))
    }

    @Test func legendNeverCoversTheEndOfALineInACorner() throws {
        // Markers everywhere except near the lower-right corner, where a line ends: by marker count
        // alone the lower-right corner would be best, but it would hide the line's last point.
        var xs: [Double] = [], ys: [Double] = []
        for i in 0...10 {
            for j in 0...10 where !(i >= 7 && j <= 3) {
                xs.append(Double(i)); ys.append(Double(j))
            }
        }
        let line = LineSeries(x: [0, 10], y: [10, 0], label: "model", color: .red, width: 3)
        let figure = Figure(axes: Axes(legend: true, series: [
            .scatter(ScatterSeries(x: xs, y: ys, label: "data")), .line(line),
        ]))
        let canvas = CairoCanvas()
        let layout = try canvas.layout(of: figure)
        let frame = try #require(layout.legendFrame)
        let end = layout.pixel(x: 10, y: 0)
        #expect(!frame.expanded(by: 3).contains(x: end.x, y: end.y), "legend \(frame) covers line end \(end)")
        #expect(layout.legendLocation != .lowerRight)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        #expect(image.pixel(at: end).isClose(to: .red, tolerance: 0.03))
    }

    @Test func explicitLocationIsHonoured() throws {
        var figure = SampleFigures.beforeTraining
        figure.axes.legendLocation = .lowerRight
        let layout = try CairoCanvas().layout(of: figure)
        #expect(layout.legendLocation == .lowerRight)
        let frame = try #require(layout.legendFrame)
        #expect(abs(frame.maxX - (layout.plotArea.maxX - 5 * layout.pixelsPerPoint)) < 1e-9)
    }

    @Test func noLegendWithoutLabelsOrWhenOff() throws {
        var figure = SampleFigures.beforeTraining
        figure.axes.legend = false
        #expect(try CairoCanvas().layout(of: figure).legendFrame == nil)
        let unlabelled = Figure(axes: Axes(legend: true, series: [.line(LineSeries(x: [0, 1], y: [0, 1]))]))
        #expect(try CairoCanvas().layout(of: unlabelled).legendFrame == nil)
    }

    @Test func legendBoxIsDrawnWhiteWithGreyEdge() throws {
        var figure = SampleFigures.beforeTraining
        figure.axes.legendLocation = .upperLeft
        let canvas = CairoCanvas(scale: 2)
        let layout = try canvas.layout(of: figure)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let frame = try #require(layout.legendFrame)
        // The top edge (1 pt wide, #cccccc at alpha 0.8 over white ≈ #d6d6d6) at mid-width.
        let edge = image.pixel(x: Int(frame.midX), y: Int(frame.minY))
        #expect(edge.red < 0.95 && edge.red > 0.75, "\(edge)")
        #expect(image.pixel(x: Int(frame.maxX) - 6, y: Int(frame.midY)).isClose(to: .white, tolerance: 0.01))
    }
}
