import Foundation
import XCTest
@testable import Training

final class LeastSquaresTests: XCTestCase {
    func testRecoversNoiselessQuadraticExactly() throws {
        let xs = Dataset.linspace(-2, 3, count: 25)
        let ys = xs.map { 4.5 * $0 * $0 - 1.25 * $0 + 0.75 }
        let theta = try LeastSquares.solve(columns: [xs.map { $0 * $0 }, xs, xs.map { _ in 1 }], targets: ys)
        XCTAssertEqual(theta[0], 4.5, accuracy: 1e-13)
        XCTAssertEqual(theta[1], -1.25, accuracy: 1e-13)
        XCTAssertEqual(theta[2], 0.75, accuracy: 1e-13)
    }

    /// Many blocks (TSQR): 30,000 rows, several times `blockRows`, recover a noiseless quadratic exactly.
    func testManyBlocksGiveTheSameExactSolution() throws {
        let xs = Dataset.linspace(-5, 7, count: 30_000)
        XCTAssertGreaterThan(xs.count, 3 * LeastSquares.blockRows)
        let ys = xs.map { -2.5 * $0 * $0 + 0.125 * $0 + 40 }
        let theta = try LeastSquares.solve(columns: [xs.map { $0 * $0 }, xs, xs.map { _ in 1 }], targets: ys)
        XCTAssertEqual(theta[0], -2.5, accuracy: 1e-12)
        XCTAssertEqual(theta[1], 0.125, accuracy: 1e-12)
        XCTAssertEqual(theta[2], 40, accuracy: 1e-10)
    }

    /// On a well-conditioned problem QR and the normal equations (solved here by Cramer's rule) agree.
    func testMatchesNormalEquationsWhenWellConditioned() throws {
        var rng = Xoshiro256StarStar(seed: 5)
        let m = 50
        let c0 = (0..<m).map { _ in rng.nextGaussian() }
        let c1 = (0..<m).map { _ in rng.nextGaussian() }
        let c2 = (0..<m).map { _ in rng.nextGaussian() }
        let y = (0..<m).map { 2 * c0[$0] - c1[$0] + 0.5 * c2[$0] + 0.1 * rng.nextGaussian() }
        let theta = try LeastSquares.solve(columns: [c0, c1, c2], targets: y)

        let cols = [c0, c1, c2]
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        let g = cols.map { ci in cols.map { dot(ci, $0) } }
        let r = cols.map { dot($0, y) }
        func det(_ m: [[Double]]) -> Double {
            m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
        }
        let d = det(g)
        for k in 0..<3 {
            var gk = g
            for i in 0..<3 { gk[i][k] = r[i] }
            XCTAssertEqual(theta[k], det(gk) / d, accuracy: 1e-10)
        }
    }

    func testRankDeficientAndUnderdeterminedAreErrors() {
        let xs = [1.0, 2, 3, 4]
        XCTAssertThrowsError(try LeastSquares.solve(columns: [xs, xs.map { 2 * $0 }], targets: xs))
        XCTAssertThrowsError(try LeastSquares.solve(columns: [[1, 2], [3, 4], [5, 6]], targets: [1, 2]))
    }

    /// NIST StRD Pontius (certified to 15 digits): QR with column scaling must reach ≥ 9 significant digits.
    func testPontiusCertifiedValues() throws {
        let data = try GeneralModelTests.pontius()
        XCTAssertEqual(data.count, 40)
        let fit = try XCTUnwrap(Trainer.fitLeastSquares(
            Model(formula: .parameter("B0") + .parameter("B1") * .variable("x") + .parameter("B2") * .variable("x") ** 2),
            dataset: data, loss: .mse))
        for (got, want) in zip(fit.parameters, GeneralModelTests.pontiusCertified) {
            let digits = -log10(abs(got - want) / abs(want))
            XCTAssertGreaterThanOrEqual(digits, 9, "got \(got), certified \(want)")
        }
    }
}
