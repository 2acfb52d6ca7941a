import Foundation
import XCTest

/// A sweep run through a real one-node Slurm cluster on this host (`scripts/slurm-single-node.sh`: munged,
/// slurmctld and slurmd as root, everything in a temporary folder). Runs when Slurm is installed; with
/// `FITREPORT_SLURM_TESTS` set (as `.ci/run` does) a missing Slurm or a daemon that does not start is a failure,
/// not a skip.
final class SlurmSweepTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/slurm-single-node.sh").path

    /// True when `name` is an executable on PATH or in /usr/sbin, /sbin.
    static func installed(_ name: String) -> Bool {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    func testSweepRunsAsASlurmJobArrayAndIsCollected() throws {
        let required = ProcessInfo.processInfo.environment["FITREPORT_SLURM_TESTS"] != nil
        let missing = ["munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo"]
            .filter { !Self.installed($0) }
        if !missing.isEmpty {
            if required {
                return XCTFail("FITREPORT_SLURM_TESTS is set but \(missing.joined(separator: ", ")) are missing: "
                               + "apt-get install -y slurm-wlm munge")
            }
            throw XCTSkip("Slurm is not installed (apt-get install -y slurm-wlm munge); set FITREPORT_SLURM_TESTS "
                          + "to make this a failure")
        }
        if getuid() != 0 {
            if required { return XCTFail("the Slurm test starts slurmd and needs root") }
            throw XCTSkip("the Slurm test starts slurmd and needs root")
        }

        // --- a one-node cluster; stopped by pid however the test ends, and nothing of it may stay.
        let cluster = cli.directory + "/cluster"
        let started = Date()
        addTeardownBlock { [cli] in
            let pids = ["munged", "slurmctld", "slurmd"].compactMap { name in
                (try? String(contentsOfFile: cluster + "/run/\(name).pid", encoding: .utf8))
                    .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            }
            let stop = try? cli!.run(["stop", cluster], executable: "/bin/bash", prefix: [Self.script])
            XCTAssertEqual(stop?.status, 0, stop?.stderr ?? "")
            for pid in pids { XCTAssertNotEqual(kill(pid, 0), 0, "daemon \(pid) still running") }
            let left = try? cli!.run(["-f", cluster], executable: "/usr/bin/pgrep")
            XCTAssertEqual(left?.stdout ?? "", "", "processes of the test cluster still running")
        }
        let start = try cli.run(["start", cluster], executable: "/bin/bash", prefix: [Self.script])
        guard start.status == 0 else {
            return XCTFail("the test cluster did not start (exit \(start.status)):\n\(start.stderr)")
        }
        let env = ["SLURM_CONF": cluster + "/slurm.conf"]
        print("slurm: cluster up after \(String(format: "%.1f", Date().timeIntervalSince(started))) s")

        // --- a 2×3 sweep; lr 1.5 for 200 epochs diverges (for 3 and 5 epochs it does not yet).
        let sweepArgs = ["sweep", "--lr", "1e-2,1.5", "--epochs", "5,200,3", "--format", "svg"]
        let submit = try cli.run(sweepArgs + ["--slurm", "--max-parallel", "2", "--time", "00:05:00",
                                              "--fitreport-path", CLIHarness.binary.path], environment: env)
        XCTAssertEqual(submit.status, 0, submit.stderr)
        let job = submit.lastLine
        XCTAssert(!job.isEmpty && job.allSatisfy(\.isNumber), "job id: \(submit.stdout)")
        let sweep = try cli.sweepFolder()
        let id = URL(fileURLWithPath: sweep).lastPathComponent
        XCTAssertEqual(try String(contentsOfFile: sweep + "/slurm-job-id", encoding: .utf8), job + "\n")

        // --- wait (at most 5 minutes) until every member has ended.
        let submitted = Date()
        var status = try cli.run(["sweep", "status", id], environment: env)
        var sawQueued = status.stdout.contains("pending") || status.stdout.contains("running")
        while Date().timeIntervalSince(submitted) < 300 {
            let results = (try? FileManager.default.contentsOfDirectory(atPath: sweep + "/results")) ?? []
            if results.filter({ !$0.hasPrefix(".") }).count == 6 { break }
            Thread.sleep(forTimeInterval: 0.5)
            status = try cli.run(["sweep", "status", id], environment: env)
            sawQueued = sawQueued || status.stdout.contains("pending") || status.stdout.contains("running")
        }
        let waited = Date().timeIntervalSince(submitted)
        print("slurm: job \(job) ran its 6 members in \(String(format: "%.1f", waited)) s")
        XCTAssertLessThan(waited, 300, "the job array did not finish within 5 minutes:\n\(status.stdout)")
        XCTAssert(sawQueued, "status never showed a queued or running member")

        // --- collect: six member runs, a comparison linking all six, the diverged member with its log.
        let collect = try cli.run(["sweep", "collect", id], environment: env)
        XCTAssertEqual(collect.status, 5, "one member failed: " + collect.stderr)
        let log = "output/sweeps/\(id)/logs/member-4.out"
        XCTAssert(collect.stdout.contains("lr=1.5_epochs=200   failed (exit 3, run diverged)  log: \(log)"),
                  collect.stdout)
        XCTAssert(collect.stdout.contains("6 members: 5 complete, 1 failed"), collect.stdout)
        let logText = try String(contentsOfFile: cli.directory + "/" + log, encoding: .utf8)
        XCTAssert(logText.contains("training diverged"), logText)
        XCTAssert(logText.contains("on \(ProcessInfo.processInfo.hostName.split(separator: ".")[0])"), logText)

        let links = try cli.reportLinks(ofPage: collect.lastLine)
        XCTAssertEqual(links.count, 6, collect.lastLine)
        let members = try JSONDecoder().decode(Plan.self, from: Data(contentsOf: URL(fileURLWithPath: sweep
            + "/sweep.json"))).members
        XCTAssertEqual(members.map(\.name), ["lr=1e-2_epochs=5", "lr=1e-2_epochs=200", "lr=1e-2_epochs=3",
                                            "lr=1.5_epochs=5", "lr=1.5_epochs=200", "lr=1.5_epochs=3"])
        for (member, link) in zip(members, links) {
            XCTAssert(FileManager.default.fileExists(atPath: link), link)
            let folderName = member.name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "=", with: "-")
            XCTAssert(link.hasSuffix("-" + folderName + "/report.html"),
                      "grid order: \(link)")
            let slurmRun = cli.runFolder(ofReport: link)
            let local = try cli.runMemberLocally(config: sweep + "/" + member.config, name: member.name)
            let hashes = try cli.dataAndFigureHashes(slurmRun)
            XCTAssertEqual(hashes, try cli.dataAndFigureHashes(local), member.name)
            XCTAssert(hashes.keys.contains("data.csv") && hashes.keys.contains("figures/loss.svg"))
        }
        // Collecting again is safe and gives the same page.
        let again = try cli.run(["sweep", "collect", id], environment: env)
        XCTAssertEqual(again.lastLine, collect.lastLine)
        XCTAssertEqual(try cli.reportLinks(ofPage: again.lastLine), links)
        print("slurm: whole test \(String(format: "%.1f", Date().timeIntervalSince(started))) s before shutdown")
    }

    /// The parts of sweep.json this test reads.
    struct Plan: Decodable {
        struct Member: Decodable { var name: String; var config: String }
        var members: [Member]
    }
}
