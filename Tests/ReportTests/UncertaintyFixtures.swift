import Foundation
import Plotting
import RunRecord
import XCTest
@testable import Report

/// Records of a reference fit with error bars (standard errors, intervals, a confidence band, correlations), as the
/// built-in trainer's Levenberg–Marquardt reference fit will produce them.
enum UncertaintyFixtures {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("templates").path

    /// y ≈ 20x² + 5x − 3 at `rows` x values in shuffled order, with a before, an after and a least-squares
    /// prediction, and a band of ±(2 + 4 (x − ½)²) around the least-squares curve.
    static func data(rows: Int = 40) -> RunData {
        let x = (0..<rows).map { Double(($0 * 17) % rows) / Double(rows - 1) }
        let curve = x.map { 20 * $0 * $0 + 5 * $0 - 3 }
        let y = curve.enumerated().map { $1 + 0.3 * sin(Double($0) * 12.9898) }
        return RunData(
            inputs: [Column("x", x)], target: Column("y", y),
            predictions: [Prediction(name: "y_before", role: .before, values: x.map { _ in 0 }),
                          Prediction(name: "y_after", role: .after, values: curve.map { $0 + 0.05 }),
                          Prediction(name: "least squares", role: .reference, values: curve)],
            band: ConfidenceBand(level: 0.95, lower: zip(curve, x).map { $0 - halfWidth($1) },
                                 upper: zip(curve, x).map { $0 + halfWidth($1) }))
    }

    /// The band's half width at x.
    static func halfWidth(_ x: Double) -> Double { 2 + 4 * (x - 0.5) * (x - 0.5) }

    static let parameters = [
        Parameter(name: "a", initial: 0.1, final: 19.5, reference: 20.0123, standardError: 0.5321, lower: 18.9351,
                  upper: 21.0895),
        Parameter(name: "b", initial: -0.3, final: 5.4, reference: 7.360724, standardError: 0.42131, lower: 6.5078,
                  upper: 8.21365),
        Parameter(name: "c", initial: 1.2, final: -2.9, reference: -3.05, standardError: 0.0823, lower: -3.2166,
                  upper: -2.8834),
    ]

    /// a and b correlate beyond 0.999 (highlighted), the rest do not.
    static let correlations: [[Double]] = [[1, -0.9995, 0.8781], [-0.9995, 1, -0.93], [0.8781, -0.93, 1]]

    static func record(data: RunData? = data(), parameters: [Parameter] = parameters,
                       correlations: [[Double]]? = correlations, level: Double? = 0.95) -> RunRecord {
        var record = RunRecord(
            title: "Reference fit with error bars", source: RunSource(kind: .swiftAPI, toolVersion: "test"),
            stepAxis: .epoch, series: [ScalarSeries(name: "loss", values: (0..<50).map { 100 / Double($0 + 1) })],
            data: data, parameters: parameters, referenceName: "least squares", metrics: [KeyValue("R²", 0.99)])
        record.correlations = correlations
        record.confidenceLevel = level
        return record
    }

    /// `count` parameters with standard errors and intervals, and an identity-like correlation matrix with one
    /// high pair (p0, p1).
    static func manyParameters(_ count: Int) -> (parameters: [Parameter], correlations: [[Double]]) {
        let parameters = (0..<count).map {
            Parameter(name: "p\($0)", initial: 0, final: Double($0), reference: Double($0), standardError: 0.1,
                      lower: Double($0) - 0.2, upper: Double($0) + 0.2)
        }
        var matrix = (0..<count).map { i in (0..<count).map { j in i == j ? 1.0 : 0.01 * Double((i + j) % 7) } }
        matrix[0][1] = 0.9999
        matrix[1][0] = 0.9999
        return (parameters, matrix)
    }

    static func write(_ record: RunRecord, into root: String, formats: [ImageFormat] = [.png, .svg]) throws
        -> WrittenRun
    {
        let settings = ReportSettings(templatesDirectory: templates, formats: formats)
        return try ReportWriter(outputRoot: root, settings: settings).write(record)
    }

    static func figure(_ name: String, of record: RunRecord) throws -> Figure {
        try XCTUnwrap(ReportFigures.make(for: record).first { $0.name == name }?.figure, "no \(name) figure")
    }
}

/// A temporary output folder per test.
class TemporaryFolderTestCase: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fitreport-uncertainty-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }
}
