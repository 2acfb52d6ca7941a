// Golden images: reference PNGs in Tests/PlottingTests/Golden/, compared on decoded pixels.
//
// A render passes when at least 99.5 % of its pixels are within 4 levels (of 255) of the golden
// image in every RGBA channel. On failure the actual image, the golden one and a diff (red where
// pixels differ) are written to $TMPDIR/fitreport-plotting-diffs/ and their paths are printed.
//
// After an intended rendering change, re-bless the golden images and review them before committing:
//
//     FITREPORT_BLESS=1 swift test --filter GoldenImageTests
//
// (or scripts/bless-plotting-goldens.sh, which does the same). The files are found next to this
// source file (#filePath), so no package resources are involved.

import Foundation
import Plotting
import Testing

/// One golden image: a name (file Golden/<name>.png) and the figure it shows.
struct GoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let figure: Figure
    var testDescription: String { name }
}

@Suite("Golden images (decoded pixels, tolerance)")
struct GoldenImageTests {
    /// Largest channel difference (of 255) a pixel may have and still match.
    static let tolerance = 4
    /// Share of pixels that must match.
    static let requiredFraction = 0.995

    static let cases: [GoldenCase] = [
        GoldenCase(name: "math-labels", figure: SampleFigures.mathText),
        GoldenCase(name: "log-loss", figure: SampleFigures.logLoss),
        GoldenCase(name: "dark", figure: SampleFigures.dark),
        GoldenCase(name: "wide-150dpi", figure: SampleFigures.wide),
        GoldenCase(name: "big-scatter", figure: bigScatter),
        GoldenCase(name: "confidence-band", figure: SampleFigures.confidenceBand),
    ]

    /// 20 000 faint markers in a roughly Gaussian cloud (drawn from the marker stamp), 320 × 240 px.
    static var bigScatter: Figure {
        let n = 20_000
        let noise = SampleFigures.noise
        let xs = (0..<n).map { i in noise(6 * i) + noise(6 * i + 1) + noise(6 * i + 2) }
        let ys = (0..<n).map { i in 0.5 * xs[i] + 0.6 * (noise(6 * i + 3) + noise(6 * i + 4) + noise(6 * i + 5)) }
        return Figure(widthInches: 3.2, heightInches: 2.4, axes: Axes(
            title: "20 000 points", xLabel: "$x$", yLabel: "$y$",
            series: [.scatter(ScatterSeries(x: xs, y: ys, markerArea: 9, alpha: 0.2))]))
    }

    static var goldenFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static var blessing: Bool { ProcessInfo.processInfo.environment["FITREPORT_BLESS"] == "1" }

    @Test(arguments: cases)
    func matchesGolden(_ golden: GoldenCase) throws {
        let png = try CairoCanvas().render(golden.figure, format: .png)
        let url = Self.goldenFolder.appendingPathComponent("\(golden.name).png")
        if Self.blessing {
            try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
            try Data(png).write(to: url)
            print("Blessed \(url.path)")
            return
        }
        let actual = try RasterImage(pngBytes: png)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let paths = ImageComparison.writeArtifacts(name: golden.name, actual: actual, expected: nil, comparison: nil)
            let message = "No golden image at \(url.path); render is at \(paths.joined(separator: ", ")). "
                + "Create it with: FITREPORT_BLESS=1 swift test --filter GoldenImageTests"
            Issue.record("\(message)")
            return
        }
        let expected = try RasterImage(pngFile: url.path)
        guard let comparison = ImageComparison(actual: actual, expected: expected, tolerance: Self.tolerance) else {
            let paths = ImageComparison.writeArtifacts(name: golden.name, actual: actual, expected: expected, comparison: nil)
            let message = "\(golden.name): size \(actual.width)×\(actual.height) differs from the golden "
                + "\(expected.width)×\(expected.height); see \(paths.joined(separator: ", "))"
            Issue.record("\(message)")
            return
        }
        if comparison.fractionWithin < Self.requiredFraction {
            let paths = ImageComparison.writeArtifacts(name: golden.name, actual: actual, expected: expected,
                                                       comparison: comparison)
            print("Golden image \(golden.name) differs; wrote:\n  " + paths.joined(separator: "\n  "))
            let message = "\(golden.name): \(comparison.summary(tolerance: Self.tolerance)), need "
                + "\(100 * Self.requiredFraction) %. Images: \(paths.joined(separator: ", ")). "
                + "If the change is intended: FITREPORT_BLESS=1 swift test --filter GoldenImageTests"
            Issue.record("\(message)")
        }
    }

    @Test func goldenImagesStaySmall() throws {
        guard !Self.blessing else { return }
        var total = 0
        for golden in Self.cases {
            let url = Self.goldenFolder.appendingPathComponent("\(golden.name).png")
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            total += (attributes[.size] as? Int) ?? 0
        }
        #expect(total < 300_000, "golden images take \(total) bytes")
    }

    @Test func comparisonToleratesSmallDifferencesOnly() throws {
        let png = try CairoCanvas().render(SampleFigures.beforeTraining, format: .png)
        let image = try RasterImage(pngBytes: png)
        let same = try #require(ImageComparison(actual: image, expected: image, tolerance: 0))
        #expect(same.fractionWithin == 1 && same.maxDifference == 0)
        // Moving the model line changes pixels beyond any tolerance.
        var moved = SampleFigures.beforeTraining
        moved.axes.series[1] = .line(LineSeries(x: [-1, 1], y: [0, 1.2], label: "model", color: .red, width: 2))
        let other = try RasterImage(pngBytes: CairoCanvas().render(moved, format: .png))
        let different = try #require(ImageComparison(actual: other, expected: image, tolerance: Self.tolerance))
        #expect(different.fractionWithin < 1 && different.maxDifference > 100)
    }
}
