import Foundation
import Plotting
import XCTest

final class RunCommandTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    /// Reads run.json of the run whose report path is `reportPath`.
    func manifest(_ reportPath: String) throws -> [String: Any] {
        let dir = URL(fileURLWithPath: reportPath).deletingLastPathComponent()
        let data = try Data(contentsOf: dir.appendingPathComponent("run.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func assertCompleteRun(_ r: CLIHarness.Result, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        let report = cli.directory + "/" + r.lastLine
        XCTAssert(r.lastLine.hasPrefix("output/runs/") && r.lastLine.hasSuffix("/report.html"), r.lastLine,
                  file: file, line: line)
        XCTAssert(FileManager.default.fileExists(atPath: report), file: file, line: line)
        let dir = URL(fileURLWithPath: report).deletingLastPathComponent().path
        for name in ["dataset", "before", "loss", "after", "residuals"] {
            XCTAssertNoThrow(try RasterImage(pngFile: "\(dir)/figures/\(name).png"), file: file, line: line)
        }
    }

    func testDefaultRunPrintsTheReportPathLast() throws {
        let r = try cli.run(["--epochs", "500"])
        try assertCompleteRun(r)
        XCTAssert(r.stdout.contains("trained"), r.stdout)
    }

    func testLossesAndOptimizersProduceCompleteReports() throws {
        for args in [["--loss", "mae", "--lr", "0.05"], ["--loss", "huber", "--huber-delta", "0.5", "--lr", "0.05"],
                     ["--optimizer", "momentum", "--nesterov"], ["--optimizer", "adam", "--lr", "0.05"]] {
            let r = try cli.run(args + ["--epochs", "300"])
            try assertCompleteRun(r)
            let json = try manifest(cli.directory + "/" + r.lastLine)
            let config = try settings(json)
            XCTAssertEqual(config[args[0].replacingOccurrences(of: "--", with: "")] as? String, args[1])
        }
        let html = try String(contentsOfFile: cli.directory + "/" + (try cli.run(["--loss", "mae", "--epochs", "10"]))
            .lastLine, encoding: .utf8)
        XCTAssert(html.contains("MAE"), "loss name missing from the report")
    }

    func testSineModelIsRecoveredFromTheCommandLine() throws {
        let r = try cli.run(["run", "--model", "a*sin(b*x) + c", "--generate", "3*sin(2*x) + 0.5", "--noise", "0.1",
                             "--points", "200", "--x-range", "0:6", "--init", "a=1,b=1.9,c=0", "--optimizer", "adam",
                             "--lr", "0.05", "--epochs", "3000"])
        try assertCompleteRun(r)
        let json = try manifest(cli.directory + "/" + r.lastLine)
        let final = try parameters(json, "final")
        XCTAssertEqual(final["a"] ?? 0, 3, accuracy: 0.05)
        XCTAssertEqual(final["b"] ?? 0, 2, accuracy: 0.01)
        XCTAssertEqual(final["c"] ?? 0, 0.5, accuracy: 0.03)
        XCTAssertEqual(json["model"] as? String, "f(x) = a*sin(b*x) + c")
    }

    func testFormulaErrorIsOneClearMessageAndNoRunFolder() throws {
        let r = try cli.run(["--model", "a*x^^2"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("model"), r.stderr)
        XCTAssert(r.stderr.contains("a*x^^2"), r.stderr)
        XCTAssert(r.stderr.contains("    ^"), r.stderr)  // two spaces of indent, caret under column 5
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(cli.runFolders(), [])
    }

    func testCSVErrorIsOneClearMessageAndNoRunFolder() throws {
        let path = try cli.write("bad.csv", "x,y\n1,2\n2,oops\n3,4\n")
        let r = try cli.run(["--data", path, "--x", "x", "--y", "y"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("bad.csv"), r.stderr)
        XCTAssert(r.stderr.contains("line 3"), r.stderr)
        XCTAssert(r.stderr.contains("oops"), r.stderr)
        XCTAssertEqual(cli.runFolders(), [])
    }

    func testCSVDataIsFitted() throws {
        var text = "time;value\n"
        for i in 0..<50 {
            let x = Double(i) / 10
            text += "\(x);\(2 * x + 1)\n"
        }
        let path = try cli.write("line.csv", text)
        let r = try cli.run(["--data", path, "--x", "time", "--y", "2", "--model", "m*x + q", "--lr", "0.05",
                             "--epochs", "4000"])
        try assertCompleteRun(r)
        let json = try manifest(cli.directory + "/" + r.lastLine)
        let ls = try parameters(json, "reference")
        XCTAssertEqual(ls["m"] ?? 0, 2, accuracy: 1e-9)
        XCTAssertEqual(ls["q"] ?? 0, 1, accuracy: 1e-9)
    }

    func testConfigFileAndFlagsOverrideIt() throws {
        let path = try cli.write("cfg.yaml", "lr: 0.002\nepochs: 50\nmodel: a*x + b\ninit:\n  a: 1\n")
        let r = try cli.run(["--config", path, "--epochs", "60"])
        try assertCompleteRun(r)
        let json = try manifest(cli.directory + "/" + r.lastLine)
        let config = try settings(json)
        XCTAssertEqual(config["epochs"] as? Int, 60)
        XCTAssertEqual(config["model"] as? String, "a*x + b")
        let initial = try parameters(json, "initial")
        XCTAssertEqual(initial["a"], 1)
    }

    /// `--config RUN/run.json` reruns the run: same settings, same history.
    func testRunJSONRerunsTheRun() throws {
        let first = try cli.run(["--epochs", "200", "--seed", "7", "--model", "a*x^2 + b"])
        try assertCompleteRun(first)
        let dir = URL(fileURLWithPath: cli.directory + "/" + first.lastLine).deletingLastPathComponent().path
        let second = try cli.run(["--config", dir + "/run.json"])
        try assertCompleteRun(second)
        let dir2 = URL(fileURLWithPath: cli.directory + "/" + second.lastLine).deletingLastPathComponent().path
        XCTAssertNotEqual(dir, dir2)
        XCTAssertEqual(try String(contentsOfFile: dir + "/history.csv", encoding: .utf8),
                       try String(contentsOfFile: dir2 + "/history.csv", encoding: .utf8))
    }

    func testConfigErrorsNameTheKey() throws {
        let unknown = try cli.write("u.yaml", "lr: 0.1\nepoch: 5\n")
        var r = try cli.run(["--config", unknown])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("u.yaml:2:8") && r.stderr.contains("epoch") && r.stderr.contains("epochs"), r.stderr)
        let wrongType = try cli.write("w.json", "{\"lr\": \"fast\"}")
        r = try cli.run(["--config", wrongType])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("lr") && r.stderr.contains("expected a number"), r.stderr)
        r = try cli.run(["--init", "q=1"])
        XCTAssertEqual(r.status, 2)
        XCTAssert(r.stderr.contains("'q' is not a parameter"), r.stderr)
        XCTAssertEqual(cli.runFolders(), [])
    }

    func testDivergenceWritesTheReportAndExits3() throws {
        let r = try cli.run(["--lr", "10"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssert(r.stderr.contains("diverged"), r.stderr)
        let json = try manifest(cli.directory + "/" + r.lastLine)
        XCTAssertEqual(json["status"] as? String, "diverged")
        let html = try String(contentsOfFile: cli.directory + "/" + r.lastLine, encoding: .utf8)
        XCTAssert(html.contains("Training diverged at epoch"), "divergence not stated in the report")
    }

    /// run.json's `settings` list as a dictionary.
    func settings(_ json: [String: Any]) throws -> [String: Any] {
        let list = try XCTUnwrap(json["settings"] as? [[String: Any]])
        return Dictionary(list.compactMap { pair in (pair["key"] as? String).map { ($0, pair["value"] as Any) } },
                          uniquingKeysWith: { a, _ in a })
    }

    /// One field (`initial`, `final`, `reference`) of run.json's `parameters`, by name.
    func parameters(_ json: [String: Any], _ field: String) throws -> [String: Double] {
        let list = try XCTUnwrap(json["parameters"] as? [[String: Any]])
        return Dictionary(list.compactMap { p in
            guard let name = p["name"] as? String, let v = p[field] as? Double else { return nil }
            return (name, v)
        }, uniquingKeysWith: { a, _ in a })
    }
}
