import Foundation
import XCTest

/// Bad input through the real binary: each case gets one clear message with the right exit code, and no
/// complete-looking run folder appears.
final class MalformedInputTests: XCTestCase {
    struct Case {
        var name: String
        var arguments: [String]
        var files: [String: String] = [:]
        var status: Int32 = 2
        var words: [String]
    }

    static let header = "x,y\n"
    static func rows(_ n: Int) -> String { (0..<n).map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n" }

    static let cases: [Case] = [
        // CSV files.
        Case(name: "missing file", arguments: ["--data", "nope.csv"], words: ["nope.csv", "no such file"]),
        Case(name: "empty file", arguments: ["--data", "d.csv"], files: ["d.csv": ""], words: ["d.csv", "empty"]),
        Case(name: "header only", arguments: ["--data", "d.csv"], files: ["d.csv": "x,y\n"], words: ["d.csv", "no data rows"]),
        Case(name: "unknown column", arguments: ["--data", "d.csv", "--x", "time"], files: ["d.csv": header + rows(5)],
             words: ["d.csv", "time", "x", "y"]),
        Case(name: "index out of range", arguments: ["--data", "d.csv", "--y", "7"], files: ["d.csv": header + rows(5)],
             words: ["d.csv", "7", "2 columns"]),
        Case(name: "index zero", arguments: ["--data", "d.csv", "--x", "0"], files: ["d.csv": header + rows(5)],
             words: ["d.csv"]),
        Case(name: "non-numeric cell", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,2\n2,abc\n3,4\n"],
             words: ["d.csv", "line 3", "column 2", "abc"]),
        Case(name: "NaN cell", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,2\n2,nan\n3,4\n"],
             words: ["d.csv", "line 3", "finite"]),
        Case(name: "Inf cell", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,2\ninf,3\n3,4\n"],
             words: ["d.csv", "line 3", "column 1", "finite"]),
        Case(name: "empty cell", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,2\n2,\n3,4\n"],
             words: ["d.csv", "line 3", "empty"]),
        Case(name: "ragged row", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,2\n2\n3,4\n"],
             words: ["d.csv", "line 3"]),
        Case(name: "single data row", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,2\n"],
             words: ["d.csv", "2"]),
        Case(name: "duplicate header", arguments: ["--data", "d.csv", "--x", "v", "--y", "w"],
             files: ["d.csv": "v,v,w\n1,2,3\n4,5,6\n"], words: ["d.csv", "v"]),
        Case(name: "unterminated quote", arguments: ["--data", "d.csv"], files: ["d.csv": header + "1,\"2\n3,4\n"],
             words: ["d.csv", "quote"]),
        Case(name: "decimal comma", arguments: ["--data", "d.csv"], files: ["d.csv": "x;y\n1;2,5\n2;3,5\n"],
             words: ["d.csv", "2,5"]),
        Case(name: "constant x, column of text", arguments: ["--data", "d.csv", "--x", "name"],
             files: ["d.csv": "name,y\nA,1\nB,2\n"], words: ["d.csv", "line 2", "A"]),
        // Config files.
        Case(name: "invalid YAML", arguments: ["--config", "c.yaml"], files: ["c.yaml": "lr: [1\n"],
             words: ["c.yaml:", "invalid YAML"]),
        Case(name: "invalid JSON", arguments: ["--config", "c.json"], files: ["c.json": "{\"lr\": 0.1,,}"],
             words: ["c.json:1:", "invalid"]),
        Case(name: "unknown key", arguments: ["--config", "c.yaml"], files: ["c.yaml": "learning_rate: 0.1\n"],
             words: ["c.yaml:1:", "learning_rate", "unknown key"]),
        Case(name: "wrong type", arguments: ["--config", "c.yaml"], files: ["c.yaml": "epochs: many\n"],
             words: ["c.yaml:1:9", "epochs", "whole number"]),
        Case(name: "wrong type bool", arguments: ["--config", "c.yaml"], files: ["c.yaml": "normalize: 3\n"],
             words: ["normalize", "true or false"]),
        Case(name: "list for string", arguments: ["--config", "c.yaml"], files: ["c.yaml": "model: [1]\n"],
             words: ["model", "string"]),
        Case(name: "config not a mapping", arguments: ["--config", "c.yaml"], files: ["c.yaml": "- 1\n"],
             words: ["c.yaml", "mapping"]),
        Case(name: "missing config", arguments: ["--config", "none.yaml"], words: ["none.yaml", "not found"]),
        Case(name: "negative lr in file", arguments: ["--config", "c.yaml"], files: ["c.yaml": "lr: -0.1\n"],
             words: ["lr", "positive"]),
        Case(name: "negative epochs in file", arguments: ["--config", "c.yaml"], files: ["c.yaml": "epochs: -2\n"],
             words: ["epochs", "zero"]),
        Case(name: "bad init in file", arguments: ["--config", "c.yaml"], files: ["c.yaml": "init:\n  a: x\n"],
             words: ["init.a", "number"]),
        // Flags.
        Case(name: "negative lr", arguments: ["--lr=-1"], words: ["lr", "positive"]),
        Case(name: "lr not a number", arguments: ["--lr", "fast"], words: ["--lr", "number", "fast"]),
        Case(name: "epochs negative", arguments: ["--epochs=-1"], words: ["epochs", "zero"]),
        Case(name: "epochs fractional", arguments: ["--epochs", "2.5"], words: ["--epochs", "whole number"]),
        Case(name: "points 1", arguments: ["--points", "1"], words: ["points", "at least 2"]),
        Case(name: "noise negative", arguments: ["--noise=-1"], words: ["noise"]),
        Case(name: "x-range reversed", arguments: ["--x-range", "1:0"], words: ["x-range", "reversed"]),
        Case(name: "x-range garbage", arguments: ["--x-range", "0-1"], words: ["x-range", "LOW:HIGH"]),
        Case(name: "unknown loss", arguments: ["--loss", "l1"], words: ["loss", "mse, mae or huber"]),
        Case(name: "unknown optimizer", arguments: ["--optimizer", "rmsprop"], words: ["optimizer", "adam"]),
        Case(name: "huber delta zero", arguments: ["--loss", "huber", "--huber-delta", "0"], words: ["huber-delta"]),
        Case(name: "momentum 1", arguments: ["--optimizer", "momentum", "--momentum", "1"], words: ["momentum"]),
        Case(name: "init unknown name", arguments: ["--init", "zz=1"], words: ["'zz' is not a parameter"]),
        Case(name: "init malformed", arguments: ["--init", "a"], words: ["init", "NAME=NUMBER"]),
        Case(name: "seed negative", arguments: ["--seed=-3"], words: ["--seed"]),
        Case(name: "scale huge", arguments: ["--scale", "100"], words: ["scale"]),
        Case(name: "unknown format", arguments: ["--format", "png,gif"], words: ["gif"]),
        Case(name: "unknown flag", arguments: ["--learning-rate", "0.1"], words: ["learning-rate"]),
        Case(name: "column without data", arguments: ["--x", "t"], words: ["--data"]),
        // Formulas.
        Case(name: "double caret", arguments: ["--model", "a*x^^2"], words: ["column 5", "a*x^^2", "    ^"]),
        Case(name: "dangling operator", arguments: ["--model", "a*x +"], words: ["column 6", "end of the formula"]),
        Case(name: "unclosed paren", arguments: ["--model", "a*(x + b"], words: ["')'"]),
        Case(name: "unknown function", arguments: ["--model", "a*sinh(x)"], words: ["sinh", "known functions"]),
        Case(name: "parameter as function", arguments: ["--model", "a(x) + b"], words: ["'a'", "cannot be called"]),
        Case(name: "empty model", arguments: ["--model", ""], words: ["model", "empty"]),
        Case(name: "model without parameters", arguments: ["--model", "x^2"], words: ["no trainable parameters"]),
        Case(name: "bad character", arguments: ["--model", "a*x # b"], words: ["'#'"]),
        Case(name: "generate with parameter", arguments: ["--generate", "k*x"], words: ["generate", "k"]),
        Case(name: "model NaN on data", arguments: ["--model", "log(a*x - 10) + b", "--init", "a=1"],
             words: ["row 1", "x = 0"]),
        Case(name: "hostile formula", arguments: ["--model", "<script>alert(1)</script>"], words: ["'<'"]),
        // The training loop (issue 11).
        Case(name: "validation zero", arguments: ["--validation", "0"], words: ["validation", "(0, 0.9]"]),
        Case(name: "validation too large", arguments: ["--validation", "0.95"], words: ["validation", "(0, 0.9]"]),
        Case(name: "validation negative", arguments: ["--validation", "-0.2"], words: ["validation", "(0, 0.9]"]),
        Case(name: "validation leaves one row", arguments: ["--points", "3", "--validation", "0.5"],
             words: ["validation", "fewer than 2 training rows"]),
        Case(name: "validation and file", arguments: ["--data", "d.csv", "--validation", "0.2", "--validation-data",
                                                      "d.csv"], files: ["d.csv": header + rows(10)],
             words: ["validation", "not both"]),
        Case(name: "validation file missing", arguments: ["--data", "d.csv", "--validation-data", "v.csv"],
             files: ["d.csv": header + rows(10)], words: ["validation-data", "v.csv"]),
        Case(name: "validation file without data", arguments: ["--validation-data", "v.csv"],
             files: ["v.csv": header + rows(10)], words: ["validation-data", "--data"]),
        Case(name: "batch size zero", arguments: ["--batch-size", "0"], words: ["batch-size", "at least 1"]),
        Case(name: "batch size negative", arguments: ["--batch-size", "-4"], words: ["batch-size", "at least 1"]),
        Case(name: "batch size above rows", arguments: ["--batch-size", "101"], words: ["batch-size", "100 training rows"]),
        Case(name: "batch size above training rows", arguments: ["--batch-size", "90", "--validation", "0.2"],
             words: ["batch-size", "80 training rows"]),
        Case(name: "unknown schedule", arguments: ["--lr-schedule", "linear"], words: ["lr-schedule", "linear", "cosine"]),
        Case(name: "step schedule without factor", arguments: ["--lr-schedule", "step:10"], words: ["lr-schedule", "step"]),
        Case(name: "step schedule zero", arguments: ["--lr-schedule", "step:0:0.5"], words: ["lr-schedule"]),
        Case(name: "exp schedule negative", arguments: ["--lr-schedule", "exp:-1"], words: ["lr-schedule"]),
        Case(name: "cosine negative minimum", arguments: ["--lr-schedule", "cosine:-1"], words: ["lr-schedule"]),
        Case(name: "warmup negative", arguments: ["--warmup", "-5"], words: ["warmup"]),
        Case(name: "warmup too long", arguments: ["--warmup", "20", "--epochs", "10"], words: ["warmup", "shorter"]),
        Case(name: "patience zero", arguments: ["--early-stop", "0"], words: ["early-stop", "at least 1"]),
        Case(name: "min-delta negative", arguments: ["--early-stop", "5", "--min-delta", "-1"], words: ["min-delta"]),
        Case(name: "tolerance zero", arguments: ["--tolerance", "0"], words: ["tolerance", "positive"]),
        Case(name: "clip negative", arguments: ["--clip-grad-norm", "-1"], words: ["clip-grad-norm", "positive"]),
        Case(name: "lr negative, separate value", arguments: ["--lr", "-1"], words: ["lr must be a positive number"]),
        Case(name: "epochs negative, separate value", arguments: ["--epochs", "-5"], words: ["epochs", "zero"]),
        Case(name: "x column missing", arguments: ["--data", "d.csv", "--x", "a,zz", "--y", "y"],
             files: ["d.csv": "a,b,y\n1,2,3\n4,5,6\n7,8,10\n"], words: ["d.csv", "zz"]),
        Case(name: "x column repeated", arguments: ["--data", "d.csv", "--x", "a,a", "--y", "y"],
             files: ["d.csv": "a,b,y\n1,2,3\n4,5,6\n7,8,10\n"], words: ["x:", "d.csv", "\"a\"", "twice"]),
        Case(name: "target also an input", arguments: ["--data", "d.csv", "--x", "a,y", "--y", "y"],
             files: ["d.csv": "a,b,y\n1,2,3\n4,5,6\n7,8,10\n"], words: ["x:", "d.csv", "both as an input and as the target"]),
        Case(name: "model uses a column that is not an input", arguments: ["--data", "d.csv", "--x", "a", "--y", "y",
                                                                        "--model", "p*a + q*b"],
             files: ["d.csv": "a,b,y\n1,2,3\n4,5,6\n7,8,10\n"], words: ["model", "'b'", "not an input", "--x"]),
        Case(name: "model uses x3 with two inputs", arguments: ["--data", "d.csv", "--x", "a,b", "--y", "y",
                                                             "--model", "p*x1 + q*x3"],
             files: ["d.csv": "a,b,y\n1,2,3\n4,5,6\n7,8,10\n"], words: ["model", "'x3'", "not an input"]),
        Case(name: "model uses x with generated inputs", arguments: ["--inputs", "2", "--generate", "x1 + x2",
                                                                  "--model", "a*x + b"],
             words: ["model", "no single x", "x1"]),
        Case(name: "generate uses x3 with two inputs", arguments: ["--inputs", "2", "--generate", "x1 + x3",
                                                                "--model", "a*x1 + b*x2"],
             words: ["generate", "x3"]),
        Case(name: "row with more fields than the header", arguments: ["--data", "d.csv"],
             files: ["d.csv": "x;y\n1;2\n2;3;9\n3;4\n"], words: ["d.csv", "line 3", "3 fields", "2"]),
        Case(name: "mlp zero width", arguments: ["--model", "mlp:16,0"], words: ["model", "mlp"]),
        Case(name: "mlp absurd width", arguments: ["--model", "mlp:100000,100000"], words: ["model", "parameters"]),
        Case(name: "mlp unknown activation", arguments: ["--model", "mlp:8:swish"], words: ["model", "swish", "tanh"]),
        Case(name: "poly degree zero", arguments: ["--model", "poly:0"], words: ["model", "poly"]),
        Case(name: "poly not a number", arguments: ["--model", "poly:two"], words: ["model", "poly"]),
        Case(name: "inputs with data", arguments: ["--data", "d.csv", "--inputs", "2"], files: ["d.csv": header + rows(5)],
             words: ["inputs", "--x"]),
        Case(name: "inputs zero", arguments: ["--inputs", "0"], words: ["inputs", "between 1 and 100"]),
        // Output.
        Case(name: "output is a file", arguments: ["--out", "file.txt", "--epochs", "5"], files: ["file.txt": "x"],
             status: 4, words: ["file.txt"]),
    ]

    func testEveryMalformedInputGetsOneClearMessage() throws {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 50)
        for c in Self.cases {
            let cli = try CLIHarness()
            defer { cli.cleanUp() }
            for (name, text) in c.files { _ = try cli.write(name, text) }
            let r = try cli.run(c.arguments)
            XCTAssertEqual(r.status, c.status, "\(c.name): \(r.stderr)")
            for w in c.words { XCTAssert(r.stderr.contains(w), "\(c.name): '\(w)' missing from: \(r.stderr)") }
            XCTAssertFalse(r.stderr.contains("Fatal error"), "\(c.name) crashed: \(r.stderr)")
            XCTAssertEqual(cli.runFolders(), [], "\(c.name) left a folder")
            XCTAssertEqual(r.stdout, "", "\(c.name) printed to stdout")
        }
    }

    /// A 1 GB CSV with a bad row near the end: the error names the line, and peak memory stays far below the
    /// file's size (the reader streams; only the two selected columns are kept as numbers).
    func testOneGigabyteFileWithABadRowNearTheEnd() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("python3 is needed to measure the child's peak memory")
        }
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let path = cli.directory + "/big.csv"
        XCTAssert(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        let pad = String(repeating: "z", count: 80)
        var block = ""
        for i in 0..<10_000 { block += "\(Double(i) / 1000),\(Double(i) / 500),\(pad)\n" }
        let blockData = Data(block.utf8)
        try handle.write(contentsOf: Data("x,y,note\n".utf8))
        var written = 0, rows = 0
        while written < 1_000_000_000 {
            try handle.write(contentsOf: blockData)
            written += blockData.count
            rows += 10_000
        }
        try handle.write(contentsOf: Data("1.0,oops,bad\n".utf8))
        try handle.write(contentsOf: blockData)
        try handle.close()
        let badLine = rows + 2

        let measure = "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            + "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            + "sys.stdout.write(r.stderr)"
        let r = try cli.run([], executable: "/usr/bin/python3",
                            prefix: ["-c", measure, CLIHarness.binary.path, "--data", path, "--x", "x", "--y", "y"])
        let lines = r.stdout.split(separator: "\n", maxSplits: 2).map(String.init)
        XCTAssertEqual(lines.first, "2", r.stdout)
        let peakKB = Int(lines.count > 1 ? lines[1] : "") ?? .max
        XCTAssertLessThan(peakKB, 600_000, "peak RSS \(peakKB) kB")
        let message = lines.count > 2 ? lines[2] : ""
        XCTAssert(message.contains("big.csv, line \(badLine), column 2") && message.contains("oops"), message)
        XCTAssertEqual(cli.runFolders(), [])
    }

    /// A model without x is allowed (it fits a constant) but gets a warning.
    func testModelWithoutXWarnsAndStillTrains() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let r = try cli.run(["--model", "c", "--epochs", "2000", "--lr", "0.01", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stderr.contains("warning") && r.stderr.contains("does not use x"), r.stderr)
        XCTAssertEqual(cli.runFolders().count, 1)
    }

    /// A mounted 200 KB file system fills up while the figures are written: exit 4 with the path, nothing left.
    func testFullOutputFolderExits4AndLeavesNothing() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let mountPoint = cli.directory + "/tiny"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=200k", "tmpfs", mountPoint]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw XCTSkip("cannot mount a tmpfs here (needs root)") }
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [mountPoint]
            try? umount.run()
            umount.waitUntilExit()
        }
        let r = try cli.run(["--out", mountPoint, "--epochs", "50"])
        XCTAssertEqual(r.status, 4, r.stderr)
        XCTAssert(r.stderr.contains(mountPoint), r.stderr)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: mountPoint + "/runs")) ?? []
        XCTAssertEqual(left, [])
    }

    /// Hostile strings in the run name and in CSV column names are escaped in HTML and Markdown and sanitized in
    /// paths.
    func testHostileStringsAreEscapedAndSanitized() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let column = "<script>alert('x')</script> & \"q\" | *b*"
        let path = try cli.write("h.csv", "\"\(column.replacingOccurrences(of: "\"", with: "\"\""))\",y\n1,2\n2,4\n3,7\n")
        let r = try cli.run(["--data", path, "--x", "1", "--y", "y", "--model", "a*x + b", "--epochs", "20", "-q",
                             "--name", "../<b>\n\"evil\"&"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let dir = URL(fileURLWithPath: cli.directory + "/" + r.lastLine).deletingLastPathComponent()
        XCTAssertEqual(dir.deletingLastPathComponent().path, cli.directory + "/output/runs")
        let id = dir.lastPathComponent
        XCTAssert(id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, id)
        let html = try String(contentsOf: dir.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssert(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"), "column name")
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        XCTAssertFalse(md.contains("<script>"))
        XCTAssert(md.contains("&lt;script&gt;"), "Markdown escapes HTML")
        XCTAssert(md.contains("\\| \\*b\\*"), "Markdown escapes table and emphasis syntax")
    }
}
