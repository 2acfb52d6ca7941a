import Foundation
import XCTest

/// Every command that writes (run, import, index, compare) on a full disk and on a read-only folder: exit 4 with one
/// message, nothing half-written (no visible folder, no staging folder, no temporary file left), and nothing written
/// earlier changed. The faults are real: a small tmpfs mounted by the test (root only; skipped with a message
/// otherwise), filled up or remounted read-only. (`sweep` and `collect` are not covered here yet.)
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
    private func snapshot(_ folder: String) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + relative) { files[relative] = data }
        }
        return files
    }

    /// A first run and an index in `out`, then `fault`, then every writing command must fail cleanly.
    private func assertEveryWriterFailsCleanly(fault: (String) throws -> Void, words: [String]) throws {
        let disk = try mountDisk(kilobytes: 700)
        let out = disk + "/output"
        let first = try cli.run(["--epochs", "20", "--points", "20", "--quiet", "--format", "svg", "--out", out])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try cli.run(["index", "--out", out]).status, 0)
        let run = out + "/runs/" + (try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").first))
        let before = snapshot(out)
        try fault(disk)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../ImportTests/Fixtures/plain/history.csv").standardizedFileURL.path
        let commands: [[String]] = [
            ["run", "--epochs", "20", "--points", "20", "--quiet", "--out", out],
            ["import", fixture, "--out", out],
            ["index", "--out", out],
            ["compare", run, run, "--out", out],
        ]
        for command in commands {
            let r = try cli.run(command)
            XCTAssertEqual(r.status, 4, "\(command[0]): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(command[0]) prints one message: \(r.stderr)")
            XCTAssert(r.stderr.contains("cannot write") && words.contains { r.stderr.contains($0) }, r.stderr)
            XCTAssertEqual(snapshot(out), before, "\(command[0]) changed or left files in the output folder")
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
