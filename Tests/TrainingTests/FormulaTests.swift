import Foundation
import XCTest
@testable import Training

final class FormulaTests: XCTestCase {
    let x = Expr.variable("x")
    let a = Expr.parameter("a"), b = Expr.parameter("b"), c = Expr.parameter("c")

    func testParsesTheDefaultModel() throws {
        XCTAssertEqual(try Formula.parse("a*x^2 + b*x + c"), Model.quadratic.formula)
    }

    func testPrecedenceAndAssociativity() throws {
        XCTAssertEqual(try Formula.parse("-x^2"), -(x ** 2))
        XCTAssertEqual(try Formula.parse("2^3^2"), .constant(2) ** (.constant(3) ** .constant(2)))
        XCTAssertEqual(try Formula.parse("a - b - c"), (a - b) - c)
        XCTAssertEqual(try Formula.parse("a / b * c"), (a / b) * c)
        XCTAssertEqual(try Formula.parse("a + b * c"), a + b * c)
        XCTAssertEqual(try Formula.parse("x^-1"), x ** .constant(-1))
        XCTAssertEqual(try Formula.parse("(a + b) * c"), (a + b) * c)
        XCTAssertEqual(try Formula.parse("--a"), -(-a))
    }

    func testNumbersConstantsAndFunctions() throws {
        XCTAssertEqual(try Formula.parse("1e-3 * x + 2.5 + .5"), .constant(1e-3) * x + .constant(2.5) + .constant(0.5))
        XCTAssertEqual(try Formula.parse("pi * e"), .constant(Double.pi) * .constant(M_E))
        for name in ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "atan"] {
            let expr = try Formula.parse("\(name)(a*x)")
            guard case .unary(let op, _) = expr else { return XCTFail(name) }
            XCTAssertEqual(op.name, name)
        }
        XCTAssertEqual(try Formula.parse("pow(x, a)"), .binary(.pow, x, a))
    }

    func testParametersInOrderOfFirstAppearance() throws {
        XCTAssertEqual(try Formula.parse("amp*sin(freq*x + phase) + offset").parameterNames,
                       ["amp", "freq", "phase", "offset"])
    }

    func testDescriptionRoundTrips() throws {
        for text in ["a*x^2 + b*x + c", "a*sin(b*x) + c", "-x^2 + a", "(a + b)*c", "a/(b*x)", "pow(x, a) - 3*x^-1",
                     "a - (b - c)", "exp(-(a*x)^2)", "min(a, x) + max(b, 2)"] {
            let expr = try Formula.parse(text)
            XCTAssertEqual(try Formula.parse(expr.description), expr, "\(text) → \(expr.description)")
        }
    }

    func assertError(_ text: String, column: Int, contains words: [String], file: StaticString = #filePath,
                     line: UInt = #line) {
        XCTAssertThrowsError(try Formula.parse(text), file: file, line: line) { error in
            guard let e = error as? FormulaError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.column, column, "\(e)", file: file, line: line)
            for w in words { XCTAssert(e.description.contains(w), "\(e) lacks \(w)", file: file, line: line) }
            // The caret sits under the offending column.
            let lines = e.description.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.count, 3, file: file, line: line)
            XCTAssertEqual(lines[2], "  " + String(repeating: " ", count: column - 1) + "^", file: file, line: line)
        }
    }

    func testErrorsPointAtTheOffendingColumn() {
        assertError("a*x^^2", column: 5, contains: ["expected a number", "'^'"])
        assertError("a*x +", column: 6, contains: ["end of the formula"])
        assertError("a*(x + 1", column: 9, contains: ["')'", "column 3"])
        assertError("a*x 2", column: 5, contains: ["expected an operator"])
        assertError("a*x $ 2", column: 5, contains: ["unexpected character '$'"])
        assertError("", column: 1, contains: ["empty"])
        assertError("sinh(x)", column: 1, contains: ["unknown function 'sinh'", "sigmoid", "tanh"])
        assertError("a(x)", column: 1, contains: ["unknown function 'a'", "parameters, which cannot be called"])
        assertError("x(2)", column: 1, contains: ["'x' is the input variable"])
        assertError("pow(x)", column: 1, contains: ["pow takes 2 arguments"])
        assertError("sin x", column: 1, contains: ["parentheses"])
        assertError("1e999*x", column: 1, contains: ["not a number"])
    }
}
