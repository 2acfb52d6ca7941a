import Foundation
import XCTest

/// `fitreport sweep --slurm --dry-run`, the job script run by hand (as Slurm would run each array task), and
/// `sweep status` / `sweep collect` — everything of the Slurm flow that needs no Slurm.
final class SweepPlanTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    /// A 2×3 dry-run plan: lr 1e-2 and 50 (50 diverges) × seeds 1–3.
    func makePlan(_ extra: [String] = []) throws -> String {
        let r = try cli.run(["sweep", "--lr", "1e-2,50", "--seed", "1,2,3", "--epochs", "120", "--format", "svg",
                             "--slurm", "--dry-run", "--fitreport-path", CLIHarness.binary.path] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.lastLine.hasSuffix("/sweep.sbatch"), r.lastLine)
        return try cli.sweepFolder()
    }

    /// Runs array task `index` of the plan's script with bash, as slurmd would.
    @discardableResult
    func runTask(_ sweep: String, _ index: Int) throws -> CLIHarness.Result {
        try cli.run([sweep + "/sweep.sbatch"], environment: ["SLURM_ARRAY_TASK_ID": "\(index)"],
                    executable: "/bin/bash")
    }

    func testDryRunWritesMembersGridCommandAndAJobArrayScript() throws {
        let sweep = try makePlan(["--partition", "short", "--time", "00:10:00", "--cpus-per-task", "2",
                                  "--max-parallel", "2", "--sbatch-arg=--mem=1G"])
        let id = URL(fileURLWithPath: sweep).lastPathComponent
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: sweep + "/sweep.json"))) as? [String: Any])
        XCTAssertEqual(manifest["sweep_id"] as? String, id)
        XCTAssert((manifest["command"] as? String)?.hasPrefix("fitreport sweep --lr 1e-2,50 --seed 1,2,3") ?? false)
        let grid = try XCTUnwrap(manifest["grid"] as? [[String: Any]])
        XCTAssertEqual(grid.first?["values"] as? [String], ["1e-2", "50"])
        let members = try XCTUnwrap(manifest["members"] as? [[String: Any]])
        XCTAssertEqual(members.map { $0["name"] as? String }, ["lr=1e-2_seed=1", "lr=1e-2_seed=2", "lr=1e-2_seed=3",
                                                             "lr=50_seed=1", "lr=50_seed=2", "lr=50_seed=3"])
        let script = try String(contentsOfFile: sweep + "/sweep.sbatch", encoding: .utf8)
        for line in ["#SBATCH --array=0-5%2", "#SBATCH --output=\(sweep)/logs/member-%a.out",
                     "#SBATCH --chdir=\(cli.directory)", "#SBATCH --partition=short", "#SBATCH --time=00:10:00",
                     "#SBATCH --cpus-per-task=2", "#SBATCH --mem=1G"] {
            XCTAssert(script.contains(line + "\n"), line)
        }
        XCTAssert(script.contains("--threads 2"), "the members use the CPUs they get")
        XCTAssertFalse(FileManager.default.fileExists(atPath: sweep + "/slurm-job-id"), "not submitted")
        // A member's settings file reruns it: the same data and figures as the sequential sweep's member.
        let member = try cli.runMemberLocally(config: sweep + "/members/4.json", name: "lr=50_seed=2")
        let sequential = try cli.run(["sweep", "--lr", "50", "--seed", "2", "--epochs", "120", "--format", "svg",
                                      "--out", "seq"])
        let seqRun = try XCTUnwrap(cli.reportLinks(ofPage: sequential.lastLine).first)
        XCTAssertEqual(try cli.dataAndFigureHashes(member), try cli.dataAndFigureHashes(cli.runFolder(ofReport: seqRun)))
    }

    func testCollectGathersFinishedMembersListsTheRestAndIsSafeToRepeat() throws {
        let sweep = try makePlan()
        let id = URL(fileURLWithPath: sweep).lastPathComponent
        for task in [0, 1, 3] { try runTask(sweep, task) }
        let early = try cli.run(["sweep", "collect", id])
        XCTAssertEqual(early.status, 5, early.stderr)
        XCTAssert(early.lastLine.hasSuffix("/sweeps/\(id)/comparison/compare.html"), early.lastLine)
        XCTAssertEqual(try cli.reportLinks(ofPage: early.lastLine).count, 3)
        for task in [2, 4, 5] {
            XCTAssert(early.stdout.contains("  \(task)  ") && early.stdout.contains("logs/member-\(task).out"),
                      early.stdout)
        }
        XCTAssert(early.stdout.contains("failed (exit 3, run diverged)  log: \(sweep)/logs/member-3.out")
                  || early.stdout.contains("log: output/sweeps/\(id)/logs/member-3.out"), early.stdout)

        for task in [2, 4, 5] { try runTask(sweep, task) }
        let status = try cli.run(["sweep", "status", id])
        XCTAssertEqual(status.status, 5, "two members diverged")
        XCTAssert(status.lastLine.hasSuffix("6 members: 3 complete, 3 failed"), status.lastLine)
        for _ in 0..<2 {
            let r = try cli.run(["sweep", "collect", "output/sweeps/\(id)"])
            XCTAssertEqual(r.status, 5)
            let links = try cli.reportLinks(ofPage: r.lastLine)
            XCTAssertEqual(links.count, 6)
            for (i, link) in links.enumerated() {
                XCTAssert(FileManager.default.fileExists(atPath: link), link)
                XCTAssert(link.hasSuffix("seed-\(i % 3 + 1)/report.html"), "grid order: \(link)")
            }
            XCTAssert(r.stdout.contains("output/index.html"))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: sweep)
        XCTAssertEqual(names.filter { $0.hasPrefix(".") }, [], "no staging left behind")
    }

    func testAllMembersCompleteExitsZero() throws {
        let r = try cli.run(["sweep", "--lr", "1e-3,1e-2", "--epochs", "50", "--format", "svg", "--slurm",
                             "--dry-run", "--fitreport-path", CLIHarness.binary.path, "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 1, "quiet: only the script's path")
        let sweep = try cli.sweepFolder()
        for task in 0..<2 { XCTAssertEqual(try runTask(sweep, task).status, 0) }
        let status = try cli.run(["sweep", "status", URL(fileURLWithPath: sweep).lastPathComponent])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        let collect = try cli.run(["sweep", "collect", sweep])
        XCTAssertEqual(collect.status, 0, collect.stderr)
    }

    func testTheScriptSaysWhenFitreportIsNotOnTheNode() throws {
        let r = try cli.run(["sweep", "--lr", "1e-3,1e-2", "--epochs", "50", "--slurm", "--dry-run",
                             "--fitreport-path", "/nonexistent/fitreport"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let sweep = try cli.sweepFolder()
        let task = try runTask(sweep, 1)
        XCTAssertEqual(task.status, 127)
        XCTAssert(task.stderr.contains("put fitreport on the nodes' PATH or pass --fitreport-path"), task.stderr)
        let status = try cli.run(["sweep", "status", sweep])
        XCTAssert(status.stdout.contains("failed (exit 127, fitreport not found on the node)"), status.stdout)
    }

    func testBadSlurmInput() throws {
        let base = ["sweep", "--lr", "1e-3,1e-2", "--epochs", "10"]
        let noSbatch = try cli.run(base + ["--slurm"], environment: ["PATH": "/nonexistent"])
        XCTAssertEqual(noSbatch.status, 2)
        XCTAssert(noSbatch.stderr.contains("sbatch, which is not on PATH"), noSbatch.stderr)
        XCTAssert(noSbatch.stderr.contains("--dry-run") && noSbatch.stderr.contains("--print-commands"))
        for time in ["1:2:3:4", "10:75", "00:61:00", "soon", "1-", "-5"] {
            let r = try cli.run(base + ["--slurm", "--dry-run", "--time=\(time)"])
            XCTAssertEqual(r.status, 2, time)
            XCTAssert(r.stderr.contains("is not a Slurm duration"), r.stderr)
        }
        for time in ["30", "30:00", "01:30:00", "2-12", "2-12:30", "2-12:30:00", "UNLIMITED"] {
            let r = try cli.run(base + ["--slurm", "--dry-run", "--time", time, "-q"])
            XCTAssertEqual(r.status, 0, "\(time): \(r.stderr)")
        }
        try FileManager.default.removeItem(atPath: cli.directory + "/output")
        let notSlurm = try cli.run(base + ["--partition", "short"])
        XCTAssertEqual(notSlurm.status, 2)
        XCTAssert(notSlurm.stderr.contains("add --slurm"), notSlurm.stderr)
        _ = try cli.write("file", "not a folder")
        let unwritable = try cli.run(base + ["--slurm", "--dry-run", "--out", "file/out"])
        XCTAssertEqual(unwritable.status, 4, unwritable.stderr)
        XCTAssert(unwritable.stderr.contains("--out"), unwritable.stderr)
        for command in ["status", "collect"] {
            let r = try cli.run(["sweep", command, "20990101T000000Z-nothere"])
            XCTAssertEqual(r.status, 2)
            XCTAssert(r.stderr.contains("no sweep '20990101T000000Z-nothere'"), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.directory + "/output"))
    }

    /// `--out` (and `--templates`) after `status`/`collect` and the id: `sweep`'s own options are parsed first and
    /// took them, so the subcommands looked in ./output instead.
    func testStatusAndCollectFindTheSweepUnderOutGivenAfterTheID() throws {
        let r = try cli.run(["sweep", "--lr", "1e-2,2e-2", "--epochs", "20", "--format", "svg", "--out", "elsewhere",
                             "--slurm", "--dry-run", "--fitreport-path", CLIHarness.binary.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let id = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: cli.directory + "/elsewhere/sweeps")
            .first)
        for command in [["sweep", "status", id, "--out", "elsewhere"], ["sweep", "--out", "elsewhere", "status", id],
                        ["sweep", "collect", id, "--out", "elsewhere"]] {
            let result = try cli.run(command)
            XCTAssertEqual(result.status, 5, "\(command): \(result.stderr)")
            XCTAssert(result.stdout.contains("sweep \(id): 2 members: 2 missing"), "\(command): \(result.stdout)")
        }
        XCTAssert(FileManager.default.fileExists(atPath: cli.directory + "/elsewhere/index.html"), "collect's index")
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.directory + "/output"))
    }
}
