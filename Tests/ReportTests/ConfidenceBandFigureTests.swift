import Foundation
@testable import Plotting
import RunRecord
import XCTest
import Report
@testable import RunArtifacts

/// The reference's confidence band in the `after` figure: shaded behind everything for one input, error bars in
/// the predicted-against-actual figure for several.
final class ConfidenceBandFigureTests: TemporaryFolderTestCase {
    typealias F = UncertaintyFixtures

    func testAfterFigureShadesTheBandBehindEverythingSortedByX() throws {
        let data = F.data()
        let axes = try F.figure("after", of: F.record(data: data)).axes
        guard case .band(let band) = axes.series.first else { return XCTFail("the band is drawn first") }
        XCTAssertEqual(band.label, "95 % confidence band")
        XCTAssertEqual(band.color, .black)
        XCTAssertEqual(band.alpha, 0.15)
        XCTAssertEqual(band.x, data.x.sorted())
        // Each bound stays with its row: the band is centred on the least-squares curve at every x.
        for (i, x) in band.x.enumerated() {
            let centre = 20 * x * x + 5 * x - 3
            XCTAssertEqual(band.lower[i], centre - F.halfWidth(x), accuracy: 1e-12)
            XCTAssertEqual(band.upper[i], centre + F.halfWidth(x), accuracy: 1e-12)
        }
        XCTAssertEqual(axes.series.compactMap(\.label), ["95 % confidence band", "y_true", "y_pred", "least squares"])
    }

    func testWithoutABandTheFiguresAreAsBefore() throws {
        var plain = F.data()
        plain.band = nil
        let withBand = ReportFigures.make(for: F.record())
        let without = ReportFigures.make(for: F.record(data: plain))
        XCTAssertEqual(withBand.map(\.name), without.map(\.name))
        for ((name, a), (_, b)) in zip(withBand, without) {
            if name == "after" {
                XCTAssertEqual(Array(a.axes.series.dropFirst()), b.axes.series, "only the band is added")
                XCTAssertFalse(b.axes.series.contains { if case .band = $0 { true } else { false } })
            } else {
                XCTAssertEqual(a, b, "\(name) does not show the band")
            }
        }
    }

    func testABandOfTheWrongLengthIsNotDrawn() throws {
        var data = F.data()
        data.band?.lower.removeLast()
        let axes = try F.figure("after", of: F.record(data: data)).axes
        XCTAssertFalse(axes.series.contains { if case .band = $0 { true } else { false } })
    }

    /// after.png: grey (black at alpha 0.15 over white) between the bounds, white outside.
    func testAfterPNGIsShadedBetweenTheBounds() throws {
        let data = F.data()
        let record = F.record(data: data)
        let written = try F.write(record, into: root, formats: [.png])
        let image = try RasterImage(pngFile: written.directory + "/figures/after.png")
        let figure = try F.figure("after", of: record)
        let layout = try CairoCanvas().layout(of: figure)
        let grey = Color(red: 217 / 255, green: 217 / 255, blue: 217 / 255)
        let legend = try XCTUnwrap(layout.legendFrame)
        var checked = 0
        for x in [0.3, 0.45, 0.6, 0.75, 0.9] {
            let centre = 20 * x * x + 5 * x - 3, half = F.halfWidth(x)
            // 70 % of the way to each bound: away from the markers and lines around the curve.
            for y in [centre + 0.7 * half, centre - 0.7 * half] {
                let p = layout.pixel(x: x, y: y)
                guard !legend.contains(x: p.x, y: p.y) else { continue }
                let colour = image.pixel(at: p)
                XCTAssert(colour.isClose(to: grey, tolerance: 2.5 / 255), "x = \(x), y = \(y): \(colour)")
                checked += 1
            }
            for y in [centre + 1.5 * half, centre - 1.5 * half] {
                let p = layout.pixel(x: x, y: y)
                guard layout.plotArea.contains(x: p.x, y: p.y), !legend.contains(x: p.x, y: p.y) else { continue }
                XCTAssert(image.pixel(at: p).isClose(to: .white, tolerance: 0.01), "outside the band at x = \(x)")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 12)
        // The legend's first entry is the band's grey patch.
        let handle = try XCTUnwrap(layout.legend?.entries.first)
        XCTAssertEqual(handle.text.text, "95 % confidence band")
        let patch = image.pixel(at: (handle.handleCenter.x, handle.handleCenter.y))
        XCTAssert(patch.isClose(to: grey, tolerance: 2.5 / 255), "\(patch)")
    }

    func testTheDarkStyleShadesTheBandInWhite() throws {
        var settings = FigureSettings.blog
        settings.style = "dark"
        let figure = try XCTUnwrap(ReportFigures.make(for: F.record(), settings: settings).first { $0.name == "after" })
        let image = try RasterImage(pngBytes: CairoCanvas().render(figure.figure, format: .png))
        let layout = try CairoCanvas().layout(of: figure.figure)
        let x = 0.6, centre = 20 * x * x + 5 * x - 3
        // White at alpha 0.15 over black.
        let colour = image.pixel(at: layout.pixel(x: x, y: centre + 0.7 * F.halfWidth(x)))
        XCTAssert(colour.isClose(to: Color(red: 38 / 255, green: 38 / 255, blue: 38 / 255), tolerance: 2.5 / 255),
                  "\(colour)")
    }

    func testSeveralInputsDrawTheBandAsErrorBarsThroughTheReferenceMarkers() throws {
        var data = MultiInputFigureTests.data()
        let reference = try XCTUnwrap(data.prediction(.reference)).values
        data.band = ConfidenceBand(level: 0.9, lower: reference.map { $0 - 2 }, upper: reference.map { $0 + 2 })
        let axes = try F.figure("after", of: MultiInputFigureTests.record(data)).axes
        XCTAssertEqual(axes.series.compactMap(\.label),
                       ["y_pred", "90 % confidence band", "least_squares", "$y = x$"])
        guard case .line(let bars) = axes.series[1], case .scatter(let markers) = axes.series[2] else {
            return XCTFail("error bars, then the reference's markers")
        }
        XCTAssertEqual(bars.color, markers.color)
        XCTAssertEqual(bars.x.count, 3 * data.rowCount)
        for row in [0, 7, data.rowCount - 1] {
            XCTAssertEqual(Array(bars.x[(3 * row)..<(3 * row + 2)]), [data.y[row], data.y[row]])
            XCTAssertEqual(Array(bars.y[(3 * row)..<(3 * row + 2)]), [reference[row] - 2, reference[row] + 2])
            XCTAssert(bars.y[3 * row + 2].isNaN, "a break between the bars")
        }
        // The limits hold every bar.
        let limits = try XCTUnwrap(axes.yLimits)
        XCTAssert(limits.contains(reference.min()! - 2) && limits.contains(reference.max()! + 2))
        XCTAssertEqual(axes.xLimits, axes.yLimits)
    }

    func testManyRowsOrNoReferenceLeaveTheErrorBarsOut() throws {
        var many = MultiInputFigureTests.data(rows: ReportFigures.maximumErrorBarRows + 1)
        let reference = try XCTUnwrap(many.prediction(.reference)).values
        many.band = ConfidenceBand(level: 0.95, lower: reference, upper: reference)
        var noReference = many
        noReference.predictions.removeAll { $0.role == .reference }
        for data in [many, noReference] {
            let axes = try F.figure("after", of: MultiInputFigureTests.record(data)).axes
            XCTAssertFalse(axes.series.contains { $0.label?.contains("confidence") == true })
        }
    }
}
