@testable import Plotting
import Testing

@Suite("Layout: matplotlib subplot placement and data → pixel mapping")
struct LayoutTests {
    @Test func defaultFigureUsesMatplotlibSubplotParameters() throws {
        let layout = try Plotting.layout(of: SampleFigures.lossCurve, scale: 1)
        #expect(layout.width == 640 && layout.height == 480)
        #expect(abs(layout.pixelsPerPoint - 100.0 / 72) < 1e-12)
        let area = layout.plotArea
        #expect(abs(area.minX - 80) < 1e-9)      // left 0.125
        #expect(abs(area.maxX - 576) < 1e-9)     // right 0.9
        #expect(abs(area.minY - 57.6) < 1e-9)    // top 0.88
        #expect(abs(area.maxY - 427.2) < 1e-9)   // bottom 0.11
    }

    @Test func pixelMapsViewLimitsToTheAxesCorners() throws {
        let layout = try Plotting.layout(of: SampleFigures.beforeTraining, scale: 1)
        let lowerLeft = layout.pixel(x: layout.xLimits.lowerBound, y: layout.yLimits.lowerBound)
        let upperRight = layout.pixel(x: layout.xLimits.upperBound, y: layout.yLimits.upperBound)
        #expect(abs(lowerLeft.x - layout.plotArea.minX) < 1e-9 && abs(lowerLeft.y - layout.plotArea.maxY) < 1e-9)
        #expect(abs(upperRight.x - layout.plotArea.maxX) < 1e-9 && abs(upperRight.y - layout.plotArea.minY) < 1e-9)
        let middle = layout.pixel(x: (layout.xLimits.lowerBound + layout.xLimits.upperBound) / 2,
                                  y: (layout.yLimits.lowerBound + layout.yLimits.upperBound) / 2)
        #expect(abs(middle.x - layout.plotArea.midX) < 1e-9 && abs(middle.y - layout.plotArea.midY) < 1e-9)
    }

    @Test func scaleTwoDoublesEverything() throws {
        let one = try Plotting.layout(of: SampleFigures.beforeTraining, scale: 1)
        let two = try Plotting.layout(of: SampleFigures.beforeTraining, scale: 2)
        #expect(two.width == 1280 && two.height == 960)
        #expect(abs(two.plotArea.minX - 2 * one.plotArea.minX) < 1e-9)
        #expect(abs(two.plotArea.height - 2 * one.plotArea.height) < 1e-9)
        let p1 = one.pixel(x: 0.5, y: 1), p2 = two.pixel(x: 0.5, y: 1)
        #expect(abs(p2.x - 2 * p1.x) < 1e-9 && abs(p2.y - 2 * p1.y) < 1e-9)
        #expect(one.xTicks.map(\.label) == two.xTicks.map(\.label))
    }

    @Test func ticksAndLabelsMatchMatplotlib() throws {
        let layout = try Plotting.layout(of: SampleFigures.lossCurve, scale: 1)
        #expect(layout.xTicks.map(\.label) == ["0", "2000", "4000", "6000", "8000", "10000", "12000", "14000"])
        #expect(layout.yTicks.map(\.label) == ["0", "25", "50", "75", "100", "125", "150", "175", "200"])
        #expect(layout.xOffsetText == nil && layout.yOffsetText == nil)
        for tick in layout.xTicks {
            #expect(abs(tick.position - layout.pixel(x: tick.value, y: 0).x) < 1e-9)
        }
    }

    @Test func textStaysInsideTheFigure() throws {
        // Long y tick labels and a y label push the axes right instead of being clipped.
        let wide = Figure(axes: Axes(title: "Wide labels", xLabel: "x", yLabel: "a long y label",
                                     series: [.line(LineSeries(x: [0, 1], y: [-850_000, 0]))]))
        let scientific = Figure(axes: Axes(title: "Offsets", xLabel: "x", yLabel: "y",
                                           series: [.line(LineSeries(x: [1000.1, 1000.4], y: [0, 5e6]))]))
        let offsets = try Plotting.layout(of: scientific, scale: 1)
        #expect(offsets.xOffsetText == "+1e3")
        #expect(offsets.yOffsetText == "1e6")
        for figure in [wide, scientific, SampleFigures.beforeTraining, SampleFigures.lossCurve] {
            let layout = try Plotting.layout(of: figure, scale: 1)
            for text in layout.texts {
                let box = text.bounds
                #expect(box.minX >= 0 && box.minY >= 0, "\(text.text) at \(box)")
                #expect(box.maxX <= Double(layout.width) && box.maxY <= Double(layout.height), "\(text.text) at \(box)")
            }
        }
        let layout = try Plotting.layout(of: wide, scale: 1)
        #expect(layout.plotArea.minX > 80)
    }

    @Test func titleAndLabelsArePlacedLikeMatplotlib() throws {
        let layout = try Plotting.layout(of: SampleFigures.beforeTraining, scale: 1)
        let k = layout.pixelsPerPoint
        let title = try #require(layout.texts.first { $0.text == "Before training" })
        #expect(abs(title.size - 12 * k) < 1e-9)
        // Baseline 6 pt above the axes, centred.
        #expect(abs(title.anchor.y + title.offset.y - (layout.plotArea.minY - 6 * k)) < 1e-9)
        #expect(abs(title.bounds.midX - layout.plotArea.midX) < 1)
        let xLabel = try #require(layout.texts.first { $0.text == "x" })
        #expect(xLabel.bounds.minY > layout.plotArea.maxY + 3.5 * k)
        let yLabel = try #require(layout.texts.first { $0.text == "y" })
        #expect(yLabel.vertical)
        #expect(yLabel.bounds.maxX < layout.plotArea.minX - 7 * k)
        #expect(abs(yLabel.bounds.midY - layout.plotArea.midY) < 1)
    }

    @Test func invalidFiguresThrow() {
        #expect(throws: PlottingError.self) { try Plotting.layout(of: Figure(dpi: 0, axes: Axes())) }
        #expect(throws: PlottingError.self) { try Plotting.layout(of: Figure(widthInches: .nan, axes: Axes())) }
        #expect(throws: PlottingError.self) { try Plotting.layout(of: Figure(axes: Axes()), scale: -1) }
        #expect(throws: PlottingError.self) { try Plotting.layout(of: Figure(dpi: 1e6, axes: Axes())) }
    }
}
