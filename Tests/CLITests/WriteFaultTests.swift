import Foundation
import XCTest

/// Every command that writes (run, import, index, compare, sweep in this process, with `--jobs` and as a Slurm plan,
/// and `sweep collect`) on a full disk and on a read-only folder: exit 4 with one message, nothing half-written (no
/// visible folder, no staging folder, no temporary file left), and nothing written earlier changed. The faults are
/// real: a small tmpfs mounted by the test (root only; skipped with a message otherwise), filled up or remounted
/// read-only.
final class WriteFaultTests: XCTestCase {
    var cli: CLIHarness!
    var mountPoint: String?

    override func setUpWithError() throws { cli = try CLIHarness() }

    override func tearDown() {
        if let mountPoint { _ = Self.shell("/bin/umount", [mountPoint]) }
        cli.cleanUp()
    }

    @discardableResult
    static func shell(_ tool: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// A tmpfs of `kilobytes` at <scratch>/disk; skips the test when it cannot be mounted.
    private func mountDisk(kilobytes: Int) throws -> String {
        let path = cli.directory + "/disk"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = Self.shell("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", path])
        guard result.status == 0 else {
            throw XCTSkip("cannot mount a tmpfs for the write-fault tests (needs root or CAP_SYS_ADMIN): \(result.output)")
        }
        mountPoint = path
        return path
    }

    /// Every file under `folder` with its bytes.
    static func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + relative) { files[relative] = data }
        }
        return files
    }

    /// A first run and an index in `out`, a Slurm plan whose two members ran and were collected, then `fault`, then
    /// every writing command must fail cleanly.
    private func assertEveryWriterFailsCleanly(fault: (String) throws -> Void, words: [String]) throws {
        let disk = try mountDisk(kilobytes: 1500)
        let out = disk + "/output"
        let first = try cli.run(["--epochs", "20", "--points", "20", "--quiet", "--format", "svg", "--out", out])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try cli.run(["index", "--out", out]).status, 0)
        let run = out + "/runs/" + (try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").first))
        let sweep = ["sweep", "--lr", "1e-2,2e-2", "--epochs", "20", "--points", "20", "--format", "svg", "--quiet",
                     "--out", out]
        let slurm = ["--slurm", "--dry-run", "--fitreport-path", CLIHarness.binary.path]
        let plan = try cli.run(sweep + slurm)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let sweepID = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out + "/sweeps").first)
        for task in 0..<2 {
            let r = try cli.run([out + "/sweeps/" + sweepID + "/sweep.sbatch"],
                                environment: ["SLURM_ARRAY_TASK_ID": "\(task)"], executable: "/bin/bash")
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let collected = try cli.run(["sweep", "collect", sweepID, "--out", out])
        XCTAssertEqual(collected.status, 0, collected.stderr)
        XCTAssert(FileManager.default.fileExists(atPath: out + "/sweeps/" + sweepID + "/comparison/compare.html"))
        let before = Self.snapshot(out)
        try fault(disk)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ImportTests/Fixtures/plain/history.csv").standardizedFileURL.path
        let commands: [[String]] = [
            ["run", "--epochs", "20", "--points", "20", "--quiet", "--out", out],
            ["import", fixture, "--out", out],
            ["index", "--out", out],
            ["compare", run, run, "--out", out],
            sweep,
            sweep + ["--jobs", "2"],
            sweep + slurm,
            ["sweep", "collect", sweepID, "--out", out],
        ]
        for command in commands {
            let r = try cli.run(command)
            let name = command.prefix(while: { !$0.hasPrefix("-") || $0 == "--jobs" || $0 == "--slurm" })
                .joined(separator: " ")
            XCTAssertEqual(r.status, 4, "\(name): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(name) prints one message: \(r.stderr)")
            XCTAssert(r.stderr.contains("cannot write") && words.contains { r.stderr.contains($0) }, "\(name): \(r.stderr)")
            XCTAssertEqual(Self.snapshot(out), before, "\(name) changed or left files in the output folder")
        }
    }

    func testFullDisk() throws {
        try assertEveryWriterFailsCleanly(fault: { disk in
            // Fill the disk: write until ENOSPC.
            let handle = try XCTUnwrap(FileHandle(forWritingAtPath: {
                _ = FileManager.default.createFile(atPath: disk + "/filler", contents: nil)
                return disk + "/filler"
            }()))
            let block = Data(count: 4096)
            while (try? handle.write(contentsOf: block)) != nil {}
            try? handle.close()
        }, words: ["space"])
    }

    func testReadOnlyFolder() throws {
        try assertEveryWriterFailsCleanly(fault: { disk in
            let r = Self.shell("/bin/mount", ["-o", "remount,ro", disk])
            XCTAssertEqual(r.status, 0, r.output)
        }, words: ["Read-only", "read only"])
    }
}

/// `run` whose output folder is removed, or moved away and replaced, while it trains: exit 4 with one message naming
/// the folder and what to do, nothing made in its place, and the earlier runs (in the moved folder) byte for byte as
/// they were.
final class OutputFolderRemovedTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    /// Starts a run far too long to finish by itself, waits (polling, so load only makes it slower) until it logs
    /// that training began, applies `change`, then stops training with one SIGINT, after which the run writes its
    /// folder as interrupted. Returns the exit status and the stderr lines other than `--verbose`'s log lines and the
    /// SIGINT's notice.
    private func runChangingTheFolder(out: String, _ change: () throws -> Void) throws
        -> (status: Int32, messages: [String])
    {
        let log = cli.directory + "/stderr.txt"
        XCTAssert(FileManager.default.createFile(atPath: log, contents: nil))
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["run", "--epochs", "100000000", "--points", "20", "--format", "svg", "--quiet",
                             "--verbose", "--out", out]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        let deadline = Date().addingTimeInterval(300)
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("] training") {
            guard process.isRunning, Date() < deadline else {
                XCTFail("the run did not start training: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                return (-1, [])
            }
            usleep(20_000)
        }
        try change()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init).filter { !$0.contains(" info fitreport:") }
        XCTAssert(lines.first?.hasPrefix("fitreport: stopping after this epoch") ?? false, text)
        return (process.terminationStatus, Array(lines.dropFirst()))
    }

    private func assertRefused(_ result: (status: Int32, messages: [String]), runs: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 4, "\(result.messages)", file: file, line: line)
        XCTAssertEqual(result.messages.count, 1, "one message: \(result.messages)", file: file, line: line)
        let message = result.messages.first ?? ""
        for words in ["fitreport: error: cannot write \(runs):", "removed or replaced", "nothing was written",
                      "--out DIR"] {
            XCTAssert(message.contains(words), "\(words): \(message)", file: file, line: line)
        }
    }

    func testRemovedWhileTrainingExits4AndIsNotMadeAgain() throws {
        let out = cli.directory + "/output"
        let result = try runChangingTheFolder(out: out) {
            XCTAssert(FileManager.default.fileExists(atPath: out + "/runs"), "made before training")
            try FileManager.default.removeItem(atPath: out)
        }
        assertRefused(result, runs: out + "/runs")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "the output folder was made again")
    }

    func testReplacedWhileTrainingExits4AndLeavesBothFoldersAlone() throws {
        let out = cli.directory + "/output"
        let first = try cli.run(["run", "--epochs", "20", "--points", "20", "--quiet", "--format", "svg", "--out", out])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try cli.run(["index", "--out", out]).status, 0)
        let moved = cli.directory + "/moved"
        let before = WriteFaultTests.snapshot(out)
        let result = try runChangingTheFolder(out: out) {
            try FileManager.default.moveItem(atPath: out, toPath: moved)
            try FileManager.default.createDirectory(atPath: out + "/runs", withIntermediateDirectories: true)
        }
        assertRefused(result, runs: out + "/runs")
        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: out), ["runs"], "the new folder is left empty")
        XCTAssertEqual(WriteFaultTests.snapshot(moved), before, "the earlier runs changed")
    }
}
