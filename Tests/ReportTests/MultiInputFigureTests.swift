import Foundation
import Plotting
import RunRecord
import XCTest
import Report
@testable import RunArtifacts

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Figures of runs with several inputs (small multiples and predicted against actual), and pages of records with
/// many parameters.
final class MultiInputFigureTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fitreport-multi-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// y = 3·temp − 0.05·(pressure − 1000) + 5 + noise, with an initial, a trained and a least-squares prediction.
    static func data(inputs count: Int = 2, rows: Int = 60) -> RunData {
        let names = ["temp", "pressure", "humidity", "wind", "time"]
        var inputs: [Column] = []
        for index in 0..<count {
            let values = (0..<rows).map { row -> Double in
                let t = Double((row * (7 + 2 * index)) % rows) / Double(rows - 1)
                return index == 1 ? 950 + 100 * t : 10 * t
            }
            inputs.append(Column(names[index], values))
        }
        let noise = (0..<rows).map { sin(Double($0) * 12.9898) * 1.5 }
        let exact = (0..<rows).map { row -> Double in
            let pressure: Double = count > 1 ? 0.05 * (inputs[1].values[row] - 1000) : 0
            return 3 * inputs[0].values[row] - pressure + 5
        }
        let y = zip(exact, noise).map { $0 + $1 }
        return RunData(inputs: inputs, target: Column("y", y), predictions: [
            Prediction(name: "y_before", role: .before, values: exact.map { 0.2 * $0 }),
            Prediction(name: "y_after", role: .after, values: exact.map { 0.9 * $0 + 2 }),
            Prediction(name: "least_squares", role: .reference, values: exact),
        ])
    }

    static func record(_ data: RunData, parameters: [Parameter] = []) -> RunRecord {
        RunRecord(title: "Two inputs", source: RunSource(kind: .swiftAPI, toolVersion: "test"), stepAxis: .epoch,
                  series: [ScalarSeries(name: "loss", values: (0..<50).map { 100 / Double($0 + 1) })],
                  data: data, parameters: parameters, referenceName: "least squares")
    }

    static func figure(_ name: String, of record: RunRecord) throws -> Figure {
        try XCTUnwrap(ReportFigures.make(for: record).first { $0.name == name }?.figure, "no \(name) figure")
    }

    func testTwoInputsGiveTheFiveFiguresInReportOrder() throws {
        let figures = ReportFigures.make(for: Self.record(Self.data()))
        XCTAssertEqual(figures.map(\.name), ["dataset", "before", "loss", "after", "residuals"])
        // The loss figure is the same as for one input.
        let one = ReportFigures.make(for: Self.record(RunData(x: [0, 1], y: [0, 1])))
        XCTAssertEqual(figures[2].figure, one.first { $0.name == "loss" }?.figure)
    }

    func testDatasetHasOnePanelPerInputOnSharedYLimits() throws {
        let data = Self.data()
        let figure = try Self.figure("dataset", of: Self.record(data))
        XCTAssertEqual(figure.panels.count, 2)
        XCTAssertEqual(figure.gridColumns, 2)
        XCTAssertEqual(figure.gridRows, 1)
        XCTAssertEqual(figure.title, "Dataset")
        XCTAssertEqual(ReportFigures.caption(of: figure), "Dataset")
        XCTAssertEqual(figure.panels.map(\.xLabel), ["temp", "pressure"])
        XCTAssertEqual(figure.panels.map(\.yLabel), ["$y_{true}$", nil])
        XCTAssertEqual(figure.panels[0].yLimits, figure.panels[1].yLimits)
        for (panel, input) in zip(figure.panels, data.inputs) {
            guard case .scatter(let scatter) = try XCTUnwrap(panel.series.first) else { return XCTFail("no scatter") }
            XCTAssertEqual(scatter.x, input.values)
            XCTAssertEqual(scatter.y, data.y)
        }
        // The same size as every other figure (one row), and each panel's markers in its own half.
        XCTAssertEqual(figure.widthInches, 6.4)
        XCTAssertEqual(figure.heightInches, 4.8)
        let canvas = CairoCanvas()
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        let layout = try canvas.figureLayout(of: figure)
        XCTAssertLessThan(layout.panels[0].plotArea.maxX, 320)
        XCTAssertGreaterThan(layout.panels[1].plotArea.minX, 320)
        for (index, input) in data.inputs.enumerated() {
            for row in stride(from: 0, to: data.rowCount, by: 7) {
                let point = layout.panels[index].pixel(x: input.values[row], y: data.y[row])
                XCTAssert(image.pixel(at: point).isClose(to: .tabBlue, tolerance: 0.02),
                          "\(input.name), row \(row): \(image.pixel(at: point))")
            }
        }
    }

    func testPredictedVsActualHasTheDiagonalAcrossEqualLimits() throws {
        let data = Self.data()
        let record = Self.record(data)
        for (name, title, role) in [("before", "Before training", PredictionRole.before),
                                    ("after", "After training", .after)] {
            let figure = try Self.figure(name, of: record)
            XCTAssert(figure.isSingleAxes, name)
            let axes = figure.axes
            XCTAssertEqual(axes.title, title)
            XCTAssertEqual(axes.xLabel, "Actual ($y_{true}$)")
            XCTAssertEqual(axes.yLabel, "Predicted ($\\hat{y}$)")
            let limits = try XCTUnwrap(axes.xLimits, name)
            XCTAssertEqual(axes.yLimits, limits, name)
            let predicted = try XCTUnwrap(data.prediction(role)).values
            // Every drawn value lies inside the limits.
            let drawn = data.y + predicted + (role == .after ? data.prediction(.reference)!.values : [])
            XCTAssert(drawn.allSatisfy { limits.contains($0) }, name)

            let lines = axes.series.compactMap { series -> LineSeries? in
                if case .line(let line) = series { return line }
                return nil
            }
            XCTAssertEqual(lines.count, 1, name)
            let diagonal = try XCTUnwrap(lines.first)
            XCTAssertEqual(diagonal.x, [limits.lowerBound, limits.upperBound], "the y = x line spans the limits")
            XCTAssertEqual(diagonal.y, diagonal.x)
            XCTAssertEqual(diagonal.color, .black)
            XCTAssertLessThanOrEqual(diagonal.width, 1.5)

            let scatters = axes.series.compactMap { series -> ScatterSeries? in
                if case .scatter(let scatter) = series { return scatter }
                return nil
            }
            XCTAssertEqual(scatters.first?.x, data.y, name)
            XCTAssertEqual(scatters.first?.y, predicted, name)
            if role == .after {
                XCTAssertEqual(scatters.count, 2, "the reference is a second marker series")
                XCTAssertEqual(scatters[1].label, "least_squares")
                XCTAssertEqual(scatters[1].y, data.prediction(.reference)?.values)
                XCTAssertNotEqual(scatters[1].color, scatters[0].color)
                XCTAssert(axes.legend)
                XCTAssertNotNil(try CairoCanvas().layout(of: figure).legendFrame)
            } else {
                XCTAssertEqual(scatters.count, 1)
            }

            // On the image the diagonal runs from corner to corner of the axes, dark along its length.
            let canvas = CairoCanvas()
            let layout = try canvas.layout(of: figure)
            let start = layout.pixel(x: limits.lowerBound, y: limits.lowerBound)
            let end = layout.pixel(x: limits.upperBound, y: limits.upperBound)
            XCTAssertEqual(start.x, layout.plotArea.minX, accuracy: 1e-9)
            XCTAssertEqual(start.y, layout.plotArea.maxY, accuracy: 1e-9)
            XCTAssertEqual(end.x, layout.plotArea.maxX, accuracy: 1e-9)
            XCTAssertEqual(end.y, layout.plotArea.minY, accuracy: 1e-9)
            let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
            var dark = 0
            let samples = 200
            for i in 1..<samples {
                let t = Double(i) / Double(samples)
                let v = limits.lowerBound + t * (limits.upperBound - limits.lowerBound)
                let c = image.pixel(at: layout.pixel(x: v, y: v))
                if c.red < 0.5 && c.green < 0.5 && c.blue < 0.5 { dark += 1 }
            }
            // Dashes of 3.7 pt with gaps of 1.6 pt: about 70 % of the line is ink.
            XCTAssertGreaterThan(dark, samples / 2, "\(name): \(dark) of \(samples) points on the diagonal are dark")
        }
    }

    func testResidualsHaveOnePanelPerInputEachWithItsZeroLine() throws {
        for count in [2, 3, 5] {
            let data = Self.data(inputs: count)
            let figure = try Self.figure("residuals", of: Self.record(data))
            XCTAssertEqual(figure.panels.count, count)
            XCTAssertEqual(figure.title, "Residuals")
            let residuals = zip(data.y, data.prediction(.after)!.values).map { $0 - $1 }
            let yLimits = try XCTUnwrap(figure.panels[0].yLimits)
            XCTAssert(yLimits.contains(0) && residuals.allSatisfy { yLimits.contains($0) })
            for (panel, input) in zip(figure.panels, data.inputs) {
                XCTAssertEqual(panel.xLabel, input.name)
                XCTAssertEqual(panel.yLimits, yLimits, "panels share their y limits")
                guard case .line(let zero) = try XCTUnwrap(panel.series.first),
                      case .scatter(let scatter) = try XCTUnwrap(panel.series.last)
                else { return XCTFail("\(input.name): no zero line and scatter") }
                XCTAssertEqual(zero.y, [0, 0])
                XCTAssertEqual(zero.x, [input.values.min()!, input.values.max()!])
                XCTAssertEqual(scatter.x, input.values)
                XCTAssertEqual(scatter.y, residuals)
            }
            // The y label on the first panel of each row only.
            let columns = figure.gridColumns
            for (index, panel) in figure.panels.enumerated() {
                XCTAssertEqual(panel.yLabel != nil, index % columns == 0, "\(count) inputs, panel \(index)")
            }
            // Every panel is drawn: its zero line is black across the middle of its axes.
            let canvas = CairoCanvas()
            let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
            for (panel, input) in zip(try canvas.figureLayout(of: figure).panels, data.inputs) {
                let middle = (input.values.min()! + input.values.max()!) / 2
                let p = panel.pixel(x: middle, y: 0)
                let pixels = (-1...1).map { image.pixel(x: Int(p.x), y: Int(p.y) + $0) }
                XCTAssert(pixels.contains { $0.red < 0.3 && $0.green < 0.3 && $0.blue < 0.3 },
                          "\(count) inputs, \(input.name): \(pixels)")
            }
        }
    }

    func testGridShapeAndSize() throws {
        XCTAssert(ReportFigures.gridShape(2) == (1, 2))
        XCTAssert(ReportFigures.gridShape(3) == (1, 3))
        XCTAssert(ReportFigures.gridShape(4) == (2, 2))
        XCTAssert(ReportFigures.gridShape(5) == (2, 3))
        XCTAssert(ReportFigures.gridShape(7) == (3, 3))
        XCTAssert(ReportFigures.gridShape(12) == (4, 3))
        let figure = try Self.figure("dataset", of: Self.record(Self.data(inputs: 4)))
        XCTAssertEqual(figure.gridColumns, 2)
        XCTAssertEqual(figure.gridRows, 2)
        XCTAssertEqual(figure.widthInches, 6.4)
        XCTAssertGreaterThan(figure.heightInches, 4.8, "two rows make the figure taller")
        let layout = try CairoCanvas().figureLayout(of: figure)
        XCTAssertEqual(layout.width, 640)
        XCTAssertEqual(layout.height, Int((figure.heightInches * 100).rounded()))
    }

    func testSingleInputKeepsTheBlogFigures() throws {
        var data = Self.data(inputs: 1)
        data.inputs[0].name = "x"
        let figures = ReportFigures.make(for: Self.record(data))
        XCTAssertEqual(figures.map(\.name), ["dataset", "before", "loss", "after", "residuals"])
        for (name, figure) in figures {
            XCTAssert(figure.isSingleAxes, name)
            XCTAssertEqual(figure.heightInches, 4.8, name)
        }
        let after = try XCTUnwrap(figures.first { $0.name == "after" }?.figure.axes)
        XCTAssertEqual(after.xLabel, "$x$")  // the blog's mathtext, drawn italic
        XCTAssertNil(after.xLimits)
        guard case .line(let line) = after.series[1] else { return XCTFail("the prediction is a line") }
        XCTAssertEqual(line.color, .red)
    }

    func testRunFolderOfATwoInputRecord() throws {
        let written = try ReportWriter(outputRoot: root, settings: ReportSettings(templatesDirectory: ReportWriterTests.templates))
            .write(Self.record(Self.data()))
        for name in ReportFigures.names {
            let image = try RasterImage(pngFile: "\(written.directory)/figures/\(name).png")
            XCTAssertEqual(image.width, 640, name)
            XCTAssertEqual(image.height, 480, name)
            let svg = try Data(contentsOf: URL(fileURLWithPath: "\(written.directory)/figures/\(name).svg"))
            let parser = XMLParser(data: svg)
            XCTAssert(parser.parse(), "\(name).svg is not well-formed XML: \(String(describing: parser.parserError))")
        }
        let html = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        for caption in ["Dataset", "Before training", "After training", "Residuals"] {
            XCTAssert(html.contains("<figcaption>\(caption)"), caption)
        }
        let csv = try String(contentsOfFile: written.directory + "/data.csv", encoding: .utf8)
        XCTAssert(csv.hasPrefix("temp,pressure,y,"), String(csv.prefix(60)))
    }

    // MARK: - Validation rows

    /// A split marks every third row as held out: data.csv gets a `split` column that reads back, and the data
    /// figures draw the validation rows as orange markers of their own (one input, and small multiples).
    func testValidationRowsAreWrittenReadBackAndDrawnInOrange() throws {
        for inputs in [1, 2] {
            var data = Self.data(inputs: inputs)
            data.split = (0..<data.rowCount).map { $0 % 3 == 0 ? .validation : .train }
            let record = Self.record(data)
            XCTAssertEqual(record.problems, [])
            let written = try ReportWriter(outputRoot: root, settings: ReportSettings(
                templatesDirectory: ReportWriterTests.templates)).write(record)
            let csv = try String(contentsOfFile: written.directory + "/data.csv", encoding: .utf8)
            let lines = csv.split(separator: "\n")
            XCTAssert(lines[0].hasSuffix(",split"), String(lines[0]))
            XCTAssert(lines[1].hasSuffix(",validation") && lines[2].hasSuffix(",train"))
            let back = try StoredRun(directory: written.directory).loadRecord()
            XCTAssertEqual(back.data?.split, data.split)

            let figures = ReportFigures.make(for: record)
            for name in ["dataset", "after", "residuals"] {
                let figure = try XCTUnwrap(figures.first { $0.name == name }?.figure)
                let scatters = figure.panels.flatMap(\.series).compactMap { series -> ScatterSeries? in
                    if case .scatter(let s) = series { return s }
                    return nil
                }
                let held = scatters.filter { $0.color == .tabOrange && $0.label?.contains("validation") != false }
                XCTAssertEqual(held.map(\.x.count).reduce(0, +), 20 * figure.panels.count, name)
                let image = try RasterImage(pngFile: "\(written.directory)/figures/\(name).png")
                var orange = 0
                for y in 0..<image.height {
                    for x in 0..<image.width where image.pixel(x: x, y: y).isClose(to: .tabOrange, tolerance: 0.12) {
                        orange += 1
                    }
                }
                XCTAssertGreaterThan(orange, 200, "\(name) with \(inputs) input(s) draws orange validation markers")
            }
        }
        var bad = Self.data()
        bad.split = [.train]
        XCTAssert(bad.problems.contains { $0.contains("split") })
    }

    // MARK: - Parameters

    static func parameters(_ count: Int) -> [Parameter] {
        (0..<count).map { Parameter(name: "w\($0)", initial: Double($0), final: Double($0) + 0.5) }
    }

    /// The `<tr>` rows of parameter names `w…` in `html`.
    static func parameterRows(_ html: Substring) -> Int {
        html.components(separatedBy: "<tr><th scope=\"row\"><code>w").count - 1
    }

    func testManyParametersShowTheFirstTwentyAndTheWholeTableCollapsed() throws {
        let written = try ReportWriter(outputRoot: root, settings: ReportSettings(templatesDirectory: ReportWriterTests.templates))
            .write(Self.record(Self.data(), parameters: Self.parameters(300)))
        let html = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        let details = try XCTUnwrap(html.range(of: "<details id=\"all-parameters\">"), "no collapsed full table")
        let detailsEnd = try XCTUnwrap(html.range(of: "</details>", range: details.upperBound..<html.endIndex))
        let preview = html[..<details.lowerBound]
        let full = html[details.upperBound..<detailsEnd.lowerBound]
        XCTAssertEqual(Self.parameterRows(preview), 20)
        XCTAssertEqual(Self.parameterRows(full), 300)
        XCTAssert(full.contains("<summary>All 300 parameters</summary>"))
        XCTAssert(full.contains("<code>w299</code></th><td class=\"num\">299</td><td class=\"num\">299.5</td>"))
        XCTAssertFalse(preview.contains("<code>w20</code>"))
        XCTAssert(preview.contains("The first 20 of 300 parameters"))

        let markdown = try String(contentsOfFile: written.directory + "/report.md", encoding: .utf8)
        XCTAssertEqual(markdown.components(separatedBy: "\n| w").count - 1, 20)
        XCTAssert(markdown.contains("The first 20 of 300 parameters; run.json and the HTML report hold all of them."))
        // run.json keeps every parameter.
        let json = try String(contentsOfFile: written.directory + "/run.json", encoding: .utf8)
        XCTAssert(json.contains("\"w299\""))
    }

    func testTwentyParametersAreOneTable() throws {
        let written = try ReportWriter(outputRoot: root, settings: ReportSettings(templatesDirectory: ReportWriterTests.templates))
            .write(Self.record(Self.data(), parameters: Self.parameters(20)))
        let html = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        XCTAssertFalse(html.contains("all-parameters"))
        XCTAssertFalse(html.contains("The first"))
        XCTAssertEqual(Self.parameterRows(html[...]), 20)
        let markdown = try String(contentsOfFile: written.directory + "/report.md", encoding: .utf8)
        XCTAssertEqual(markdown.components(separatedBy: "\n| w").count - 1, 20)
        XCTAssertFalse(markdown.contains("The first"))
    }
}
