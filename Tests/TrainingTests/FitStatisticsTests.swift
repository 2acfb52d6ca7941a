import Foundation
import XCTest
@testable import Training

final class FitStatisticsTests: XCTestCase {
    let xs: [Double] = [0.5, 1.1, 1.9, 2.4, 3.3, 4.0, 4.8, 5.5, 6.1, 7.2]
    let noise: [Double] = [0.3, -0.2, 0.1, -0.4, 0.25, 0.05, -0.15, 0.2, -0.1, 0.02]
    var ys: [Double] { xs.indices.map { (i: Int) -> Double in 1.3 + 0.8 * xs[i] + noise[i] } }
    let line = Model(formula: .parameter("a") + .parameter("b") * .variable("x"))

    /// A straight line against the textbook formulas: se(b) = s/√Sxx, se(a) = s·√(1/n + x̄²/Sxx),
    /// cov(a, b) = −x̄·s²/Sxx, and the band's half-width t·s·√(1/n + (x − x̄)²/Sxx).
    func testStraightLineMatchesClosedForms() throws {
        let ys = self.ys
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        let sxx = xs.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let b = sxy / sxx, a = my - b * mx
        let rss = zip(xs, ys).reduce(0) { $0 + ($1.1 - a - b * $1.0) * ($1.1 - a - b * $1.0) }
        let tss = ys.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        let s2 = rss / (n - 2)

        let stats = try FitStatistics.compute(line, inputs: [xs], targets: ys, parameters: [a, b])
        XCTAssertEqual(stats.degreesOfFreedom, 8)
        XCTAssertEqual(stats.residualSumOfSquares, rss, accuracy: 1e-14 * rss)
        XCTAssertEqual(stats.residualStandardDeviation, s2.squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(stats.rSquared, 1 - rss / tss, accuracy: 1e-14)
        XCTAssertEqual(stats.adjustedRSquared, 1 - (rss / tss) * (n - 1) / (n - 2), accuracy: 1e-14)
        XCTAssertEqual(stats.aic, n * log(rss / n) + 4, accuracy: 1e-12)
        XCTAssertEqual(stats.bic, n * log(rss / n) + log(n) * 2, accuracy: 1e-12)
        let se = try XCTUnwrap(stats.standardErrors)
        XCTAssertEqual(se[1], (s2 / sxx).squareRoot(), accuracy: 1e-14)
        XCTAssertEqual(se[0], (s2 * (1 / n + mx * mx / sxx)).squareRoot(), accuracy: 1e-14)
        let cov = try XCTUnwrap(stats.covariance)
        XCTAssertEqual(cov[0][1], -mx * s2 / sxx, accuracy: 1e-14)
        XCTAssertEqual(cov[1][0], cov[0][1])
        let corr = try XCTUnwrap(stats.correlations)
        XCTAssertEqual(corr[0][0], 1)
        XCTAssertEqual(corr[0][1], cov[0][1] / (se[0] * se[1]), accuracy: 1e-14)
        let t = StudentT.quantile(0.975, degreesOfFreedom: 8)
        XCTAssertEqual(stats.tQuantile, t)
        XCTAssertEqual(stats.level, 0.95)
        let intervals = try XCTUnwrap(stats.intervals)
        XCTAssertEqual(intervals[1].lowerBound, b - t * se[1], accuracy: 1e-14)
        XCTAssertEqual(intervals[1].upperBound, b + t * se[1], accuracy: 1e-14)
        XCTAssertEqual(stats.poorlyDetermined, [])

        let grid: [Double] = [-1, 0, 2.2, 9]
        let band = try XCTUnwrap(stats.band(line, inputs: [grid], parameters: [a, b]))
        for (i, x) in grid.enumerated() {
            let half = t * (s2 * (1 / n + (x - mx) * (x - mx) / sxx)).squareRoot()
            XCTAssertEqual(band.lower[i], a + b * x - half, accuracy: 1e-13)
            XCTAssertEqual(band.upper[i], a + b * x + half, accuracy: 1e-13)
        }
    }

    func testLevelChangesTheQuantile() throws {
        let stats = try FitStatistics.compute(line, inputs: [xs], targets: ys, parameters: [1.3, 0.8], level: 0.99)
        XCTAssertEqual(stats.tQuantile, StudentT.quantile(0.995, degreesOfFreedom: 8))
        XCTAssertThrowsError(try FitStatistics.compute(line, inputs: [xs], targets: ys, parameters: [1, 1],
                                                       level: 1))
    }

    /// Badly scaled columns (x up to 10⁶, x²) do not hurt: the covariance matches the one computed on rescaled x.
    func testScaleInvariance() throws {
        let big = xs.map { $0 * 1e6 }
        let quadratic = Model(formula: try Formula.parse("a + b*x + c*x^2"))
        let p = [1.0, 0.5, -0.03]
        let small = try FitStatistics.compute(quadratic, inputs: [xs], targets: ys, parameters: p)
        let scaled = try FitStatistics.compute(quadratic, inputs: [big], targets: ys,
                                               parameters: [p[0], p[1] * 1e-6, p[2] * 1e-12])
        let s1 = try XCTUnwrap(small.standardErrors), s2 = try XCTUnwrap(scaled.standardErrors)
        XCTAssertEqual(s2[0], s1[0], accuracy: 1e-12 * s1[0])
        XCTAssertEqual(s2[1], s1[1] * 1e-6, accuracy: 1e-12 * s1[1] * 1e-6)
        XCTAssertEqual(s2[2], s1[2] * 1e-12, accuracy: 1e-12 * s1[2] * 1e-12)
    }

    /// a·x + b·x: only a + b is determined; the statistics say which parameters, and give no standard errors.
    func testRankDeficiencyNamesTheParameters() throws {
        let model = Model(formula: try Formula.parse("a*x + b*x + c"))
        let stats = try FitStatistics.compute(model, inputs: [xs], targets: ys, parameters: [0.4, 0.4, 1.3])
        XCTAssertNil(stats.standardErrors)
        XCTAssertNil(stats.covariance)
        XCTAssertNil(stats.correlations)
        XCTAssertNil(stats.intervals)
        XCTAssertNil(stats.band(model, inputs: [xs], parameters: [0.4, 0.4, 1.3]))
        XCTAssertEqual(stats.poorlyDetermined.count, 1)
        let sentence = stats.poorlyDetermined[0]
        XCTAssert(sentence.contains("rank 2 of 3"), sentence)
        XCTAssert(sentence.contains("a") && sentence.contains("b") && sentence.contains("c"), sentence)
        // A parameter the model does not depend on at these values (b multiplies a zero).
        let flat = Model(formula: try Formula.parse("a + b*c*x"))
        let zero = try FitStatistics.compute(flat, inputs: [xs], targets: ys, parameters: [1, 0.5, 0])
        XCTAssertNil(zero.standardErrors)
        XCTAssert(zero.poorlyDetermined.first?.contains("do not determine b") == true, "\(zero.poorlyDetermined)")
    }

    /// Nearly collinear columns: determined, but the pair is reported.
    func testHighCorrelationIsReported() throws {
        let model = Model(formula: try Formula.parse("a*exp(b*x) + c*x"))
        let xs = Dataset.linspace(0, 0.01, count: 30)  // exp(b·x) ≈ 1 + b·x: a and c nearly interchangeable
        let ys = xs.map { 1 + 2 * $0 + 0.001 * sin(400 * $0) }
        let stats = try FitStatistics.compute(model, inputs: [xs], targets: ys, parameters: [1, 1, 1])
        XCTAssertNotNil(stats.standardErrors)
        XCTAssert(stats.poorlyDetermined.contains { $0.contains("correlated") }, "\(stats.poorlyDetermined)")
    }

    func testNoDegreesOfFreedomAndErrors() throws {
        let stats = try FitStatistics.compute(line, inputs: [[1, 2]], targets: [1, 3], parameters: [-1, 2])
        XCTAssertEqual(stats.degreesOfFreedom, 0)
        XCTAssert(stats.residualStandardDeviation.isNaN)
        XCTAssertNil(stats.standardErrors)
        XCTAssertEqual(stats.poorlyDetermined.count, 1)
        XCTAssertThrowsError(try FitStatistics.compute(line, inputs: [[1]], targets: [1], parameters: [0, 1])) {
            XCTAssertEqual($0 as? LevenbergMarquardtError, .tooFewRows(rows: 1, parameters: 2))
        }
        XCTAssertThrowsError(try FitStatistics.compute(Model(formula: try Formula.parse("2*x")), inputs: [[1, 2]],
                                                       targets: [1, 3], parameters: []))
        let log = Model(formula: try Formula.parse("a*log(x)"))
        XCTAssertThrowsError(try FitStatistics.compute(log, inputs: [[1, -1, 2]], targets: [1, 2, 3],
                                                       parameters: [1])) {
            XCTAssertEqual($0 as? LevenbergMarquardtError, .nonFiniteResidual(row: 1))
        }
    }
}
