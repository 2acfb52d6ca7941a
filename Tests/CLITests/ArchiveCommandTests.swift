import Foundation
import XCTest

/// `reproduce`, `index`, `compare`, `sweep`, run names, formats, interruption.
final class ArchiveCommandTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    func folder(of result: CLIHarness.Result) -> String {
        URL(fileURLWithPath: cli.directory + "/" + result.lastLine).deletingLastPathComponent().path
    }

    func artifacts(_ folder: String) throws -> [String: String] {
        struct M: Decodable { var artifacts: [String: String] }
        return try JSONDecoder().decode(M.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/run.json")))
            .artifacts
    }

    /// `reproduce` output as path → verdict.
    func verdicts(_ r: CLIHarness.Result) -> [String: String] {
        var out: [String: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { out[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return out
    }

    func testTwoRunsOfTheSameConfigHaveIdenticalArtifactHashes() throws {
        let env = ["SOURCE_DATE_EPOCH": "1800000000"]
        let one = try cli.run(["--epochs", "300", "-q"], environment: env)
        let two = try cli.run(["--epochs", "300", "-q"], environment: env)
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertNotEqual(folder(of: one), folder(of: two))
        var a = try artifacts(folder(of: one)), b = try artifacts(folder(of: two))
        // The page names its run id; everything else is byte-identical.
        let htmlA = try String(contentsOfFile: folder(of: one) + "/report.html", encoding: .utf8)
        let htmlB = try String(contentsOfFile: folder(of: two) + "/report.html", encoding: .utf8)
        let idA = URL(fileURLWithPath: folder(of: one)).lastPathComponent
        let idB = URL(fileURLWithPath: folder(of: two)).lastPathComponent
        XCTAssertEqual(htmlA.replacingOccurrences(of: idA, with: "ID"), htmlB.replacingOccurrences(of: idB, with: "ID"))
        for key in ["report.html", "report.md"] {
            a[key] = nil
            b[key] = nil
        }
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 18)  // 14 figures, data.csv, history.csv, reference.csv, params_history.csv
        XCTAssert(idA.hasPrefix("20270115T080000Z-"), idA)  // timestamps come from SOURCE_DATE_EPOCH
    }

    /// The thread count changes how the work is shared, never the result.
    func testThreadCountDoesNotChangeTheHistory() throws {
        var histories: [String] = []
        for threads in ["1", "2"] {
            let r = try cli.run(["--data", try bigLine(), "--model", "a*x^2 + b*x + c", "--epochs", "200", "-q",
                                 "--threads", threads, "--lr", "0.1"])
            XCTAssertEqual(r.status, 0, r.stderr)
            histories.append(try String(contentsOfFile: folder(of: r) + "/history.csv", encoding: .utf8))
        }
        XCTAssertEqual(histories[0], histories[1])
        XCTAssertEqual(histories[0].split(separator: "\n").count, 201)
    }

    /// A 200,000-row data file: large enough that training is split among threads.
    func bigLine() throws -> String {
        var text = "x,y\n"
        text.reserveCapacity(200_000 * 24)
        var rng = UInt64(7)
        for i in 0..<200_000 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(i) / 200_000
            text += "\(x),\(3 * x * x - x + 0.5 + Double(rng >> 11) / Double(1 << 53) - 0.5)\n"
        }
        return try cli.write("big.csv", text)
    }

    func testManifestRecordsEnvironmentAndHashes() throws {
        let r = try cli.run(["--epochs", "50", "-q"])
        let data = try Data(contentsOf: URL(fileURLWithPath: folder(of: r) + "/run.json"))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let env = try XCTUnwrap(json["environment"] as? [String: String])
        for key in ["tool_version", "swift_version", "os", "cairo_version", "font"] {
            XCTAssertFalse((env[key] ?? "").isEmpty, key)
        }
        XCTAssert(env["font"]?.contains("DejaVu") == true, env["font"] ?? "")
        XCTAssertEqual(json["schema_version"] as? Int, 2)
        let settings = try XCTUnwrap(json["settings"] as? [[String: Any]])
        XCTAssertEqual(settings.first { $0["key"] as? String == "seed" }?["value"] as? Int, 0)
        let hashes = try artifacts(folder(of: r))
        XCTAssertEqual(hashes["history.csv"]?.count, 64)
    }

    func testReproducePassesOnAFreshRunAndFailsAfterOneByteChanges() throws {
        let r = try cli.run(["--epochs", "500", "-q"])
        let dir = folder(of: r)
        let ok = try cli.run(["reproduce", dir])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        XCTAssert(ok.stdout.contains("figures/after.png"), ok.stdout)
        XCTAssert(ok.stdout.contains("reproduced: no artifact differs (20 checked)"), ok.stdout)
        XCTAssert(ok.stdout.contains("method: trained again from the recorded settings"), ok.stdout)
        XCTAssertEqual(ok.lastLine, dir + "/report.html")

        let png = dir + "/figures/after.png"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        bytes[200] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: png))
        let bad = try cli.run(["reproduce", dir])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertEqual(verdicts(bad)["figures/after.png"], "modified since recorded", bad.stdout)
        XCTAssertEqual(verdicts(bad)["figures/after.svg"], "identical", bad.stdout)

        try FileManager.default.removeItem(atPath: dir + "/history.csv")
        let missing = try cli.run(["reproduce", dir])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(verdicts(missing)["history.csv"], "missing from the run folder", missing.stdout)
    }

    func testReproduceDetectsADifferentResult() throws {
        let r = try cli.run(["--epochs", "100", "-q"])
        let dir = folder(of: r)
        // Rewrite the recorded settings (and nothing else): the rerun's files no longer match.
        let path = dir + "/run.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #""key" : "epochs",\s*"value" : 100"#)
        XCTAssertEqual(pattern.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)), 1)
        text = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text),
                                                withTemplate: #""key" : "epochs", "value" : 101"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = try cli.run(["reproduce", dir])
        XCTAssertNotEqual(out.status, 0)
        XCTAssertEqual(verdicts(out)["history.csv"], "different", out.stdout)
        XCTAssertEqual(verdicts(out)["data.csv"], "different", out.stdout)
    }

    func testNameStaysInsideOutputRuns() throws {
        let r = try cli.run(["--epochs", "10", "-q", "--name", "../../x"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(of: r)
        XCTAssert(dir.hasPrefix(cli.directory + "/output/runs/"), dir)
        XCTAssert(URL(fileURLWithPath: dir).lastPathComponent.hasSuffix("-x"), dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.directory + "/x"))
        let entries = try FileManager.default.contentsOfDirectory(atPath: cli.directory)
        XCTAssertEqual(Set(entries), ["output"])
    }

    func testIndexListsEveryRunNewestFirst() throws {
        var ids: [String] = []
        for seed in 1...3 {
            let r = try cli.run(["--epochs", "20", "--seed", "\(seed)", "-q", "--name", "seed\(seed)"])
            ids.append(URL(fileURLWithPath: folder(of: r)).lastPathComponent)
            Thread.sleep(forTimeInterval: 1.05)  // distinct timestamps, so the order is defined
        }
        let r = try cli.run(["index"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.lastLine, "output/index.html")
        let html = try String(contentsOfFile: cli.directory + "/output/index.html", encoding: .utf8)
        let positions = try ids.map { id in try XCTUnwrap(html.range(of: "runs/\(id)/report.html")?.lowerBound) }
        XCTAssert(positions[2] < positions[1] && positions[1] < positions[0], "not newest first")
        for id in ids { XCTAssert(html.contains("runs/\(id)/figures/after.png"), "thumbnail of \(id)") }
    }

    func testSweepOfThreeLearningRatesMakesThreeRunsAndAComparison() throws {
        let r = try cli.run(["sweep", "--lr", "1e-3,1e-2,0.05", "--epochs", "200"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(cli.runFolders().filter { !$0.hasPrefix(".") }.count, 3)
        XCTAssert(r.lastLine.hasPrefix("output/comparisons/") && r.lastLine.hasSuffix("/compare.html"), r.lastLine)
        let page = try String(contentsOfFile: cli.directory + "/" + r.lastLine, encoding: .utf8)
        for label in ["lr=1e-3", "lr=1e-2", "lr=0.05"] { XCTAssert(page.contains(label), label) }
        XCTAssert(page.contains("figures/loss.svg"))
        let compareDir = URL(fileURLWithPath: cli.directory + "/" + r.lastLine).deletingLastPathComponent().path
        XCTAssert(FileManager.default.fileExists(atPath: compareDir + "/figures/fits.png"))
        // Links from the comparison to each report resolve.
        let regex = try NSRegularExpression(pattern: #"href="([^"]+report\.html)""#)
        let links = regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap {
            Range($0.range(at: 1), in: page).map { String(page[$0]) }
        }
        XCTAssertEqual(links.count, 3)
        for link in links {
            XCTAssert(FileManager.default.fileExists(atPath: compareDir + "/" + link), link)
        }
    }

    func testSweepPrintsCommandsForAScheduler() throws {
        let r = try cli.run(["sweep", "--lr", "1e-4,1e-3", "--seed", "1,2", "--model", "a*x + b", "--print-commands"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0], "fitreport run --model 'a*x + b' --lr 1e-4 --seed 1 --out output --name lr=1e-4_seed=1")
        XCTAssertEqual(cli.runFolders(), [])
    }

    func testCompareTwoRuns() throws {
        let a = try cli.run(["--epochs", "100", "-q"])
        let b = try cli.run(["--epochs", "100", "--optimizer", "adam", "--lr", "0.05", "-q"])
        let r = try cli.run(["compare", folder(of: a), folder(of: b), "--loss-scale", "linear"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: cli.directory + "/" + r.lastLine, encoding: .utf8)
        XCTAssert(page.contains("adam"))
        let bad = try cli.run(["compare", cli.directory])
        XCTAssertEqual(bad.status, 2)
        XCTAssert(bad.stderr.contains("not a fitreport run folder"), bad.stderr)
    }

    func testFormatsMarkdownAndSelfContained() throws {
        let r = try cli.run(["--epochs", "50", "-q", "--format", "png,svg,pdf", "--self-contained"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = folder(of: r)
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir + "/figures/after.pdf"))
        XCTAssertEqual(String(decoding: pdf.prefix(5), as: UTF8.self), "%PDF-")
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "src=\"data:image/svg+xml;base64,").count - 1, 7)
        XCTAssertFalse(html.contains("src=\"figures/"))
        let md = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        XCTAssert(md.contains("| Parameter | Initial | Trained | Least squares |"), md)
        XCTAssert(md.hasPrefix("# Fitting f(x) = a\\*x^2 + b\\*x + c\n"), String(md.prefix(80)))

        let plain = try cli.run(["--epochs", "50", "-q", "--format", "png"])
        let plainDir = folder(of: plain)
        XCTAssertFalse(FileManager.default.fileExists(atPath: plainDir + "/figures/after.svg"))
        let plainMD = try String(contentsOfFile: plainDir + "/report.md", encoding: .utf8)
        XCTAssert(plainMD.contains("](figures/after.png)"), plainMD)
        let bad = try cli.run(["--format", "gif"])
        XCTAssertEqual(bad.status, 2)
        XCTAssert(bad.stderr.contains("gif"), bad.stderr)
    }

    /// Starts a long run, waits until it trains (its `--verbose` log says so: polled, not a fixed sleep, which under
    /// ThreadSanitizer or load ended before the signal handlers were installed), and sends `signals` (SIGINT, then
    /// SIGTERM for a second one).
    func interruptedRun(signals: Int) throws -> Int32 {
        let log = cli.directory + "/stderr.txt"
        XCTAssert(FileManager.default.createFile(atPath: log, contents: nil))
        let process = Process()
        process.executableURL = CLIHarness.binary
        process.arguments = ["--epochs", "50000000", "--validation", "0.2", "--verbose"]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        let deadline = Date().addingTimeInterval(300)
        while !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("] training"),
              process.isRunning, Date() < deadline
        {
            usleep(20_000)
        }
        Thread.sleep(forTimeInterval: 0.5)  // some epochs, so the interrupted run has a history
        process.interrupt()
        if signals > 1 {
            Thread.sleep(forTimeInterval: 0.001)
            kill(process.processIdentifier, SIGTERM)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// One SIGINT mid-training: training stops after the epoch, the run is written as interrupted, exit 130.
    func testInterruptedRunIsWrittenWithItsHistory() throws {
        XCTAssertEqual(try interruptedRun(signals: 1), 130)
        let folders = cli.runFolders()
        XCTAssertEqual(folders.count, 1, "\(folders)")
        let dir = cli.directory + "/output/runs/" + (folders.first ?? "")
        XCTAssertFalse(folders.first?.hasPrefix(".") ?? true)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: dir + "/run.json"))) as? [String: Any])
        XCTAssertEqual(json["status"] as? String, "interrupted")
        let epoch = try XCTUnwrap(json["status_epoch"] as? Int)
        XCTAssertGreaterThan(epoch, 0)
        let history = try String(contentsOfFile: dir + "/history.csv", encoding: .utf8)
        let lines = history.split(separator: "\n")
        XCTAssertEqual(lines.first, "epoch,loss,val_loss")
        XCTAssertEqual(lines.count, epoch + 2, "header plus epochs 0…\(epoch)")
        XCTAssert(lines.last?.hasPrefix("\(epoch),") ?? false)
        let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("interrupted after epoch \(epoch)"), "summary names the epoch")
        // `reproduce` trains again up to the recorded epoch and gets the same bytes.
        let again = try cli.run(["reproduce", dir])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
    }

    /// A second signal aborts: exit 130 and nothing under output/runs that looks like a run.
    func testSecondSignalAbortsAndLeavesNoCompleteLookingFolder() throws {
        XCTAssertEqual(try interruptedRun(signals: 2), 130)
        XCTAssertEqual(cli.runFolders().filter { !$0.hasPrefix(".") }, [])
        XCTAssertEqual(cli.runFolders().filter { !$0.hasSuffix(".partial") }, [])
    }
}
