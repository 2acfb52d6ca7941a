import Foundation
import XCTest

/// Several fitreport processes writing one output folder at once (the archive soak, `scripts/soak.sh`, does this at
/// length with SIGKILLs; these are its quick, deterministic cases).
final class ConcurrentWriterTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    /// Runs `arguments` `count` times at once; returns the results in start order.
    private func concurrently(_ count: Int, _ arguments: [String], environment: [String: String] = [:]) -> [CLIHarness.Result?] {
        let results = Results(count: count)
        let harness: CLIHarness = cli
        DispatchQueue.concurrentPerform(iterations: count) { i in
            results.set(i, try? harness.run(arguments, environment: environment))
        }
        return results.all
    }

    /// Same settings and the same SOURCE_DATE_EPOCH: every process wants the same run id. Each gets its own (`id`,
    /// `id-2`, …), every folder is complete, and no staging folder is left. Before the id was reserved with an
    /// exclusive mkdir, two processes could fill one `.id.partial` folder and one of them failed at the rename.
    func testConcurrentRunsWantingOneIdGetDistinctCompleteFolders() throws {
        let results = concurrently(6, ["--epochs", "50", "--points", "30", "--seed", "1", "--quiet", "--format", "svg"],
                                   environment: ["SOURCE_DATE_EPOCH": "1800000000"])
        for case let r? in results { XCTAssertEqual(r.status, 0, r.stderr) }
        XCTAssertEqual(results.compactMap { $0 }.count, 6)
        let folders = cli.runFolders().sorted()
        XCTAssertEqual(folders.count, 6, "\(folders)")
        XCTAssertFalse(folders.contains { $0.hasPrefix(".") }, "staging left: \(folders)")
        let base = try XCTUnwrap(folders.min { $0.count < $1.count })
        XCTAssertEqual(Set(folders), Set([base] + (2...6).map { "\(base)-\($0)" }))
        for folder in folders {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(cli.directory)/output/runs/\(folder)/run.json"))
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
            XCTAssertEqual(json["run_id"] as? String, folder)
        }
        let printed = Set(results.compactMap { $0?.lastLine })
        XCTAssertEqual(printed.count, 6, "each process printed its own report path: \(printed)")
    }

    /// Concurrent `index` runs each write a temporary file of their own and rename it over index.html: all succeed
    /// and the index is whole. (They shared one `.index.html.partial` and removed index.html before moving theirs.)
    func testConcurrentIndexesAllSucceedAndLeaveAWholeIndex() throws {
        XCTAssertEqual(try cli.run(["--epochs", "20", "--points", "20", "--quiet", "--format", "svg"]).status, 0)
        let results = concurrently(8, ["index"])
        for case let r? in results { XCTAssertEqual(r.status, 0, r.stderr) }
        let index = try String(contentsOfFile: cli.directory + "/output/index.html", encoding: .utf8)
        XCTAssert(index.contains("</html>") && index.contains("runs/"), index)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.directory + "/output")
            .filter { $0.hasSuffix(".partial") }
        XCTAssertEqual(leftovers, [])
    }

    /// `index --clean` names and removes the hidden leftovers of killed processes, and nothing else.
    func testIndexCleanRemovesOnlyLeftoversAndSaysWhich() throws {
        XCTAssertEqual(try cli.run(["--epochs", "20", "--points", "20", "--quiet", "--format", "svg"]).status, 0)
        let runs = cli.directory + "/output/runs"
        let finished = cli.runFolders()
        try FileManager.default.createDirectory(atPath: runs + "/.19700101T000000Z-deadbeef.partial/figures",
                                                withIntermediateDirectories: true)
        _ = try cli.write("output/.index.html.123.456.partial", "<html")
        let plain = try cli.run(["index"])
        XCTAssertFalse(plain.stdout.contains("removing"), "index without --clean removes nothing")
        XCTAssertEqual(cli.runFolders().count, 2)
        let r = try cli.run(["index", "--clean"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let said = r.stdout.split(separator: "\n").filter { $0.hasPrefix("removing unfinished ") }
        XCTAssertEqual(said.count, 2, r.stdout)
        XCTAssert(r.stdout.contains(".19700101T000000Z-deadbeef.partial") && r.stdout.contains(".index.html.123.456.partial"),
                  r.stdout)
        XCTAssert(r.lastLine.hasSuffix("index.html"), r.stdout)
        XCTAssertEqual(cli.runFolders(), finished)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.directory + "/output/.index.html.123.456.partial"))
    }
}

/// Results written from several threads.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [CLIHarness.Result?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: CLIHarness.Result?) { lock.lock(); values[i] = value; lock.unlock() }
    var all: [CLIHarness.Result?] { lock.lock(); defer { lock.unlock() }; return values }
}
