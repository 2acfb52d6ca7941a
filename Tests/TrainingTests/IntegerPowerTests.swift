import Foundation
import XCTest
@testable import Training

/// a^k for small integer k compiles to multiplications (the same bits on every platform), larger or fractional
/// exponents stay `pow`.
final class IntegerPowerTests: XCTestCase {
    let x = Expr.variable("x"), a = Expr.parameter("a")

    func values(_ expr: Expr, _ xs: [Double], _ p: Double) throws -> [Double] {
        try Evaluator(Program(expr, variables: ["x"], parameters: ["a"])).evaluate(columns: [xs], parameters: [p])
    }

    func testSmallIntegerExponentsAreMultiplications() throws {
        let xs = [-3.7, -1.0, -0.0, 0.0, 0.3, 1.1, 2.5, 1e10, .nan]
        for k in -16...16 where k != 1 {
            let program = try Program(x ** .constant(Double(k)), variables: ["x"], parameters: [])
            XCTAssertFalse(program.instructions.contains { if case .binary(.pow, _, _) = $0 { true } else { false } },
                           "x^\(k) has no pow")
            let got = Evaluator(program).evaluate(columns: [xs], parameters: [])
            for (v, g) in zip(xs, got) {
                // Binary powering from the lowest bit, as documented.
                var base = v, result: Double?, e = abs(k)
                while e > 0 {
                    if e & 1 == 1 { result = result.map { $0 * base } ?? base }
                    e >>= 1
                    if e > 0 { base = base * base }
                }
                let want = k == 0 ? 1 : (k > 0 ? result! : 1 / result!)
                XCTAssertEqual(g.bitPattern, want.bitPattern, "x^\(k) at \(v)")
                // Against libm's pow: a few ulp at most.
                let reference = Foundation.pow(v, Double(k))
                if reference.isFinite, reference != 0 {
                    XCTAssertLessThanOrEqual(abs(g - reference) / abs(reference), 8 * Double.ulpOfOne, "x^\(k) at \(v)")
                } else {
                    XCTAssertTrue(g == reference || (g.isNaN && reference.isNaN), "x^\(k) at \(v): \(g) vs \(reference)")
                }
            }
        }
    }

    func testOtherExponentsStayPow() throws {
        for k in [1.0, 2.5, 17, -17, 0.5] {
            let program = try Program(x ** .constant(k), variables: ["x"], parameters: [])
            XCTAssertTrue(program.instructions.contains { if case .binary(.pow, _, _) = $0 { true } else { false } },
                          "x^\(k) stays pow")
        }
    }

    func testGradientOfAnIntegerPowerMatchesTheAnalyticDerivative() throws {
        let xs = Dataset.linspace(0.5, 2, count: 7)
        let program = try Program((a * x) ** .constant(5) + (a * x) ** .constant(-3), variables: ["x"],
                                  parameters: ["a"])
        let p = 1.3
        let (_, gradient) = Evaluator(program).sumAndGradient(columns: [xs], parameters: [p], weight: 1)
        let analytic = xs.reduce(0.0) { sum, v in sum + 5 * Foundation.pow(p, 4) * Foundation.pow(v, 5)
            - 3 * Foundation.pow(p, -4) * Foundation.pow(v, -3) }
        XCTAssertEqual(gradient[0], analytic, accuracy: 1e-12 * abs(analytic))
    }
}
