import Foundation
import Plotting
import XCTest

/// `fitreport fit` and the reference fit in every run's report.
final class FitCommandTests: XCTestCase {
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

    static let nist = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TrainingTests/Data/nist-nls")

    /// NIST Misra1a by `fit` from start 1: the certified estimates and standard deviations in run.json.
    func testFitReachesTheCertifiedValues() throws {
        let r = try cli.run(["fit", "--data", Self.nist.appendingPathComponent("Misra1a.csv").path,
                             "--model", "b1*(1 - exp(-b2*x))", "--init", "b1=500,b2=0.0001", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try manifest(folder(r))
        let parameters = try XCTUnwrap(json["parameters"] as? [[String: Any]])
        let estimates = parameters.compactMap { $0["reference"] as? Double }
        let errors = parameters.compactMap { $0["standard_error"] as? Double }
        func lre(_ value: Double, _ certified: Double) -> Double { -log10(abs(value - certified) / abs(certified)) }
        XCTAssertEqual(estimates.count, 2)
        XCTAssertEqual(errors.count, 2)
        guard estimates.count == 2, errors.count == 2 else { return }
        XCTAssertGreaterThanOrEqual(lre(estimates[0], 238.94212918), 6)
        XCTAssertGreaterThanOrEqual(lre(estimates[1], 0.00055015643181), 6)
        XCTAssertGreaterThanOrEqual(lre(errors[0], 2.7070075241), 4)
        XCTAssertGreaterThanOrEqual(lre(errors[1], 7.2668688436e-06), 4)
        // No training: no loss figure, the fitted curve with its band in `after`.
        let dir = folder(r)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/figures/loss.png"))
        XCTAssertNoThrow(try RasterImage(pngFile: dir + "/figures/after.png"))
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("±"), "estimates with standard errors")
        XCTAssert(html.contains("Levenberg–Marquardt"))
    }

    /// Every run's report: a nonlinear model gets its reference, the distance in standard errors and a band.
    func testRunOfANonlinearModelHasAReferenceWithErrorBars() throws {
        let r = try cli.run(["--model", "a*sin(b*x) + c", "--generate", "3*sin(2*x) + 0.5", "--noise", "0.1",
                             "--points", "200", "--x-range", "0:6", "--init", "a=1,b=1.9,c=0", "--optimizer", "adam",
                             "--lr", "0.05", "--epochs", "300", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(r)
        let json = try manifest(dir)
        XCTAssertNotNil(json["correlations"])
        let summary = try XCTUnwrap(json["summary"] as? String)
        XCTAssert(summary.contains("standard errors"), summary)
        let reference = try String(contentsOfFile: dir + "/reference.csv", encoding: .utf8)
        XCTAssert(reference.split(separator: "\n")[0].contains("band"), String(reference.prefix(80)))
    }

    /// a and c multiply the same curve: the report says which parameters the data do not determine and prints no
    /// error bars.
    func testPoorlyDeterminedParametersAreStatedPlainly() throws {
        let r = try cli.run(["fit", "--generate", "2*exp(-x)", "--x-range", "0:3", "--noise", "0.05",
                             "--model", "a*exp(-b*x) + c*exp(-b*x)", "--init", "a=1,b=1,c=1", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(r)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("Poorly determined: The data do not determine c separately from a and b"), "named")
        let parameters = try XCTUnwrap(try manifest(dir)["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.compactMap { $0["standard_error"] }.count, 0, "no meaningless error bars")
        XCTAssertNil(try manifest(dir)["correlations"])
    }

    func testFitWithFewerRowsThanParametersIsBadInput() throws {
        _ = try cli.write("d.csv", "x,y\n1,2\n2,3\n")
        let r = try cli.run(["fit", "--data", "d.csv", "--model", "a*x^2 + b*x + c"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssert(r.stderr.contains("2 data rows") && r.stderr.contains("3 parameters"), r.stderr)
        XCTAssertEqual(cli.runFolders(), [])
        // `run` trains anyway and says why there is no reference.
        let run = try cli.run(["--data", "d.csv", "--model", "a*x^2 + b*x + c", "--epochs", "10", "-q"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let html = try String(contentsOfFile: folder(run) + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("No reference fit"), "the note says why")
    }

    /// The README's honest gradient-descent example: Adam with a cosine schedule on NIST DanWood reaches the
    /// certified values to LRE ≥ 4.
    func testAdamWithCosineScheduleReachesDanWoodsCertifiedValues() throws {
        let r = try cli.run(["--data", Self.nist.appendingPathComponent("DanWood.csv").path, "--model", "b1*x^b2",
                             "--init", "b1=1,b2=5", "--optimizer", "adam", "--lr", "0.01", "--lr-schedule",
                             "cosine:1e-7", "--epochs", "20000", "--format", "svg", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let parameters = try XCTUnwrap(try manifest(folder(r))["parameters"] as? [[String: Any]])
        let trained = parameters.compactMap { $0["final"] as? Double }
        XCTAssertEqual(trained.count, 2)
        guard trained.count == 2 else { return }
        let lre = min(-log10(abs(trained[0] - 0.76886226176) / 0.76886226176),
                      -log10(abs(trained[1] - 3.8604055871) / 3.8604055871))
        XCTAssertGreaterThanOrEqual(lre, 4)
    }
}
