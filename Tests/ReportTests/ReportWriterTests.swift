import Foundation
import Plotting
import Configuration
import RunRecord
import TrainerRecord
import Training
import XCTest
@testable import Report

#if canImport(FoundationXML)
import FoundationXML
#endif

final class ReportWriterTests: XCTestCase {
    /// Templates of this package, found from the test file's location.
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fitreport-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    static func config(epochs: Int = 2000, scale: Double = 1) -> RunConfig {
        var c = RunConfig()
        c.epochs = epochs
        c.scale = scale
        return c
    }

    func train(_ config: RunConfig) throws -> (TrainingRun, ResolvedRun) {
        let resolved = try config.resolve()
        return (try Trainer.run(resolved.training), resolved)
    }

    func writeRun(_ config: RunConfig = config(), into root: String? = nil, templates: String? = templates,
                  date: Date = Date()) throws -> (TrainingRun, WrittenRun) {
        let (run, resolved) = try train(config)
        let writer = ReportWriter(outputRoot: root ?? self.root,
                                  settings: ReportSettings(templatesDirectory: templates, scale: config.scale))
        return (run, try writer.write(run.record(resolved: resolved), date: date))
    }

    func testRunFolderHoldsEveryArtifact() throws {
        let (run, written) = try writeRun()
        XCTAssert(written.directory.hasPrefix(root + "/runs/"))
        XCTAssertEqual(written.reportPath, written.directory + "/report.html")
        let fm = FileManager.default
        for name in ReportFigures.names {
            for ext in ["png", "svg"] {
                XCTAssert(fm.fileExists(atPath: "\(written.directory)/figures/\(name).\(ext)"), "\(name).\(ext)")
            }
        }
        let data = try String(contentsOfFile: written.directory + "/data.csv", encoding: .utf8)
        let dataLines = data.split(separator: "\n")
        XCTAssertEqual(dataLines.first, "x,y,y_before,y_after")
        XCTAssertEqual(dataLines.count, 101)
        let second = dataLines[1].split(separator: ",").compactMap { Double($0) }
        XCTAssertEqual(second, [run.dataset.x[0], run.dataset.y[0], run.predictionsBefore[0], run.predictionsAfter[0]])

        let history = try String(contentsOfFile: written.directory + "/history.csv", encoding: .utf8)
        let historyLines = history.split(separator: "\n")
        XCTAssertEqual(historyLines.first, "epoch,loss")
        XCTAssertEqual(historyLines.count, 2001)
        XCTAssertEqual(historyLines[1], "0,\(run.history[0])")
        // No staging folder is left behind.
        let entries = try fm.contentsOfDirectory(atPath: root + "/runs")
        XCTAssertEqual(entries, [written.runID])
    }

    /// The parts of run.json (schema 2) the tests read (decoded with JSONDecoder, which reads doubles exactly).
    struct Manifest: Decodable {
        struct Setting: Decodable { var key: String; var value: JSONValue }
        struct Param: Decodable { var name: String; var initial: Double?; var final: Double?; var reference: Double? }
        struct Series: Decodable { var name: String; var count: Int; var last: Point? }
        struct Point: Decodable { var step: Int; var value: Double }
        struct Metric: Decodable { var key: String; var value: Double }
        struct Timing: Decodable { var key: String; var value: Double }
        var schema_version: Int
        var settings: [Setting]
        var parameters: [Param]
        var series: [Series]
        var metrics: [Metric]
        var timings: [Timing]
        var tool_version: String
        var run_id: String
        var status: String
        var reference_name: String?

        func setting(_ key: String) -> JSONValue? { settings.first { $0.key == key }?.value }
    }

    func testRunJSONHasTheDocumentedKeys() throws {
        let (run, written) = try writeRun()
        let data = try Data(contentsOf: URL(fileURLWithPath: written.directory + "/run.json"))
        let json = try JSONDecoder().decode(Manifest.self, from: data)
        XCTAssertEqual(json.schema_version, 2)
        XCTAssertEqual(json.setting("epochs"), .number(2000))
        XCTAssertEqual(json.setting("lr"), .number(1e-3))
        XCTAssertEqual(json.setting("seed"), .number(0))
        XCTAssertEqual(json.setting("model"), .string("a*x^2 + b*x + c"))
        XCTAssertEqual(json.parameters.map(\.name), ["a", "b", "c"])
        XCTAssertEqual(json.parameters[0].initial, run.initialParameters[0])
        XCTAssertEqual(json.parameters[2].final, run.finalParameters[2])
        XCTAssertEqual(json.parameters[1].reference, run.leastSquares?.parameters[1])
        XCTAssertEqual(json.reference_name, "least squares")
        XCTAssertEqual(json.series.map(\.name), ["loss"])
        XCTAssertEqual(json.series[0].count, 2000)
        XCTAssertEqual(json.series[0].last?.value, run.history.last)
        XCTAssertEqual(json.metrics.first { $0.key == "Final MSE" }?.value, run.finalLoss)
        XCTAssertEqual(json.metrics.first { $0.key == "Least-squares MSE" }?.value, run.leastSquares?.loss)
        XCTAssertEqual(json.timings.map(\.key), ["data", "training", "reference fit", "figures", "report"])
        XCTAssertEqual(json.tool_version, fitreportVersion)
        XCTAssertEqual(json.run_id, written.runID)
        XCTAssertEqual(json.status, "complete")
    }

    /// The folder reads back into the record that was written (series, data, parameters, metrics), exactly.
    func testStoredRunReadsBackTheRecord() throws {
        let (run, resolved) = try train(Self.config(epochs: 300))
        let record = run.record(resolved: resolved)
        let written = try ReportWriter(outputRoot: root, settings: ReportSettings(templatesDirectory: Self.templates))
            .write(record)
        let back = try StoredRun(directory: written.directory).loadRecord()
        XCTAssertEqual(back.series, record.series)
        XCTAssertEqual(back.data, record.data)
        XCTAssertEqual(back.parameters, record.parameters)
        XCTAssertEqual(back.metrics, record.metrics)
        XCTAssertEqual(back.settings, record.settings)
        XCTAssertEqual(back.status, record.status)
    }

    /// Every figure file the page references exists, and every figure file is referenced.
    func testHTMLReferencesExactlyTheFigureFilesThatExist() throws {
        let (_, written) = try writeRun()
        let html = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"(?:src|href)="([^"]+)""#)
        let range = NSRange(html.startIndex..., in: html)
        let referenced = Set(regex.matches(in: html, range: range).compactMap { m in
            Range(m.range(at: 1), in: html).map { String(html[$0]) }
        })
        let figureRefs = referenced.filter { $0.hasPrefix("figures/") }
        let onDisk = Set(try FileManager.default.contentsOfDirectory(atPath: written.directory + "/figures")
            .map { "figures/" + $0 })
        XCTAssertEqual(figureRefs, onDisk)
        for ref in referenced {
            XCTAssertFalse(ref.contains("://"), "external resource \(ref)")
            XCTAssert(FileManager.default.fileExists(atPath: written.directory + "/" + ref), "missing \(ref)")
        }
        XCTAssert(html.contains("has not converged"), "the convergence sentence is missing")
        XCTAssertFalse(html.contains("nil"), "an absent value was rendered as nil")
        XCTAssertFalse(html.contains("Warning"), "a completed run shows no warning")
    }

    func testUserVisibleStringsAreEscaped() throws {
        let hostile = "<script>alert(\"x\")</script>&'"
        // The engine accepts any parameter name; the HTML must escape it wherever it appears.
        let (run, resolved) = try train(Self.config(epochs: 10))
        var hostileRun = run
        hostileRun.parameterNames = [hostile, "b", "c"]
        hostileRun.config.model = Model(formula: .parameter(hostile) * .variable("x") ** 2 + .parameter("b") * .variable("x") + .parameter("c"))
        var record = hostileRun.record(resolved: resolved)
        record.series.append(ScalarSeries(name: hostile + "_loss", values: [1, 2]))
        record.notes.append(hostile)
        let written = try ReportWriter(outputRoot: root, settings: ReportSettings(templatesDirectory: Self.templates))
            .write(record)
        let html = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssert(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"))
    }

    func testFiguresDecodeAtTheExpectedSizeAndSVGIsXML() throws {
        for scale in [1.0, 2.0] {
            let (_, written) = try writeRun(Self.config(epochs: 100, scale: scale))
            for name in ReportFigures.names {
                let image = try RasterImage(pngFile: "\(written.directory)/figures/\(name).png")
                XCTAssertEqual(image.width, Int(640 * scale), name)
                XCTAssertEqual(image.height, Int(480 * scale), name)
                let svg = try Data(contentsOf: URL(fileURLWithPath: "\(written.directory)/figures/\(name).svg"))
                let parser = XMLParser(data: svg)
                XCTAssert(parser.parse(), "\(name).svg is not well-formed XML: \(String(describing: parser.parserError))")
            }
        }
    }

    /// In after.png the thick red prediction line passes through the predicted values.
    func testRedPredictionLineLiesOnTheCurve() throws {
        let (run, written) = try writeRun()
        let image = try RasterImage(pngFile: written.directory + "/figures/after.png")
        let resolved = try Self.config().resolve()
        let figure = try XCTUnwrap(ReportFigures.make(for: run.record(resolved: resolved)).first { $0.name == "after" }?.figure)
        let layout = try CairoCanvas(scale: 1).layout(of: figure)
        for i in stride(from: 5, to: 95, by: 15) {
            let p = layout.pixel(x: run.dataset.x[i], y: run.predictionsAfter[i])
            let c = image.pixel(x: Int(p.x.rounded()), y: Int(p.y.rounded()))
            XCTAssertGreaterThan(c.red, 0.9, "no red at point \(i) (\(p))")
            XCTAssertLessThan(c.green, 0.2, "no red at point \(i) (\(p))")
            XCTAssertLessThan(c.blue, 0.2, "no red at point \(i) (\(p))")
        }
        // Far above the curve there is no red.
        let p = layout.pixel(x: run.dataset.x[50], y: run.predictionsAfter[50] + 6)
        let c = image.pixel(x: Int(p.x.rounded()), y: Int(p.y.rounded()))
        XCTAssertFalse(c.red > 0.9 && c.green < 0.2, "unexpected red above the curve")
    }

    func testTwoRunsOfTheSameConfigNeverCollide() throws {
        let date = Date(timeIntervalSince1970: 1_800_000_000)
        let (_, one) = try writeRun(Self.config(epochs: 5), date: date)
        let (_, two) = try writeRun(Self.config(epochs: 5), date: date)
        XCTAssertNotEqual(one.directory, two.directory)
        XCTAssert(one.runID.hasPrefix("20270115T080000Z-"), one.runID)
        XCTAssertEqual(two.runID, one.runID + "-2")
    }

    func testUnwritableOutputIsAClearErrorAndLeavesNothing() throws {
        let blocker = root + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        XCTAssertThrowsError(try writeRun(Self.config(epochs: 5), into: blocker)) { error in
            XCTAssert("\(error)".contains(blocker), "\(error)")
        }
    }

    func testMissingTemplatesNameTheFolder() throws {
        XCTAssertThrowsError(try writeRun(Self.config(epochs: 5), templates: root + "/nope")) { error in
            XCTAssert("\(error)".contains("--templates"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: root + "/runs"))
    }

    func testCustomTemplateIsUsed() throws {
        let dir = root + "/mytemplates"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("<p>custom {{title}}</p>".utf8).write(to: URL(fileURLWithPath: dir + "/report.html"))
        let (_, written) = try writeRun(Self.config(epochs: 5), into: root + "/out", templates: dir)
        let html = try String(contentsOfFile: written.reportPath, encoding: .utf8)
        XCTAssertEqual(html, "<p>custom Fitting f(x) = a*x^2 + b*x + c</p>")
    }

    func testConvergenceSentenceSaysConvergedWhenItIs() throws {
        var config = Self.config(epochs: 20000)
        config.points = 30
        config.lr = 0.5
        let (run, resolved) = try train(config)
        let summary = try XCTUnwrap(run.record(resolved: resolved).summary)
        XCTAssert(summary.contains("has converged"), summary)
    }
}
