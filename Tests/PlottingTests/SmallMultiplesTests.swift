import Foundation
@testable import Plotting
import Testing

@Suite("Small multiples: a grid of panels in one figure")
struct SmallMultiplesTests {
    /// Every pixel of `color` (within `tolerance`), as (x, y).
    static func pixels(of color: Color, in image: RasterImage, tolerance: Double = 0.02) -> [(x: Int, y: Int)] {
        var found: [(x: Int, y: Int)] = []
        for y in 0..<image.height {
            for x in 0..<image.width where image.pixel(x: x, y: y).isClose(to: color, tolerance: tolerance) {
                found.append((x, y))
            }
        }
        return found
    }

    @Test(arguments: [1.0, 2.0])
    func eachPanelDrawsItsDataInItsOwnCell(scale: Double) throws {
        let figure = SampleFigures.smallMultiples
        let canvas = CairoCanvas(scale: scale)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.figureLayout(of: figure)
        #expect(image.width == Int(640 * scale) && image.height == Int(480 * scale))
        #expect(layout.panels.count == 4)
        let midX = Double(image.width) / 2, midY = Double(image.height) / 2
        for (index, panel) in layout.panels.enumerated() {
            let area = panel.plotArea
            // Row by row: panel 0 top left, 1 top right, 2 bottom left, 3 bottom right.
            let isLeft = index % 2 == 0, isTop = index < 2
            #expect(isLeft ? area.maxX < midX : area.minX > midX, "panel \(index): \(area)")
            #expect(isTop ? area.maxY < midY : area.minY > midY, "panel \(index): \(area)")

            // The panel's markers are at its data points, in its colour.
            guard case .scatter(let scatter) = figure.panels[index].series[0] else {
                Issue.record("panel \(index) has no scatter")
                continue
            }
            let color = SampleFigures.panelColors[index]
            for (x, y) in zip(scatter.x, scatter.y) {
                let point = panel.pixel(x: x, y: y)
                #expect(area.contains(x: point.x, y: point.y), "panel \(index): (\(x), \(y)) maps outside its axes")
                #expect(image.pixel(at: point).isClose(to: color, tolerance: 0.02), "panel \(index): (\(x), \(y))")
            }
            // Every pixel of the panel's colour lies inside its own axes (markers are clipped, the legend handle
            // of the last panel sits inside it), and there are plenty of them.
            let colored = Self.pixels(of: color, in: image)
            let outside = colored.filter { !area.expanded(by: 1).contains(x: Double($0.x), y: Double($0.y)) }
            #expect(colored.count > Int(40 * 20 * scale * scale), "panel \(index): \(colored.count) pixels")
            #expect(outside.isEmpty, "panel \(index): \(outside.count) pixels outside its axes, e.g. \(outside.prefix(3))")
        }
    }

    @Test func panelsAreEqualAlignedAndKeepTheirTextsToThemselves() throws {
        let figure = SampleFigures.smallMultiples
        let layout = try Plotting.figureLayout(of: figure)
        let areas = layout.panels.map(\.plotArea)
        for area in areas {
            #expect(abs(area.width - areas[0].width) < 1e-9 && abs(area.height - areas[0].height) < 1e-9)
            // A panel is not a sliver: most of its cell is axes.
            #expect(area.width > 200 && area.height > 120, "\(area)")
        }
        // Columns share their left edge, rows their top edge.
        #expect(abs(areas[0].minX - areas[2].minX) < 1e-9 && abs(areas[1].minX - areas[3].minX) < 1e-9)
        #expect(abs(areas[0].minY - areas[1].minY) < 1e-9 && abs(areas[2].minY - areas[3].minY) < 1e-9)
        let figureRect = PixelRect(x: 0, y: 0, width: Double(layout.width), height: Double(layout.height))
        let titleFrame = try #require(layout.titleFrame)
        #expect(abs(titleFrame.midX - figureRect.midX) < 1)
        for (index, panel) in layout.panels.enumerated() {
            // Each panel has its own ticks, labels and title, inside the figure and off every other panel's axes.
            #expect(!panel.xTicks.isEmpty && !panel.yTicks.isEmpty)
            #expect(panel.texts.contains { $0.text == "Panel \(index + 1)" })
            for text in panel.texts {
                let box = text.bounds
                #expect(box.minX >= 0 && box.maxX <= figureRect.maxX && box.minY >= 0 && box.maxY <= figureRect.maxY,
                        "panel \(index): '\(text.text)' at \(box) leaves the figure")
                for (other, area) in areas.enumerated() where other != index {
                    #expect(!box.intersects(area), "panel \(index): '\(text.text)' covers panel \(other)")
                }
                #expect(!box.intersects(titleFrame), "panel \(index): '\(text.text)' covers the figure title")
                #expect(box.minY > titleFrame.maxY, "panel \(index): '\(text.text)' above the figure title")
            }
        }
        // Log ticks in the last panel, linear in the others: each panel keeps its own axis settings.
        #expect(layout.panels[3].yScale == .log && layout.panels[0].yScale == .linear)
        #expect(layout.panels[3].legendFrame != nil && layout.panels[0].legendFrame == nil)
    }

    @Test func onePanelWithoutTitleIsExactlyTheSingleAxesFigure() throws {
        let single = SampleFigures.beforeTraining
        let grid = Figure(panels: [single.axes], columns: 1)
        #expect(grid.isSingleAxes)
        for format in ImageFormat.allCases {
            #expect(try CairoCanvas().render(grid, format: format) == CairoCanvas().render(single, format: format),
                    "\(format)")
        }
        #expect(try Plotting.layout(of: grid) == Plotting.layout(of: single))
    }

    @Test func axesIsTheFirstPanel() throws {
        var figure = SampleFigures.smallMultiples
        #expect(figure.axes == figure.panels[0])
        figure.axes.title = "renamed"
        #expect(figure.panels[0].title == "renamed" && figure.panels[1].title == "Panel 2")
        #expect(try Plotting.layout(of: figure) == Plotting.figureLayout(of: figure).panels[0])
        var empty = Figure(panels: [], columns: 2)
        #expect(throws: PlottingError.self) { try CairoCanvas().render(empty, format: .png) }
        empty.axes = Axes(title: "added")
        #expect(empty.panels.count == 1 && empty.panels[0].title == "added")
    }

    @Test func incompleteLastRowLeavesItsCellBlank() throws {
        let panels = (0..<5).map { index in
            Axes(xLabel: "x\(index)", series: [.line(LineSeries(x: [0, 1], y: [0, Double(index + 1)]))])
        }
        let figure = Figure(heightInches: 6, panels: panels, columns: 3)
        #expect(figure.gridColumns == 3 && figure.gridRows == 2)
        let layout = try Plotting.figureLayout(of: figure)
        let areas = layout.panels.map(\.plotArea)
        #expect(areas[3].minY > areas[0].maxY && abs(areas[3].minX - areas[0].minX) < 1e-9)
        #expect(abs(areas[4].minX - areas[1].minX) < 1e-9)
        // The empty cell (row 2, column 3) stays white.
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        let blank = PixelRect(x: areas[2].minX, y: areas[4].minY, width: areas[2].width, height: areas[4].height)
        for y in stride(from: Int(blank.minY), to: Int(blank.maxY), by: 3) {
            for x in stride(from: Int(blank.minX), to: Int(blank.maxX), by: 3) {
                #expect(image.pixel(x: x, y: y).isClose(to: .white, tolerance: 0.001), "(\(x), \(y))")
            }
        }
        // More columns than panels: one row of as many columns as panels.
        let wide = Figure(panels: Array(panels.prefix(2)), columns: 3)
        #expect(wide.gridColumns == 2 && wide.gridRows == 1)
    }

    @Test func figureTitleAboveASinglePanel() throws {
        var figure = SampleFigures.beforeTraining
        figure.title = "Figure title"
        #expect(!figure.isSingleAxes)
        let layout = try Plotting.figureLayout(of: figure)
        let titleFrame = try #require(layout.titleFrame)
        let panelTitle = try #require(layout.panels[0].texts.first { $0.text == "Before training" })
        #expect(titleFrame.maxY < panelTitle.bounds.minY)
        #expect(titleFrame.minY > 0)
    }

    @Test func vectorFormatsUseTheScaleOneLayout() throws {
        let figure = SampleFigures.smallMultiples
        let one = try CairoCanvas(scale: 1).figureLayout(of: figure)
        let two = try CairoCanvas(scale: 2).figureLayout(of: figure)
        #expect(try CairoCanvas(scale: 2).figureLayout(of: figure, format: .svg) == one)
        for (a, b) in zip(one.panels, two.panels) {
            #expect(abs(b.plotArea.minX - 2 * a.plotArea.minX) < 1e-6 && abs(b.plotArea.height - 2 * a.plotArea.height) < 1e-6)
            #expect(a.xTicks.map(\.label) == b.xTicks.map(\.label))
        }
        let svg = String(decoding: try CairoCanvas().render(figure, format: .svg), as: UTF8.self)
        #expect(svg.contains("width=\"640px\"") || svg.contains("width=\"640\""))
        let pdf = try CairoCanvas().render(figure, format: .pdf)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
    }
}
