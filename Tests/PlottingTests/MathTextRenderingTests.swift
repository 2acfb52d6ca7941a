@testable import Plotting
import Testing

@Suite("Mathtext measuring and drawing")
struct MathTextRenderingTests {
    private let size = 10 * 100.0 / 72

    @Test func subscriptTextIsNarrowerThanPlainAndWiderThanItsNucleus() throws {
        let measurer = try TextMeasurer()
        let math = measurer.measure("$y_{true}$", size: size)
        let nucleus = measurer.measure("y", size: size)
        let plain = measurer.measure("y_true", size: size)
        #expect(math.boxWidth > nucleus.boxWidth * 2)
        #expect(math.boxWidth < plain.boxWidth)
        let runs = try #require(math.runs)
        #expect(runs.map(\.text) == ["y", "true"])
        // The subscript's baseline is 0.3 x-height (≈ 0.16 em) below the nucleus' baseline.
        #expect(runs[1].y > 0.12 * size && runs[1].y < 0.2 * size, "\(runs[1].y / size) em")
        let allItalic = runs.allSatisfy(\.italic)
        #expect(allItalic)
        #expect(abs(runs[1].size - 0.7 * size) < 1e-9)
        #expect(runs[1].y > 0 && runs[1].x > 0)
    }

    @Test func superscriptIsRaisedAndDigitsUpright() throws {
        let measurer = try TextMeasurer()
        let metrics = measurer.measure("$10^{-1}$", size: size)
        let runs = try #require(metrics.runs)
        #expect(runs.map(\.text) == ["10", "\u{2212}1"])
        let allUpright = runs.allSatisfy { !$0.italic }
        #expect(allUpright)
        #expect(runs[1].y < 0)
        #expect(metrics.ascent > measurer.measure("10", size: size).ascent)
    }

    @Test func italicUsesTheObliqueFace() throws {
        // DejaVu Sans Oblique leans right: the italic "l" ink reaches further right than the upright one.
        let measurer = try TextMeasurer()
        let italic = measurer.measure("$l$", size: 40)
        let upright = measurer.measure("l", size: 40)
        #expect(italic.inkRight - italic.inkLeft > (upright.inkRight - upright.inkLeft) * 1.5)
    }

    @Test func plainTextMetricsAreUnchanged() throws {
        let measurer = try TextMeasurer()
        let metrics = measurer.measure("Epoch", size: size)
        #expect(metrics.runs == nil)
        // An escaped dollar goes through the math path and is shown as "$".
        #expect(measurer.measure("cost \\$5", size: size).runs?.map(\.text) == ["cost $5"])
    }

    @Test func subscriptPixelsLieBelowTheBaseline() throws {
        // A title drawn at 3×: the subscript's pixels sit mostly below the title's baseline.
        let figure = Figure(axes: Axes(title: "$y_{true}$", series: [.line(LineSeries(x: [0, 1], y: [0, 1]))]))
        let canvas = CairoCanvas(scale: 3)
        let layout = try canvas.layout(of: figure)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let title = try #require(layout.texts.first { $0.text == "$y_{true}$" })
        let baseline = title.anchor.y + title.offset.y
        let runs = try #require(title.metrics.runs)
        let subscriptLeft = title.anchor.x + title.offset.x + runs[1].x
        // Dark pixels of the subscript columns, below the nucleus' x-height.
        var inkBelow = 0, inkAbove = 0
        for y in Int(title.bounds.minY)..<Int(title.bounds.maxY) + 1 {
            for x in Int(subscriptLeft) + 1..<Int(title.bounds.maxX) where image.pixel(x: x, y: y).red < 0.5 {
                if Double(y) > baseline { inkBelow += 1 } else { inkAbove += 1 }
            }
        }
        #expect(inkBelow > 20, "subscript pixels below the baseline: \(inkBelow)")
        // "true" is mostly x-height letters shifted down 0.3 x-height: less than ⅔ of its ink above.
        #expect(inkAbove < 3 * inkBelow)
    }

    @Test func legendBoxFitsMathLabels() throws {
        var plain = SampleFigures.beforeTraining
        plain.axes.series[0] = .scatter(ScatterSeries(x: [0, 1], y: [0, 1], label: "y_true_value_long"))
        var math = plain
        math.axes.series[0] = .scatter(ScatterSeries(x: [0, 1], y: [0, 1], label: "$y_{true}$"))
        let plainFrame = try #require(try CairoCanvas().layout(of: plain).legendFrame)
        let mathFrame = try #require(try CairoCanvas().layout(of: math).legendFrame)
        #expect(mathFrame.width < plainFrame.width)
        let layout = try CairoCanvas().layout(of: math)
        let entry = try #require(layout.legend?.entries.first)
        #expect(entry.text.bounds.maxX <= mathFrame.maxX)
    }

    @Test func mathLabelsStayInsideTheFigure() throws {
        let figure = SampleFigures.mathText
        let layout = try CairoCanvas().layout(of: figure)
        for text in layout.texts {
            #expect(text.bounds.minX >= 0 && text.bounds.minY >= 0, "\(text.text) at \(text.bounds)")
            #expect(text.bounds.maxX <= 640 && text.bounds.maxY <= 480, "\(text.text) at \(text.bounds)")
        }
        let yLabel = try #require(layout.texts.first { $0.text == "$y_{true}$" && $0.vertical })
        #expect(yLabel.bounds.maxX < layout.plotArea.minX)
    }

    @Test func hatSitsAboveItsLetter() throws {
        let measurer = try TextMeasurer()
        let metrics = measurer.measure("$\\hat{y}$", size: 40)
        let runs = try #require(metrics.runs)
        #expect(runs.count == 2)
        let y = measurer.measure("$y$", size: 40)
        #expect(metrics.ascent > y.ascent)
        #expect(abs(metrics.advance - y.advance) < 1e-9)
        // Centred over the letter (allowing for the italic slant) within a quarter of its width.
        let mark = measurer.measure("\u{02C6}", size: 40)
        let markCenter = runs[1].x + (mark.inkLeft + mark.inkRight) / 2
        let letterCenter = (y.inkLeft + y.inkRight) / 2
        #expect(abs(markCenter - letterCenter) < 0.25 * (y.inkRight - y.inkLeft))
    }

    @Test func everyFormatRendersMath() throws {
        for format in ImageFormat.allCases {
            let bytes = try CairoCanvas().render(SampleFigures.mathText, format: format)
            #expect(bytes.count > 1000, "\(format)")
        }
    }
}
