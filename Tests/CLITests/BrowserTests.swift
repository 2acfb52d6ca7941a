import Foundation
import Plotting
import XCTest

/// The report in a real browser (headless Chromium): every figure loads (the animated WebP of the fit too), the page
/// fits a 375 px phone screen, and the red prediction line shows up in a screenshot. `.ci/run` installs Chromium when it is missing.
final class BrowserTests: XCTestCase {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    func browser(_ arguments: [String]) throws -> String {
        guard let chromium = Self.chromium else { throw XCTSkip("Chromium is not installed (apt-get install chromium)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                             "--hide-scrollbars", "--allow-file-access-from-files"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func testReportLoadsEveryFigureAndFitsAPhone() throws {
        guard Self.chromium != nil else { throw XCTSkip("Chromium is not installed (apt-get install chromium)") }
        let cli = try CLIHarness()
        defer { cli.cleanUp() }
        let r = try cli.run(["--epochs", "500", "--animate", "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = URL(fileURLWithPath: cli.directory + "/" + r.lastLine)

        // A test-only copy of the page with a probe that reports what the browser loaded into the title.
        let probe = """
            <script>
            window.addEventListener('load', () => {
              const imgs = Array.from(document.images);
              const loaded = imgs.filter(i => i.complete && i.naturalWidth > 0).length;
              const overflow = document.documentElement.scrollWidth > window.innerWidth;
              const anim = document.querySelector('#fig-training img');
              const animation = anim && anim.complete ? anim.naturalWidth + 'x' + anim.naturalHeight : 'none';
              document.title = 'probe loaded=' + loaded + ' total=' + imgs.length + ' overflow=' + overflow
                + ' animation=' + animation;
            });
            </script>
            """
        let html = try String(contentsOf: report, encoding: .utf8)
        let probePage = report.deletingLastPathComponent().appendingPathComponent("probe.html")
        try html.replacingOccurrences(of: "</body>", with: probe + "</body>").write(to: probePage, atomically: true,
                                                                                   encoding: .utf8)
        let dom = try browser(["--window-size=375,800", "--virtual-time-budget=10000", "--dump-dom",
                               probePage.absoluteString])
        // Five data and loss figures, the landscape, the trajectories and the animation (an animated WebP the
        // browser decodes: its natural size is the frames').
        XCTAssert(dom.contains("probe loaded=8 total=8 overflow=false animation=800x360"),
                  "probe title not found: " + (dom.range(of: "<title>.*</title>", options: .regularExpression)
                    .map { String(dom[$0]) } ?? String(dom.prefix(300))))

        // A screenshot of the real page at desktop width shows the thick red prediction line.
        let shot = cli.directory + "/shot.png"
        _ = try browser(["--window-size=1300,2600", "--virtual-time-budget=10000", "--screenshot=\(shot)",
                         report.absoluteString])
        let image = try RasterImage(pngFile: shot)
        var red = 0
        for y in stride(from: 0, to: image.height, by: 2) {
            for x in stride(from: 0, to: image.width, by: 2) {
                let c = image.pixel(x: x, y: y)
                if c.red > 0.9 && c.green < 0.15 && c.blue < 0.15 { red += 1 }
            }
        }
        XCTAssertGreaterThan(red, 200, "no red prediction line in the screenshot")
    }
}
