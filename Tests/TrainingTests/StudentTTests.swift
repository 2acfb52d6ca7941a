import Foundation
import XCTest
@testable import Training

final class StudentTTests: XCTestCase {
    /// Degrees of freedom of the standard one-sided t table: 1…30, 40, 60, 120.
    static let table = Array(1...30) + [40, 60, 120]

    // Critical values t_{p, ν} of the standard t table (as in Abramowitz & Stegun table 26.10 and the NIST/SEMATECH
    // e-Handbook's table 1.3.6.7.2), to 6 significant digits.
    static let p950: [Double] = [
        6.31375, 2.91999, 2.35336, 2.13185, 2.01505, 1.94318, 1.89458, 1.85955, 1.83311, 1.81246,
        1.79588, 1.78229, 1.77093, 1.76131, 1.75305, 1.74588, 1.73961, 1.73406, 1.72913, 1.72472,
        1.72074, 1.71714, 1.71387, 1.71088, 1.70814, 1.70562, 1.70329, 1.70113, 1.69913, 1.69726,
        1.68385, 1.67065, 1.65765,
    ]
    static let p975: [Double] = [
        12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.30600, 2.26216, 2.22814,
        2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
        2.07961, 2.07387, 2.06866, 2.06390, 2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227,
        2.02108, 2.00030, 1.97993,
    ]
    static let p995: [Double] = [
        63.6567, 9.92484, 5.84091, 4.60409, 4.03214, 3.70743, 3.49948, 3.35539, 3.24984, 3.16927,
        3.10581, 3.05454, 3.01228, 2.97684, 2.94671, 2.92078, 2.89823, 2.87844, 2.86093, 2.84534,
        2.83136, 2.81876, 2.80734, 2.79694, 2.78744, 2.77871, 2.77068, 2.76326, 2.75639, 2.75000,
        2.70446, 2.66028, 2.61742,
    ]

    /// `value` rounded to 6 significant digits is `expected`.
    func assertSixDigits(_ value: Double, _ expected: Double, _ message: String, line: UInt = #line) {
        let unit = pow(10, floor(log10(abs(expected))) - 5)  // one unit in the 6th significant digit
        XCTAssertLessThanOrEqual(abs(value - expected), 0.5 * unit * (1 + 1e-9), "\(message): \(value)", line: line)
    }

    func testQuantilesMatchThePublishedTable() {
        for (p, column) in [(0.95, Self.p950), (0.975, Self.p975), (0.995, Self.p995)] {
            for (nu, expected) in zip(Self.table, column) {
                let q = StudentT.quantile(p, degreesOfFreedom: Double(nu))
                assertSixDigits(q, expected, "t(\(p), \(nu))")
                assertSixDigits(-StudentT.quantile(1 - p, degreesOfFreedom: Double(nu)), expected, "symmetry \(nu)")
            }
        }
    }

    func testCDFInvertsTheQuantile() {
        for nu in [0.5, 1, 2, 3, 4.5, 7, 12, 30, 121, 1e4, 1e6] {
            for p in [1e-10, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.62, 0.9, 0.975, 0.999, 1 - 1e-9] {
                let t = StudentT.quantile(p, degreesOfFreedom: nu)
                let back = StudentT.cdf(t, degreesOfFreedom: nu)
                let tail = min(p, 1 - p)
                let tolerance = nu <= 1e4 ? 1e-12 : 1e-9  // see StudentT's notes on accuracy for large ν
                XCTAssertEqual(back, p, accuracy: tolerance * max(tail, 1e-3), "ν = \(nu), p = \(p), t = \(t)")
            }
        }
    }

    /// Large ν (the degrees of freedom of a fit to millions of rows) against the Cornish–Fisher expansion
    /// t = z + (z³ + z)/(4ν) + (5z⁵ + 16z³ + 3z)/(96ν²) + O(ν⁻³) around the normal quantile z.
    func testLargeDegreesOfFreedomFollowTheExpansion() {
        for (p, z) in [(0.95, 1.6448536269514722), (0.975, 1.959963984540054), (0.995, 2.5758293035489004)] {
            for nu in [1e4, 1e5, 1e6, 1e7] {
                let z3 = z * z * z, z5 = z3 * z * z
                let expected = z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu)
                XCTAssertEqual(StudentT.quantile(p, degreesOfFreedom: nu), expected, accuracy: 1e-9 * expected,
                               "ν = \(nu), p = \(p)")
            }
        }
    }

    func testClosedFormsAndLimits() {
        // ν = 1 is Cauchy, ν = 2 has t = (2p − 1)/√(2p(1 − p)); ν = ∞ is the normal.
        XCTAssertEqual(StudentT.cdf(1, degreesOfFreedom: 1), 0.75, accuracy: 1e-15)
        XCTAssertEqual(StudentT.quantile(0.75, degreesOfFreedom: 1), 1, accuracy: 1e-14)
        XCTAssertEqual(StudentT.quantile(0.9, degreesOfFreedom: 2), 0.8 / (2 * 0.9 * 0.1).squareRoot(),
                       accuracy: 1e-14)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: .infinity), 1.959963984540054, accuracy: 1e-12)
        XCTAssertEqual(StudentT.quantile(0.975, degreesOfFreedom: 1e7), 1.959963984540054, accuracy: 1e-6)
        XCTAssertEqual(StudentT.cdf(0, degreesOfFreedom: 5), 0.5)
        XCTAssertEqual(StudentT.quantile(0.5, degreesOfFreedom: 5), 0)
        XCTAssertEqual(StudentT.cdf(.infinity, degreesOfFreedom: 3), 1)
        XCTAssertEqual(StudentT.cdf(-.infinity, degreesOfFreedom: 3), 0)
        XCTAssertEqual(StudentT.quantile(1, degreesOfFreedom: 3), .infinity)
        XCTAssertEqual(StudentT.quantile(0, degreesOfFreedom: 3), -.infinity)
        XCTAssert(StudentT.quantile(1.5, degreesOfFreedom: 3).isNaN)
        XCTAssert(StudentT.quantile(0.9, degreesOfFreedom: 0).isNaN)
        XCTAssert(StudentT.cdf(.nan, degreesOfFreedom: 3).isNaN)
        // A value from the t distribution's closed form for ν = 3: F(t) = ½ + (θ + sinθ cosθ)/π, θ = atan(t/√3).
        let theta = atan(2 / 3.0.squareRoot())
        XCTAssertEqual(StudentT.cdf(2, degreesOfFreedom: 3), 0.5 + (theta + sin(theta) * cos(theta)) / Double.pi,
                       accuracy: 1e-15)
    }

    func testCDFIsMonotoneAndSymmetric() {
        for nu in [1.0, 2, 5, 29] {
            var previous = 0.0
            for t in stride(from: -40.0, through: 40, by: 0.25) {
                let f = StudentT.cdf(t, degreesOfFreedom: nu)
                XCTAssertGreaterThanOrEqual(f, previous)
                XCTAssertEqual(f + StudentT.cdf(-t, degreesOfFreedom: nu), 1, accuracy: 1e-15)
                previous = f
            }
        }
    }
}
