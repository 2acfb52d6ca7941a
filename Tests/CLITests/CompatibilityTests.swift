import Foundation
import XCTest

/// Run folders written by fitreport 0.2.0 (run.json without `schema_version`, `Fixtures/v1-runs/`) stay readable by
/// `index`, `compare` and `reproduce`.
final class CompatibilityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/v1-runs").path

    var cli: CLIHarness!

    override func setUpWithError() throws {
        cli = try CLIHarness()
        try FileManager.default.createDirectory(atPath: cli.directory + "/output", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixtures, toPath: cli.directory + "/output/runs")
    }

    override func tearDown() { cli.cleanUp() }

    var folders: [String] { cli.runFolders().sorted().map { "output/runs/" + $0 } }

    func testReproduceReproducesDataAndFiguresOfAVersion1Run() throws {
        for folder in folders {
            let r = try cli.run(["reproduce", folder])
            XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
            // The sine run's numbers came from the platform's libm (before 0.5.0): they may differ, said as such and
            // not counted. The quadratic run uses no such function: its numbers must be identical.
            let libm = folder.contains("sine")
            let olderMath = "different (computed with the platform's libm by fitreport before 0.5.0; not counted)"
            // Every figure but `after` (which gained the confidence band in 0.4.0) and those with the x label
            // (drawn as italic mathtext `$x$` since 0.5.0) and the history are identical; the landscape and the
            // trajectories are new.
            let redrawn = ["figures/after.", "figures/dataset.", "figures/before.", "figures/residuals."]
            for line in r.stdout.split(separator: "\n")
            where line.hasPrefix("figures/") || line.hasPrefix("history") || line.hasPrefix("data.csv") {
                if line.contains("new in this fitreport version") {
                    XCTAssert(line.hasPrefix("figures/landscape.") || line.hasPrefix("figures/trajectories."),
                              String(line))
                } else if redrawn.contains(where: { line.hasPrefix($0) }) {
                    XCTAssert(line.hasSuffix("identical") || line.contains("drawn differently by an earlier"),
                              String(line))
                } else if libm {
                    XCTAssert(line.hasSuffix("identical") || line.hasSuffix(olderMath), String(line))
                } else {
                    XCTAssert(line.hasSuffix("identical"), String(line))
                }
            }
            // (The verdict column is as wide as the longest path, figures/trajectories.svg since 0.5.0.)
            XCTAssert(r.stdout.range(of: #"report\.html +different \(laid out or drawn differently by an earlier fitreport"#,
                                     options: .regularExpression) != nil, r.stdout)
        }
    }

    func testIndexAndCompareReadVersion1Runs() throws {
        let index = try cli.run(["index"])
        XCTAssertEqual(index.status, 0, index.stderr)
        let page = try String(contentsOfFile: cli.directory + "/" + index.lastLine, encoding: .utf8)
        XCTAssert(page.contains("v1-fixture") && page.contains("v1-sine"), page)
        XCTAssert(page.contains("a*sin(b*x) + c"), "the model of the v1 run is missing")

        // A v1 run and a new run compare on one page.
        let fresh = try cli.run(["--epochs", "300", "-q"])
        XCTAssertEqual(fresh.status, 0, fresh.stderr)
        let newFolder = (fresh.lastLine as NSString).deletingLastPathComponent
        let compare = try cli.run(["compare", folders[1], newFolder])
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let html = try String(contentsOfFile: cli.directory + "/" + compare.lastLine, encoding: .utf8)
        XCTAssert(html.contains("v1-fixture"), html)
        XCTAssert(html.contains("fits.svg"), "both runs have data, so the fitted-curves figure is drawn")
    }

    func testRunConfigAcceptsAVersion1RunJSON() throws {
        let r = try cli.run(["--config", folders[1] + "/run.json", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let newFolder = cli.directory + "/" + (r.lastLine as NSString).deletingLastPathComponent
        XCTAssertEqual(try String(contentsOfFile: newFolder + "/history.csv", encoding: .utf8),
                       try String(contentsOfFile: cli.directory + "/" + folders[1] + "/history.csv", encoding: .utf8))
    }
}
