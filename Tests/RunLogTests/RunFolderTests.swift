import Foundation
import RunLog
import RunRecord
import XCTest

/// (e) `finish()` writes a normal run folder, and the BlogLoop example reproduces `fitreport run` byte for byte.
final class RunFolderTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "fitreport-runlog-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    private func smallRun(outputRoot: String) -> RunLogger {
        let run = RunLogger(title: "Line fit", outputRoot: outputRoot, warnings: false)
        run.logSettings(["lr": 0.1, "epochs": 20])
        let x = [0.0, 0.5, 1, 1.5, 2], y = [1.0, 2.1, 2.9, 4.2, 5]
        var (a, b) = (0.0, 0.0)
        run.attachData(x: x, y: y)
        run.attachPrediction("y_before", x.map { a * $0 + b })
        for epoch in 0..<20 {
            let r = zip(x, y).map { a * $0 + b - $1 }
            run.log("loss", r.map { $0 * $0 }.reduce(0, +) / 5, step: epoch)
            a -= 0.1 * zip(r, x).map { 2 * $0 * $1 }.reduce(0, +) / 5
            b -= 0.1 * r.map { 2 * $0 }.reduce(0, +) / 5
        }
        run.attachPrediction("y_after", x.map { a * $0 + b })
        run.setParameters(names: ["a", "b"], initial: [0, 0], final: [a, b])
        return run
    }

    func testFinishWritesARunFolder() throws {
        let run = smallRun(outputRoot: directory + "/output")
        let written = try run.finish()
        XCTAssertEqual(written.reportPath, written.directory + "/report.html")
        XCTAssertTrue(written.directory.hasPrefix(directory + "/output/runs/"))
        for file in ["report.html", "run.json", "history.csv", "data.csv", "figures/loss.png", "figures/after.png"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: written.directory + "/" + file), file)
        }
        let history = try String(contentsOfFile: written.directory + "/history.csv", encoding: .utf8)
        XCTAssertTrue(history.hasPrefix("epoch,loss\n0,"), history)
        XCTAssertEqual(history.split(separator: "\n").count, 21)
        let data = try String(contentsOfFile: written.directory + "/data.csv", encoding: .utf8)
        XCTAssertTrue(data.hasPrefix("x,y,y_before,y_after\n"), data)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: written.directory + "/run.json"))) as? [String: Any])
        XCTAssertEqual(json["status"] as? String, "complete")
        XCTAssertEqual((json["source"] as? [String: Any])?["kind"] as? String, "swift-api")

        // Once written, the run is closed: another finish is an error, further logging a recorded problem.
        XCTAssertThrowsError(try run.finish()) {
            XCTAssertEqual($0 as? RunLogError, .alreadyFinished(reportPath: written.reportPath))
        }
        run.log("loss", 0, step: 100)
        XCTAssertEqual(run.problems, [.afterFinish(what: "log")])
    }

    /// Parameter snapshots logged through the API become `params_history.csv` and the trajectories figure; a
    /// snapshot of the wrong length or at a step that does not increase is a recorded problem and dropped.
    func testParameterSnapshotsGiveParamsHistoryAndTrajectories() throws {
        let run = RunLogger(title: "Line fit", outputRoot: directory + "/output", warnings: false)
        var (a, b) = (0.0, 0.0)
        let x = [0.0, 1, 2], y = [1.0, 3, 5]
        run.attachData(x: x, y: y)
        for epoch in 0..<10 {
            run.logParameters([a, b], names: ["a", "b"], step: epoch)
            let r = zip(x, y).map { a * $0 + b - $1 }
            run.log("loss", r.map { $0 * $0 }.reduce(0, +) / 3, step: epoch)
            a -= 0.1 * zip(r, x).map { 2 * $0 * $1 }.reduce(0, +) / 3
            b -= 0.1 * r.map { 2 * $0 }.reduce(0, +) / 3
        }
        run.logParameters([a, b], step: 10)
        run.logParameters([a], step: 11)
        run.logParameters([a, b], step: 3)
        XCTAssertEqual(run.problems, [.parameterCountMismatch(list: "snapshot", count: 1, names: 2),
                                      .stepNotIncreasing(series: "parameters", step: 3, previous: 10)])
        run.attachPrediction("y_after", x.map { a * $0 + b })
        run.setParameters(names: ["a", "b"], initial: [0, 0], final: [a, b])
        let written = try run.finish()
        let csv = try String(contentsOfFile: written.directory + "/params_history.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("epoch,a,b\n0,0.0,0.0\n"), csv)
        XCTAssertEqual(csv.split(separator: "\n").count, 12)
        XCTAssertTrue(FileManager.default.fileExists(atPath: written.directory + "/figures/trajectories.png"))
    }

    func testInterruptedRunSaysSo() throws {
        let written = try smallRun(outputRoot: directory + "/output").finish(status: .interrupted(epoch: 19))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: written.directory + "/run.json"))) as? [String: Any])
        XCTAssertEqual(json["status"] as? String, "interrupted")
    }

    func testUnwritableOutputLeavesTheRunOpen() throws {
        let blocker = directory + "/file"
        XCTAssertTrue(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        let run = smallRun(outputRoot: blocker + "/output")
        XCTAssertThrowsError(try run.finish())
        XCTAssertEqual(run.problems, [])
        run.log("loss", 0.5, step: 20)  // still open
        XCTAssertEqual(run.problems, [])
    }

    // MARK: - The example against the CLI

    /// Folder of the built executables (beside the test bundle).
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    /// Runs a built product in `directory` and returns its last line of output.
    func runProduct(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent(name)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = nil
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(name): \(errors)")
        return output.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// The example program, written by hand with `Objective` and `RunLogger`, writes the same history.csv,
    /// data.csv and reference.csv as `fitreport run` with its defaults.
    func testBlogLoopExampleMatchesFitreportRunByteForByte() throws {
        let example = try runProduct("BlogLoop", ["--out", "example"])
        let builtIn = try runProduct("fitreport", ["run", "--out", "cli", "--quiet"])
        XCTAssertTrue(example.hasPrefix("example/runs/") && example.hasSuffix("/report.html"), example)
        XCTAssertTrue(builtIn.hasPrefix("cli/runs/"), builtIn)
        let exampleDir = directory + "/" + (example as NSString).deletingLastPathComponent
        let builtInDir = directory + "/" + (builtIn as NSString).deletingLastPathComponent
        for file in ["history.csv", "data.csv", "reference.csv"] {
            let mine = try Data(contentsOf: URL(fileURLWithPath: exampleDir + "/" + file))
            let theirs = try Data(contentsOf: URL(fileURLWithPath: builtInDir + "/" + file))
            XCTAssertEqual(mine.count, theirs.count, file)
            XCTAssertTrue(mine == theirs, "\(file) differs")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: exampleDir + "/figures/loss.png"))
    }
}
