import Foundation
import Plotting
import XCTest

/// Validation, mini-batches, schedules, stopping, several inputs and built-in models through the real binary.
final class TrainingLoopCommandTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    func folder(_ r: CLIHarness.Result) -> String {
        URL(fileURLWithPath: cli.directory + "/" + r.lastLine).deletingLastPathComponent().path
    }

    func manifest(_ dir: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json")))
            as? [String: Any])
    }

    func history(_ dir: String) throws -> (header: [String], rows: [[String]]) {
        let lines = try String(contentsOfFile: dir + "/history.csv", encoding: .utf8).split(separator: "\n")
        let table = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (table[0], Array(table.dropFirst()))
    }

    /// The closing note's example: validation curve, early stop, restored best epoch.
    func testValidationCurvesAndEarlyStop() throws {
        let r = try cli.run(["--generate", "sin(3*x)", "--x-range", "-2:2", "--points", "60", "--noise", "0.3",
                             "--model", "poly:9", "--normalize", "--optimizer", "adam", "--lr", "0.05",
                             "--epochs", "20000", "--validation", "0.3", "--early-stop", "200", "--restore-best",
                             "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(r)
        let (header, rows) = try history(dir)
        XCTAssertEqual(header, ["epoch", "loss", "val_loss"])
        XCTAssertLessThan(rows.count, 20000, "early stopping fired")
        let validation = rows.map { Double($0[2])! }
        let best = validation.indices.min { validation[$0] < validation[$1] }!
        XCTAssertEqual(rows.count, best + 201, "stopped 200 epochs after the best validation epoch")
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("stopped early after epoch \(best + 200)"), "summary says why it stopped")
        XCTAssert(html.contains("best at epoch \(best)"))
        XCTAssert(html.contains("Validation MSE"), "results table has validation metrics")
        let json = try manifest(dir)
        XCTAssertEqual(json["status"] as? String, "complete")
        // data.csv marks the 18 held-out rows (30 % of 60).
        let data = try String(contentsOfFile: dir + "/data.csv", encoding: .utf8).split(separator: "\n")
        XCTAssert(data[0].hasSuffix(",split"), String(data[0]))
        XCTAssertEqual(data.filter { $0.hasSuffix(",validation") }.count, 18)
        XCTAssertEqual(data.filter { $0.hasSuffix(",train") }.count, 42)
        // The loss figure draws both curves with a legend: two line colours (tab10 blue and orange).
        let image = try RasterImage(pngFile: dir + "/figures/loss.png")
        XCTAssertGreaterThan(Self.pixels(image, Color(hex: 0x1f77b4)), 200)
        XCTAssertGreaterThan(Self.pixels(image, Color(hex: 0xff7f0e)), 200)
    }

    /// The README's network example: a 1-16-16-1 tanh MLP on sin(3x) reaches an MSE below 0.01.
    func testReadmeNetworkExampleReachesTheStatedLoss() throws {
        let r = try cli.run(["--model", "mlp:16,16", "--generate", "sin(3*x)", "--x-range", "-2:2", "--noise", "0.05",
                             "--optimizer", "adam", "--lr", "0.01", "--epochs", "3000", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try manifest(folder(r))
        let metrics = try XCTUnwrap(json["metrics"] as? [[String: Any]])
        let final = try XCTUnwrap(metrics.first { ($0["key"] as? String) == "Final MSE" }?["value"] as? Double)
        XCTAssertLessThan(final, 0.01)
        let parameters = try XCTUnwrap(json["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.count, 16 + 16 + 16 * 16 + 16 + 16 + 1)
        let html = try String(contentsOfFile: folder(r) + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("all-parameters"), "the long parameter table is collapsed")
    }

    /// Mini-batch runs are bit-identical for any thread count; the lr series is recorded when it changes.
    func testMiniBatchesAndScheduleAreDeterministic() throws {
        let args = ["--points", "70000", "--batch-size", "40000", "--epochs", "4", "--lr-schedule", "step:2:0.5",
                    "--format", "svg", "-q"]
        let one = try cli.run(args + ["--threads", "1", "--name", "one"])
        let two = try cli.run(args + ["--threads", "2", "--name", "two"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertEqual(two.status, 0, two.stderr)
        for file in ["history.csv", "data.csv", "figures/loss.svg", "figures/after.svg"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: folder(one) + "/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: folder(two) + "/" + file))
            XCTAssertEqual(a, b, file)
        }
        let (header, rows) = try history(folder(one))
        XCTAssertEqual(header, ["epoch", "loss", "lr"])
        XCTAssertEqual(rows.map { Double($0[2])! }, [1e-3, 1e-3, 5e-4, 5e-4])
        let html = try String(contentsOfFile: folder(one) + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("mean of the batch losses"), "the report says what the loss is")
        XCTAssert(FileManager.default.fileExists(atPath: folder(one) + "/figures/series-lr.svg"))
    }

    /// Two input columns by name: formulas use the names, figures become predicted-vs-actual.
    func testSeveralInputColumns() throws {
        var csv = "temp,pressure,note,y\n"
        for i in 0..<40 {
            let t = Double(i % 8), p = Double(i / 8)
            csv += "\(t),\(p),n\(i),\(2 * t - 3 * p + 1 + 0.01 * Double(i % 3))\n"
        }
        _ = try cli.write("d.csv", csv)
        let r = try cli.run(["--data", "d.csv", "--x", "temp,pressure", "--y", "y", "--model", "a*temp + b*pressure + c",
                             "--epochs", "10", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(r)
        let data = try String(contentsOfFile: dir + "/data.csv", encoding: .utf8)
        XCTAssert(data.hasPrefix("temp,pressure,y,"), data.prefix(80).description)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("Inputs"), "the report lists the inputs")
        XCTAssert(html.contains("temp") && html.contains("pressure"))
        // Least squares is exact for the plane: a ≈ 2, b ≈ −3, c ≈ 1.
        let json = try manifest(dir)
        let parameters = try XCTUnwrap(json["parameters"] as? [[String: Any]])
        let reference = parameters.compactMap { $0["reference"] as? Double }
        XCTAssertEqual(reference.count, 3)
        if reference.count == 3 {
            XCTAssertEqual(reference[0], 2, accuracy: 0.01)
            XCTAssertEqual(reference[1], -3, accuracy: 0.01)
        }
        for name in ["dataset", "before", "after", "residuals", "loss"] {
            XCTAssertNoThrow(try RasterImage(pngFile: "\(dir)/figures/\(name).png"), name)
        }
        // x1, x2 work too.
        let numbered = try cli.run(["--data", "d.csv", "--x", "1,2", "--y", "4", "--model", "a*x1 + b*x2 + c",
                                    "--epochs", "5", "-q"])
        XCTAssertEqual(numbered.status, 0, numbered.stderr)
    }

    /// Pixels within 0.1 of `color` in every component.
    static func pixels(_ image: RasterImage, _ color: Color) -> Int {
        var n = 0
        for y in 0..<image.height {
            for x in 0..<image.width where image.pixel(x: x, y: y).isClose(to: color, tolerance: 0.1) { n += 1 }
        }
        return n
    }

    /// A validation file; runs with validation, mini-batches and a schedule are reproducible byte for byte.
    func testValidationFileAndReproduce() throws {
        var train = "t,v\n", held = "t,v\n"
        for i in 0..<60 { train += "\(Double(i) / 60),\(3 * Double(i) / 60 + 1 + 0.1 * sin(Double(i)))\n" }
        for i in 0..<15 { held += "\(Double(i) / 15 + 0.01),\(3 * Double(i) / 15 + 1.03)\n" }
        _ = try cli.write("train.csv", train)
        _ = try cli.write("held.csv", held)
        let r = try cli.run(["--data", "train.csv", "--x", "t", "--y", "v", "--model", "m*x + q",
                             "--validation-data", "held.csv", "--batch-size", "16", "--lr-schedule", "exp:0.99",
                             "--optimizer", "adam", "--lr", "0.05", "--epochs", "300", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(r)
        let (header, rows) = try history(dir)
        XCTAssertEqual(header, ["epoch", "loss", "val_loss", "lr"])
        XCTAssertEqual(rows.count, 300)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("held.csv (15 rows)"), "the report names the validation file")
        let again = try cli.run(["reproduce", dir])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        // A held-out fraction, reproduced.
        let split = try cli.run(["--validation", "0.25", "--batch-size", "8", "--epochs", "40", "--early-stop", "5",
                                 "--min-delta", "0.5", "--restore-best", "-q"])
        XCTAssertEqual(split.status, 0, split.stderr)
        let second = try cli.run(["reproduce", folder(split)])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
    }

    func testParameterNamedLikeTheTargetWarns() throws {
        let r = try cli.run(["--model", "a*x + y", "--epochs", "5", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stderr.contains("warning") && r.stderr.contains("'y' is a trainable parameter"), r.stderr)
    }

    func testSweepOverTheNewSettings() throws {
        let r = try cli.run(["sweep", "--batch-size", "8,32", "--lr-schedule", "constant,cosine", "--epochs", "20",
                             "--format", "svg", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let runs = cli.runFolders().filter { !$0.hasPrefix(".") }
        XCTAssertEqual(runs.count, 4, "\(runs)")
        XCTAssert(runs.contains { $0.contains("batch-size-8_lr-schedule-cosine") }, "\(runs)")
    }
}
