import Foundation
import XCTest

/// `fitreport sweep --jobs N`: members in parallel child processes, the same runs as a sequential sweep.
final class SweepJobsTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    func testParallelSweepMakesTheSameRunsAsASequentialOneAndComparesInGridOrder() throws {
        let grid = ["sweep", "--lr", "1e-3,1e-2", "--seed", "1,2,3", "--epochs", "150", "--format", "svg"]
        let sequential = try cli.run(grid + ["--out", "seq"])
        XCTAssertEqual(sequential.status, 0, sequential.stderr)
        let parallel = try cli.run(grid + ["--out", "par", "--jobs", "3"])
        XCTAssertEqual(parallel.status, 0, parallel.stderr)
        XCTAssertEqual(parallel.stdout.split(separator: "\n").filter { $0.hasPrefix("[") }.count, 6)

        let seqLinks = try cli.reportLinks(ofPage: sequential.lastLine)
        let parLinks = try cli.reportLinks(ofPage: parallel.lastLine)
        XCTAssertEqual(parLinks.count, 6)
        // Grid order: the last key varies fastest, whatever order the children finished in.
        let names = ["lr=1e-3_seed=1", "lr=1e-3_seed=2", "lr=1e-3_seed=3", "lr=1e-2_seed=1", "lr=1e-2_seed=2",
                     "lr=1e-2_seed=3"]
        for (link, name) in zip(parLinks, names) {
            let folder = name.replacingOccurrences(of: "=", with: "-").replacingOccurrences(of: ".", with: "-")
            XCTAssert(link.hasSuffix("-" + folder + "/report.html"), link)
        }
        for (a, b) in zip(seqLinks, parLinks) {
            let hashes = try cli.dataAndFigureHashes(cli.runFolder(ofReport: a))
            XCTAssertEqual(hashes, try cli.dataAndFigureHashes(cli.runFolder(ofReport: b)))
            XCTAssert(hashes.keys.contains("figures/loss.svg") && hashes.keys.contains("data.csv"), "\(hashes.keys)")
        }
    }

    func testParallelSweepKeepsADivergedMemberAsASequentialSweepDoes() throws {
        let r = try cli.run(["sweep", "--lr", "1e-3,50", "--epochs", "200", "--jobs", "2", "--format", "svg"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try cli.reportLinks(ofPage: r.lastLine).count, 2)
        XCTAssert(r.stderr.contains("diverged"), r.stderr)
    }

    func testBadGridValuesStopBeforeAnythingIsWritten() throws {
        for (args, needle) in [(["--lr", "1e-3,"], "--lr: the list '1e-3,' has an empty value"),
                               (["--lr", "1e-3,,1e-2"], "empty value"),
                               (["--optimizer", "sgd,adamw"], "adamw"),
                               (["--lr", "1e-3,fast"], "--lr: expected a number, got 'fast'")] {
            for mode in [["--jobs", "2"], ["--slurm", "--dry-run"], []] {
                let r = try cli.run(["sweep", "--epochs", "10"] + args + mode)
                XCTAssertEqual(r.status, 2, "\(args) \(mode): \(r.stderr)")
                XCTAssert(r.stderr.contains(needle), "\(args) \(mode): \(r.stderr)")
                XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
                XCTAssertFalse(FileManager.default.fileExists(atPath: cli.directory + "/output"), "\(args) \(mode)")
            }
        }
        let both = try cli.run(["sweep", "--lr", "1,2", "--jobs", "2", "--slurm", "--dry-run"])
        XCTAssertEqual(both.status, 2)
        XCTAssert(both.stderr.contains("--max-parallel"), both.stderr)
    }
}
