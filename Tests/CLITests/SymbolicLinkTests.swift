import Foundation
import XCTest

/// Symbolic links where fitreport expects its own files and folders are never followed out of the output folder
/// (writes refused with exit 4, run folders that are links skipped or refused), links inside an import source that
/// lead out of it are refused (exit 2) — while an `--out` that is a link, and files and run folders named on the
/// command line through links, keep working.
final class SymbolicLinkTests: XCTestCase {
    var cli: CLIHarness!
    var out = "", outside = ""
    private var runsMade = 0
    let fm = FileManager.default

    override func setUpWithError() throws {
        cli = try CLIHarness()
        out = cli.directory + "/output"
        outside = cli.directory + "/outside"
        try fm.createDirectory(atPath: outside, withIntermediateDirectories: true)
    }

    override func tearDown() { cli.cleanUp() }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ImportTests/Fixtures").standardizedFileURL.path

    /// A run into `folder`; returns its run folder.
    /// A small run in `folder`. Each call uses its own seed: two runs of the same settings in the same second share
    /// a run id, and the tests tell the runs apart by their ids.
    private func makeRun(_ folder: String) throws -> String {
        runsMade += 1
        let r = try cli.run(["run", "--epochs", "20", "--points", "20", "--seed", "\(runsMade)", "--format", "svg",
                             "--quiet", "--out", folder])
        XCTAssertEqual(r.status, 0, r.stderr)
        return cli.runFolder(ofReport: r.lastLine)
    }

    private func assertRefused(_ r: CLIHarness.Result, status: Int32, naming path: String, _ words: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one message: \(r.stderr)", file: file, line: line)
        XCTAssert(r.stderr.contains(path) && r.stderr.contains(words), r.stderr, file: file, line: line)
    }

    private func contents(_ folder: String) -> [String] { ((try? fm.subpathsOfDirectory(atPath: folder)) ?? []).sorted() }

    func testRunsFolderThatIsALinkIsNeitherWrittenNorRead() throws {
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: out + "/runs", withDestinationPath: outside)
        let elsewhere = try makeRun(cli.directory + "/elsewhere")
        try fm.moveItem(atPath: elsewhere, toPath: outside + "/a-run")
        let before = contents(outside)
        for command in [["run", "--epochs", "20", "--points", "20", "--quiet", "--out", out],
                        ["import", Self.fixtures + "/plain/history.csv", "--out", out],
                        ["index", "--out", out]] {
            assertRefused(try cli.run(command), status: 4, naming: out + "/runs", "is a symbolic link (to \(outside))")
            XCTAssertEqual(contents(outside), before, "\(command[0]) wrote through the link")
        }
        XCTAssertEqual(contents(out), ["runs"], "nothing else written")
    }

    func testIndexFileThatIsALinkIsNotReplacedOrWrittenThrough() throws {
        _ = try makeRun(out)
        let target = outside + "/precious.html"
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: target))
        try fm.createSymbolicLink(atPath: out + "/index.html", withDestinationPath: target)
        assertRefused(try cli.run(["index", "--out", out]), status: 4, naming: out + "/index.html",
                      "is a symbolic link (to \(target))")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "keep me\n")
        XCTAssertEqual(try fm.destinationOfSymbolicLink(atPath: out + "/index.html"), target, "the link is left")
        XCTAssertFalse(contents(out).contains { $0.hasSuffix(".partial") })
    }

    func testRunFolderThatIsALinkIsSkippedByIndexAndRefusedByCompareAndReproduce() throws {
        let real = try makeRun(out)
        let foreign = try makeRun(outside)
        let foreignID = (foreign as NSString).lastPathComponent
        let link = out + "/runs/linked-run"
        try fm.createSymbolicLink(atPath: link, withDestinationPath: foreign)

        let index = try cli.run(["index", "--out", out])
        XCTAssertEqual(index.status, 0, index.stderr)
        XCTAssert(index.stderr.contains("warning: skipped \(link): a symbolic link (to \(foreign))"), index.stderr)
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssert(html.contains((real as NSString).lastPathComponent))
        XCTAssertFalse(html.contains(foreignID), "the linked run is listed")

        for command in [["compare", real, link, "--out", out], ["reproduce", link]] {
            assertRefused(try cli.run(command), status: 2, naming: link, "is a symbolic link (to \(foreign)) inside runs/")
        }
        XCTAssertFalse(fm.fileExists(atPath: out + "/comparisons/") && !contents(out + "/comparisons").isEmpty)
        // A link named on the command line outside any runs/ folder is the user's choice: followed.
        try fm.createSymbolicLink(atPath: cli.directory + "/latest", withDestinationPath: foreign)
        let compare = try cli.run(["compare", real, cli.directory + "/latest", "--out", out])
        XCTAssertEqual(compare.status, 0, compare.stderr)
    }

    func testRunJSONThatIsALinkIsNotRead() throws {
        let real = try makeRun(out)
        let other = try makeRun(outside)
        try fm.removeItem(atPath: real + "/run.json")
        try fm.createSymbolicLink(atPath: real + "/run.json", withDestinationPath: other + "/run.json")
        assertRefused(try cli.run(["compare", real, "--out", out]), status: 2, naming: real,
                      "its run.json is a symbolic link")
    }

    func testOutThatIsALinkAndInputsNamedThroughLinksAreFollowed() throws {
        let realOut = cli.directory + "/real-output"
        try fm.createDirectory(atPath: realOut, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: out, withDestinationPath: realOut)
        let csv = cli.directory + "/history-link.csv"
        try fm.createSymbolicLink(atPath: csv, withDestinationPath: Self.fixtures + "/plain/history.csv")
        XCTAssertEqual(try cli.run(["run", "--epochs", "20", "--points", "20", "--quiet", "--out", out]).status, 0)
        let imported = try cli.run(["import", csv, "--out", out])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertEqual(try cli.run(["index", "--out", out]).status, 0)
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: realOut + "/runs").count, 2)
        XCTAssert(fm.fileExists(atPath: realOut + "/index.html"))
    }

    /// A copy of the fixture folder `name` in the scratch folder, with `relative` replaced by a link to `target`.
    private func source(_ name: String, linking relative: String, to target: String) throws -> String {
        let copy = cli.directory + "/src-" + name
        try fm.copyItem(atPath: Self.fixtures + "/" + name, toPath: copy)
        try fm.removeItem(atPath: copy + "/" + relative)
        try fm.createSymbolicLink(atPath: copy + "/" + relative, withDestinationPath: target)
        return copy
    }

    func testImportSourceFileThatLinksOutOfTheFolderIsRefused() throws {
        let secret = outside + "/secret.tsv"
        try fm.copyItem(atPath: Self.fixtures + "/dvclive/plots/metrics/acc.tsv", toPath: secret)
        let mlflowRun = "mlruns/584634932816113835/46a72d2722e54938a2e6f5defb44af88"
        let cases = [
            try source("dvclive", linking: "plots/metrics/acc.tsv", to: secret),
            try source("mlflow", linking: mlflowRun + "/metrics/loss", to: secret),
        ]
        for (folder, relative) in zip(cases, ["plots/metrics/acc.tsv", mlflowRun + "/metrics/loss"]) {
            let r = try cli.run(["import", folder, "--out", out])
            assertRefused(r, status: 2, naming: folder + "/" + relative,
                          "is a symbolic link to \(secret), outside the folder being imported")
            XCTAssertFalse(fm.fileExists(atPath: out), "nothing written")
        }
        // A link that stays inside the source is fine.
        let inside = cli.directory + "/src-inside"
        try fm.copyItem(atPath: Self.fixtures + "/dvclive", toPath: inside)
        try fm.moveItem(atPath: inside + "/plots/metrics/acc.tsv", toPath: inside + "/acc-real.tsv")
        try fm.createSymbolicLink(atPath: inside + "/plots/metrics/acc.tsv", withDestinationPath: "../../acc-real.tsv")
        let ok = try cli.run(["import", inside, "--out", out])
        XCTAssertEqual(ok.status, 0, ok.stderr)
    }
}
