import Foundation
import XCTest

/// `fitreport run` keeps giving the bytes it gave before runs became run records: data.csv, history.csv and every
/// figure of four runs are compared with SHA-256 sums recorded by fitreport 0.2.0 (`Golden/runs/*.sha256`). The
/// `after` figures were recorded again by 0.4.0, which draws the reference fit's confidence band (and, for the sine
/// model, the Levenberg–Marquardt reference itself). 0.5.0 computes sin (in the generator and the model) with its own
/// kernels instead of the platform's libm — the same bits on every machine and at every vector level (a build with
/// `FITREPORT_CPU=baseline` gives these sums too) — so the sine run's sums were recorded again; and it draws the x axis
/// label as the blog's mathtext `$x$` (italic), so `dataset`, `before`, `after` and `residuals` of the default, styled
/// and diverged runs were recorded again, and the default run's `landscape`, `trajectories` and `params_history.csv`
/// added. Every other file keeps its 0.2.0 sum.
final class GoldenRunTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/runs")
    static let cases: [(String, [String])] = [
        ("default", []),
        ("sine", ["--model", "a*sin(b*x) + c", "--generate", "3*sin(2*x) + 0.5", "--noise", "0.1", "--points", "200",
                  "--x-range", "0:6", "--init", "a=1,b=1.9,c=0", "--optimizer", "adam", "--lr", "0.05",
                  "--epochs", "3000"]),
        ("styled", ["--epochs", "2000", "--smooth", "0.9", "--style", "dark", "--loss-scale", "log",
                    "--format", "png,svg,pdf"]),
        ("diverged", ["--lr", "10", "--epochs", "100"]),
    ]

    func testDataAndFiguresAreByteForByteAsBefore() throws {
        for (name, arguments) in Self.cases {
            let cli = try CLIHarness()
            defer { cli.cleanUp() }
            let result = try cli.run(["run", "-q"] + arguments, environment: ["SOURCE_DATE_EPOCH": "0"])
            XCTAssertEqual(result.status, name == "diverged" ? 3 : 0, "\(name): \(result.stderr)")
            let folder = cli.directory + "/" + (result.lastLine as NSString).deletingLastPathComponent
            let expected = try String(contentsOf: Self.golden.appendingPathComponent("\(name).sha256"), encoding: .utf8)
            var checked = 0
            for line in expected.split(separator: "\n") {
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                guard parts.count == 2 else { continue }
                let path = String(parts[1].dropFirst(2))  // "./figures/x.png"
                let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path))
                XCTAssertEqual(sha256Hex(data), String(parts[0]), "\(name): \(path) changed")
                checked += 1
            }
            XCTAssertGreaterThanOrEqual(checked, 12, name)
        }
    }
}

/// SHA-256 in lowercase hex, by `sha256sum` (coreutils) so the test does not share the code under test.
func sha256Hex(_ data: Data) -> String {
    let path = NSTemporaryDirectory() + "fitreport-hash-" + UUID().uuidString
    _ = FileManager.default.createFile(atPath: path, contents: data)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
    process.arguments = [path]
    let out = Pipe()
    process.standardOutput = out
    try? process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(text.prefix(64))
}
