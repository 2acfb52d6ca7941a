@testable import Plotting
import Testing

@Suite("Styles (default and dark) and figure sizes")
struct StyleTests {
    @Test func stylesAreFoundByName() {
        #expect(PlotStyle.named("default") == .default)
        #expect(PlotStyle.named("DARK") == .dark)
        #expect(PlotStyle.named("seaborn") == nil)
        #expect(PlotStyle.builtIn.map(\.name) == ["default", "dark"])
        #expect(Figure(axes: Axes()).style == .default)
    }

    @Test func defaultStyleIsMatplotlibs() {
        let style = PlotStyle.default
        #expect(style.figureBackground == .white && style.axesBackground == .white)
        #expect(style.foreground == .black && style.gridColor == .gridGrey)
        #expect(style.cycleColor(0) == .tabBlue && style.cycleColor(1) == .tabOrange && style.cycleColor(10) == .tabBlue)
        #expect(style.resolve(.tabBlue) == .tabBlue)
    }

    @Test func darkStyleMapsDefaultColoursOntoItsCycle() {
        let dark = PlotStyle.dark
        #expect(dark.resolve(.tabBlue) == Color(hex: 0x8dd3c7))
        #expect(dark.resolve(.tabOrange) == Color(hex: 0xfeffb3))
        #expect(dark.resolve(.black) == .white)
        // Other colours (e.g. the red prediction line) are kept.
        #expect(dark.resolve(.red) == .red)
        #expect(dark.cycleColor(0) == Color(hex: 0x8dd3c7))
    }

    @Test func darkFigureHasBlackBackgroundWhiteTextAndSpines() throws {
        let figure = SampleFigures.dark
        let canvas = CairoCanvas()
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.layout(of: figure)
        #expect(image.pixel(x: 0, y: 0).isClose(to: .black, tolerance: 0.001))
        // Inside the axes, away from data and grid: black.
        let empty = layout.pixel(x: 0.875, y: -0.5)
        #expect(image.pixel(at: empty).isClose(to: .black, tolerance: 0.01), "\(image.pixel(at: empty))")
        let spineRow = Int((layout.plotArea.maxY + 0.5).rounded(.down))
        #expect(image.pixel(x: 300, y: spineRow).isClose(to: .white, tolerance: 0.1))
        // The grid is darker than the spines but visible.
        let tick = try #require(layout.yTicks.first { $0.value == 3 })
        let grid = image.pixel(x: Int(layout.plotArea.maxX) - 3, y: Int((tick.position + 0.5).rounded(.down)))
        #expect(grid.red > 0.15 && grid.red < 0.5, "\(grid)")
        // Title text is white: the brightest pixel of its box is white.
        let title = try #require(layout.texts.first { $0.text == "Before training" })
        var brightest = 0.0
        for y in Int(title.bounds.minY)..<Int(title.bounds.maxY) {
            for x in Int(title.bounds.minX)..<Int(title.bounds.maxX) { brightest = max(brightest, image.pixel(x: x, y: y).red) }
        }
        #expect(brightest > 0.95)
        // Markers in the default colour are drawn in the dark cycle's first colour.
        let scatter = try #require(figure.axes.series.first)
        let centre = layout.pixel(x: scatter.xValues[10], y: scatter.yValues[10])
        let marker = image.pixel(at: centre)
        // #8dd3c7 at alpha 0.8 over black.
        #expect(marker.isClose(to: Color(red: 0.8 * 0x8d / 255, green: 0.8 * 0xd3 / 255, blue: 0.8 * 0xc7 / 255),
                               tolerance: 0.03), "\(marker)")
    }

    @Test func darkStyleInVectorFormats() throws {
        let svg = String(decoding: try CairoCanvas().render(SampleFigures.dark, format: .svg), as: UTF8.self)
        #expect(svg.contains("rgb(0%, 0%, 0%)") || svg.contains("rgb(0%,0%,0%)"))
        #expect(svg.contains("rgb(100%, 100%, 100%)") || svg.contains("rgb(100%,100%,100%)"))
    }

    @Test func wideHighDpiFigureLaysOutInPixels() throws {
        // 8 × 3 in at 150 dpi: 1200 × 450 px, 150/72 px per point, matplotlib's subplot fractions.
        let figure = SampleFigures.wide
        let layout = try CairoCanvas().layout(of: figure)
        #expect(layout.width == 1200 && layout.height == 450)
        #expect(abs(layout.pixelsPerPoint - 150.0 / 72) < 1e-12)
        #expect(abs(layout.plotArea.minX - 0.125 * 1200) < 1e-9)
        #expect(abs(layout.plotArea.maxX - 0.9 * 1200) < 1e-9)
        #expect(abs(layout.plotArea.minY - 0.12 * 450) < 1e-9)
        // The bottom margin grows so that tick labels and the x label fit in the short figure.
        #expect(layout.plotArea.maxY < 0.89 * 450)
        for text in layout.texts {
            #expect(text.bounds.minX >= 0 && text.bounds.minY >= 0, "\(text.text) at \(text.bounds)")
            #expect(text.bounds.maxX <= 1200 && text.bounds.maxY <= 450, "\(text.text) at \(text.bounds)")
        }
        // Text is sized in points: 10 pt at 150 dpi.
        let xLabel = try #require(layout.texts.first { $0.text == "Epoch" })
        #expect(abs(xLabel.size - 10 * 150.0 / 72) < 1e-9)
        // Fewer y ticks fit a 3 in tall axes than the default figure's.
        #expect(layout.yTicks.count < 9)
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure, format: .png))
        #expect(image.width == 1200 && image.height == 450)
        let pdf = String(decoding: try CairoCanvas().render(figure, format: .pdf), as: UTF8.self)
        #expect(pdf.contains("/MediaBox [ 0 0 576 216 ]"))
    }

    @Test func smallerAndLargerDpiScaleTheSameLayout() throws {
        var figure = SampleFigures.beforeTraining
        figure.dpi = 50
        let small = try CairoCanvas().layout(of: figure)
        figure.dpi = 200
        let large = try CairoCanvas().layout(of: figure)
        #expect(small.width == 320 && large.width == 1280)
        #expect(abs(large.plotArea.minX / small.plotArea.minX - 4) < 0.05)
        #expect(small.xTicks.map(\.label) == large.xTicks.map(\.label))
    }
}
