import Foundation
import Plotting
import XCTest

/// `fitreport run --animate` writes `figures/training.webp`, which libwebp's decoder reads back with the frames,
/// size and timing the report promises, and `reproduce` makes again byte for byte.
final class AnimationCommandTests: XCTestCase {
    func testAnimateWritesAnAnimationThatDecodes() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let r = try cli.run(["run", "--animate", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let folder = cli.directory + "/" + (r.lastLine as NSString).deletingLastPathComponent
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/figures/training.webp")))
        XCTAssertLessThanOrEqual(bytes.count, 2_000_000)
        let decoded = try WebPAnimation.decode(bytes)
        XCTAssertEqual(decoded.width, 800)
        XCTAssertEqual(decoded.height, 360)
        XCTAssertEqual(decoded.frames.count, 120)
        XCTAssertEqual(decoded.durations.first, 1000)
        XCTAssertEqual(decoded.durations.last, 2500)
        XCTAssertEqual(Set(decoded.durations.dropFirst().dropLast()), [60])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder + "/run.json"))) as? [String: Any])
        let artifacts = try XCTUnwrap(json["artifacts"] as? [String: String])
        XCTAssertNotNil(artifacts["figures/training.webp"])
        XCTAssertNotNil(artifacts["params_history.csv"])

        let again = try cli.run(["reproduce", folder])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("figures/training.webp"), again.stdout)
    }

    func testFiguresOptionAndLandscapeOption() throws {
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let r = try cli.run(["run", "--epochs", "300", "--figures", "loss,landscape", "--landscape", "b,c", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let folder = cli.directory + "/" + (r.lastLine as NSString).deletingLastPathComponent
        let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/figures").sorted()
        XCTAssertEqual(files, ["landscape.png", "landscape.svg", "loss.png", "loss.svg"])
        let bad = try cli.run(["run", "--landscape", "a,q", "-q"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("landscape"), bad.stderr)
    }
}
