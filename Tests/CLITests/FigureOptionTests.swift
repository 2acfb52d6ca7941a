import Foundation
import Plotting
import XCTest

/// Figure options through the CLI: size and dpi, styles, loss scale, smoothing, progress and logging.
final class FigureOptionTests: XCTestCase {
    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    func figure(_ r: CLIHarness.Result, _ name: String) throws -> RasterImage {
        let dir = URL(fileURLWithPath: cli.directory + "/" + r.lastLine).deletingLastPathComponent().path
        return try RasterImage(pngFile: "\(dir)/figures/\(name).png")
    }

    func testSizeAndDpiSetThePixelSize() throws {
        let r = try cli.run(["--epochs", "20", "-q", "--size", "8x3", "--dpi", "150"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let image = try figure(r, "after")
        XCTAssertEqual(image.width, 1200)
        XCTAssertEqual(image.height, 450)
        let scaled = try cli.run(["--epochs", "20", "-q", "--scale", "2"])
        XCTAssertEqual(try figure(scaled, "dataset").width, 1280)
    }

    func testDarkStyleHasADarkBackground() throws {
        let r = try cli.run(["--epochs", "20", "-q", "--style", "dark"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let corner = try figure(r, "dataset").pixel(x: 3, y: 3)
        XCTAssertLessThan(corner.red + corner.green + corner.blue, 0.3)
        let light = try cli.run(["--epochs", "20", "-q"])
        let lightCorner = try figure(light, "dataset").pixel(x: 3, y: 3)
        XCTAssertGreaterThan(lightCorner.red + lightCorner.green + lightCorner.blue, 2.9)
    }

    /// The loss axis is logarithmic by default when the loss spans more than two decades (Adam on noise-free data
    /// drives it from ~70 to nearly 0), linear when asked; log and linear draw different pictures.
    func testLossScaleAutoLogAndLinear() throws {
        let args = ["--epochs", "2000", "--optimizer", "adam", "--lr", "0.1", "--noise", "0", "-q"]
        let auto = try figure(try cli.run(args), "loss")
        let log = try figure(try cli.run(args + ["--loss-scale", "log"]), "loss")
        let linear = try figure(try cli.run(args + ["--loss-scale", "linear"]), "loss")
        XCTAssert(auto.rgba == log.rgba, "auto did not choose the log scale")
        XCTAssert(log.rgba != linear.rgba, "log and linear look the same")
        // On the blog run the loss spans less than two decades: auto stays linear.
        let blog = try figure(try cli.run(["--epochs", "300", "-q"]), "loss")
        let blogLinear = try figure(try cli.run(["--epochs", "300", "-q", "--loss-scale", "linear"]), "loss")
        XCTAssert(blog.rgba == blogLinear.rgba, "auto chose log for a short range")
    }

    func testSmoothingAddsAFaintRawCurveAndALegend() throws {
        let plain = try figure(try cli.run(["--epochs", "300", "-q"]), "loss")
        let smooth = try figure(try cli.run(["--epochs", "300", "-q", "--smooth", "0.9"]), "loss")
        XCTAssert(plain.rgba != smooth.rgba, "smoothing changed nothing")
        let bad = try cli.run(["--smooth", "1.5"])
        XCTAssertEqual(bad.status, 2)
        XCTAssert(bad.stderr.contains("smooth"), bad.stderr)
    }

    func testProgressBarOnATerminalOnly() throws {
        // Not a terminal (a pipe): no progress output at all.
        let piped = try cli.run(["--epochs", "3000"])
        XCTAssertEqual(piped.status, 0)
        XCTAssertEqual(piped.stderr, "")
        // A pseudo-terminal through script(1): the bar appears on stderr. The first epoch always draws (the last draw
        // is set a second in the past), so everything asserted below is in that first line, however slow the build
        // (the sanitizers slow training tenfold or more): 20,000 epochs are enough and take seconds even then.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script(1) is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "\(CLIHarness.binary.path) --epochs 20000 --validation 0.2 --lr-schedule exp:0.99999 --out \(cli.directory)/tty", "/dev/null"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssert(text.contains("epochs/s") && text.contains("ETA") && text.contains("epoch "), text)
        // Validation loss and the current learning rate beside the training loss.
        XCTAssert(text.contains("  val ") && text.contains("  lr 0.001"), text)
        let quiet = try cli.run(["--epochs", "3000", "--quiet"])
        XCTAssertEqual(quiet.stdout.split(separator: "\n").count, 1)
    }

    func testVerboseLogsPhases() throws {
        let r = try cli.run(["--epochs", "50", "--verbose"])
        XCTAssertEqual(r.status, 0)
        for phase in ["resolving settings", "training", "writing report", "wrote run"] {
            XCTAssert(r.stderr.contains(phase), "missing \(phase): \(r.stderr)")
        }
    }
}
