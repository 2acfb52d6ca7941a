import Foundation
import XCTest
@testable import Training

final class JacobianTests: XCTestCase {
    let x = Expr.variable("x"), z = Expr.variable("z")
    let a = Expr.parameter("a"), b = Expr.parameter("b"), c = Expr.parameter("c")

    func models() -> [Expr] {
        [
            a * .exp(-b * x) + c,
            a * .sin(b * x + c) * z,
            .atan(a * x + b) - c * x ** 2 + .sqrt(1 + (b * z) ** 2),
            .pow(1.5 + .cos(a * x), b * 0.3) / (2 + .tanh(c * z)),
            .sigmoid(a * x) * .log(2 + b ** 2) + .abs(c) * z - a,
            .binary(.max, a * x, b * z) + .binary(.min, c, x),
            a * x + b,  // c does not appear: its column is zero
        ]
    }

    func data(_ count: Int) -> [[Double]] {
        let xs = Dataset.linspace(-1.7, 2.3, count: count)
        return [xs, xs.map { 0.4 + sin(3 * $0) }]
    }

    /// Every entry against a central finite difference of the same row's value.
    func testMatchesFiniteDifferences() throws {
        let columns = data(301)
        let params = [0.8, -0.6, 1.1037]  // c off the grid: min(c, x) has no tie
        for formula in models() {
            let program = try Program(formula, variables: ["x", "z"], parameters: ["a", "b", "c"])
            let evaluator = Evaluator(program, blockSize: 16)
            let rows = 37..<290  // crosses block boundaries, starts mid-block
            let (values, jacobian) = evaluator.valuesAndJacobian(columns: columns, parameters: params, rows: rows)
            XCTAssertEqual(values.count, rows.count)
            XCTAssertEqual(jacobian.count, 3)
            let all = Evaluator(program).evaluate(columns: columns, parameters: params)
            XCTAssertEqual(values, Array(all[rows]), "\(formula): values differ from evaluate")
            for j in 0..<3 {
                XCTAssertEqual(jacobian[j].count, rows.count)
                let h = 1e-6 * max(1, abs(params[j]))
                var up = params, down = params
                up[j] += h
                down[j] -= h
                let fu = Evaluator(program).evaluate(columns: columns, parameters: up)
                let fd = Evaluator(program).evaluate(columns: columns, parameters: down)
                for (i, row) in rows.enumerated() {
                    let difference = (fu[row] - fd[row]) / (2 * h)
                    let exact = jacobian[j][i]
                    XCTAssertLessThan(abs(exact - difference) / max(abs(difference), 1e-3), 1e-6,
                                      "\(formula): ∂/∂\(["a", "b", "c"][j]) at row \(row): \(exact) vs \(difference)")
                }
            }
        }
    }

    /// Summed over the rows, the Jacobian is the gradient of Σ f that `sumAndGradient` computes.
    func testRowsSumToTheGradient() throws {
        let columns = data(1000)
        let params = [0.3, 1.7, -0.4]
        for formula in models() {
            let program = try Program(formula, variables: ["x", "z"], parameters: ["a", "b", "c"])
            let evaluator = Evaluator(program, blockSize: 64)
            let (values, jacobian) = evaluator.valuesAndJacobian(columns: columns, parameters: params,
                                                                 rows: 0..<1000)
            let (sum, gradient) = evaluator.sumAndGradient(columns: columns, parameters: params, weight: 1)
            XCTAssertEqual(values.reduce(0, +), sum, accuracy: 1e-11 * max(1, abs(sum)), "\(formula)")
            for j in 0..<3 {
                let total = jacobian[j].reduce(0, +)
                XCTAssertEqual(total, gradient[j], accuracy: 1e-11 * max(1, abs(gradient[j])), "\(formula) ∂\(j)")
            }
        }
    }

    func testParameterAbsentFromTheOutputHasZeroColumn() throws {
        let program = try Program(a * x + b, variables: ["x"], parameters: ["a", "b", "c"])
        let (_, jacobian) = Evaluator(program).valuesAndJacobian(columns: [[1, 2, 3]], parameters: [1, 2, 3],
                                                                 rows: 0..<3)
        XCTAssertEqual(jacobian[0], [1, 2, 3])
        XCTAssertEqual(jacobian[1], [1, 1, 1])
        XCTAssertEqual(jacobian[2], [0, 0, 0])
        let constant = try Program(.constant(4) * x, variables: ["x"], parameters: ["a"])
        let (values, empty) = Evaluator(constant).valuesAndJacobian(columns: [[1, 2]], parameters: [0], rows: 0..<2)
        XCTAssertEqual(values, [4, 8])
        XCTAssertEqual(empty, [[0, 0]])
    }

    func testEmptyRangeGivesEmptyColumns() throws {
        let program = try Program(a * x, variables: ["x"], parameters: ["a"])
        let (values, jacobian) = Evaluator(program).valuesAndJacobian(columns: [[1, 2]], parameters: [1], rows: 1..<1)
        XCTAssertEqual(values, [])
        XCTAssertEqual(jacobian, [[]])
    }
}
