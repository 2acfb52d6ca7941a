import Foundation
import XCTest

/// Runs made on several machines and copied together into one `output/runs/` form one archive: indexed, compared,
/// reproduced and collected into their sweep like runs made in one place.
final class ArchiveMergeTests: XCTestCase {
    var machineA: CLIHarness!
    var machineB: CLIHarness!

    override func setUpWithError() throws {
        machineA = try CLIHarness()
        machineB = try CLIHarness()
    }

    override func tearDown() {
        machineA.cleanUp()
        machineB.cleanUp()
    }

    /// Copies every run folder of machine B's output/runs into machine A's.
    func copyRunsFromBToA() throws {
        let fm = FileManager.default
        let from = machineB.directory + "/output/runs", to = machineA.directory + "/output/runs"
        try fm.createDirectory(atPath: to, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: from) {
            XCTAssertFalse(fm.fileExists(atPath: to + "/" + name), "run id \(name) made on both machines")
            try fm.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
        }
    }

    func testPrintedCommandsRunOnTwoMachinesIndexAndCompareAsOneArchive() throws {
        let commands = try machineA.run(["sweep", "--lr", "1e-3,1e-2", "--seed", "1,2", "--epochs", "80",
                                         "--format", "svg", "--print-commands"])
        let lines = commands.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        for (i, line) in lines.enumerated() {
            // `fitreport run … --out output …`: the first two on A, the others on B, as `parallel` would.
            let machine = i < 2 ? machineA! : machineB!
            let r = try machine.run([line.replacingOccurrences(of: "fitreport ", with: CLIHarness.binary.path + " ")],
                                    executable: "/bin/sh", prefix: ["-c"])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try copyRunsFromBToA()

        let index = try machineA.run(["index"])
        XCTAssertEqual(index.status, 0, index.stderr)
        let page = try String(contentsOfFile: machineA.directory + "/output/index.html", encoding: .utf8)
        let runs = machineA.runFolders().filter { !$0.hasPrefix(".") }
        XCTAssertEqual(runs.count, 4)
        for run in runs { XCTAssert(page.contains("runs/\(run)/report.html"), run) }

        let compare = try machineA.run(["compare"] + runs.sorted().map { "output/runs/" + $0 })
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let links = try machineA.reportLinks(ofPage: compare.lastLine)
        XCTAssertEqual(links.count, 4)
        for link in links { XCTAssert(FileManager.default.fileExists(atPath: link), link) }

        let fromB = try XCTUnwrap(runs.first { $0.contains("lr-1e-2") })
        let reproduce = try machineA.run(["reproduce", "output/runs/" + fromB])
        XCTAssertEqual(reproduce.status, 0, reproduce.stdout)
    }

    func testASweepWhoseMembersRanOnTwoMachinesIsCollectedOnceTheRunsAreCopied() throws {
        let plan = try machineA.run(["sweep", "--lr", "1e-3,1e-2", "--seed", "1,2", "--epochs", "60",
                                     "--format", "svg", "--slurm", "--dry-run",
                                     "--fitreport-path", CLIHarness.binary.path])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let sweep = try machineA.sweepFolder()
        // The sweep folder is shared (its path is absolute in the script); each machine writes its own output/runs.
        for task in 0..<4 {
            let machine = task < 2 ? machineA! : machineB!
            let r = try machine.run([sweep + "/sweep.sbatch"], environment: ["SLURM_ARRAY_TASK_ID": "\(task)"],
                                    executable: "/bin/bash")
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let before = try machineA.run(["sweep", "collect", sweep])
        XCTAssertEqual(before.status, 5)
        XCTAssert(before.stdout.contains("4 members: 2 complete, 2 missing"), before.stdout)
        XCTAssert(before.stdout.contains("which is not there (copy the run folders together with the sweep)"),
                  before.stdout)

        try copyRunsFromBToA()
        let after = try machineA.run(["sweep", "collect", sweep])
        XCTAssertEqual(after.status, 0, after.stdout + after.stderr)
        XCTAssertEqual(try machineA.reportLinks(ofPage: after.lastLine).count, 4)
        let index = try String(contentsOfFile: machineA.directory + "/output/index.html", encoding: .utf8)
        XCTAssert(index.contains(">4 runs ·"), "index lists the four runs")
    }
}
