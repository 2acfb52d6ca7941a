import Foundation
import XCTest

/// A run written by fitreport 0.5.0 (`Fixtures/v050-runs/`, made by `fitreport run --model "a*tanh(b*x) + c"
/// --generate "2*tanh(1.5*x) + 0.5" --noise 0.1 --points 40 --x-range=-2:2 --epochs 300 --optimizer adam --lr 0.05
/// --format svg --seed 7 --name v050-tanh --figures loss,after` with the 0.5.0 binary) still reproduces: 0.6.0
/// rounds exp, tanh and sigmoid differently (their polynomials in fused multiply-adds), so the numbers that pass
/// through tanh may differ in their last bits — said as such and not counted — while everything else is identical.
final class KernelChangeCompatibilityTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/v050-runs").path
    static let olderKernels = "different (exp, tanh or sigmoid rounded differently by fitreport 0.5; not counted)"

    var cli: CLIHarness!

    override func setUpWithError() throws {
        cli = try CLIHarness()
        try FileManager.default.createDirectory(atPath: cli.directory + "/output", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixtures, toPath: cli.directory + "/output/runs")
    }

    override func tearDown() { cli.cleanUp() }

    var folder: String { "output/runs/" + (cli.runFolders().first ?? "") }

    /// The verdict of each file `reproduce` listed.
    func verdicts(_ stdout: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, !line.hasPrefix("method:"), !line.hasPrefix("reproduced:") else { continue }
            out[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    func testA050TanhRunReproducesWithItsKernelChangeNotCounted() throws {
        let r = try cli.run(["reproduce", folder])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let v = verdicts(r.stdout)
        // The numbers that went through tanh: identical or the kernel change, never a counted difference.
        for path in ["history.csv", "data.csv"] {
            XCTAssert(v[path] == "identical" || v[path] == Self.olderKernels, "\(path): \(v[path] ?? "absent")")
        }
        // At least one of them does differ, or this fixture would not test the change.
        XCTAssert(v.values.contains(Self.olderKernels), r.stdout)
        // Figures and the parameter trajectory are drawn from numbers rounded for display: identical.
        for path in ["figures/loss.svg", "figures/after.svg", "params_history.csv", "reference.csv"] {
            XCTAssertEqual(v[path], "identical", path)
        }
        XCTAssert(r.stdout.contains("reproduced: no artifact differs"), r.stdout)
    }

    /// The same folder claiming to be from this version: now the differing numbers count, and reproduce fails.
    func testTheSameRunClaimedByThisVersionFails() throws {
        let path = cli.directory + "/" + folder + "/run.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"tool_version\" : \"0.5.0\"", with: "\"tool_version\" : \"0.6.0\"")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try cli.run(["reproduce", folder])
        XCTAssertNotEqual(r.status, 0, r.stdout)
        let v = verdicts(r.stdout)
        XCTAssertFalse(v.values.contains(Self.olderKernels), r.stdout)
        let counted = ["history.csv", "data.csv"].filter {
            v[$0]?.hasPrefix("different") == true && v[$0]?.contains("not counted") == false
        }
        XCTAssertFalse(counted.isEmpty, r.stdout)
    }
}
