import Foundation
import XCTest
@testable import Training

final class AutodiffTests: XCTestCase {
    let x = Expr.variable("x")
    let a = Expr.parameter("a"), b = Expr.parameter("b"), c = Expr.parameter("c")

    /// Gradient of `expr` summed over `xs` with respect to its parameters, by the engine.
    func engineGradient(_ expr: Expr, xs: [Double], params: [Double]) throws -> (Double, [Double]) {
        let program = try Program(expr, variables: ["x"], parameters: expr.parameterNames)
        return Evaluator(program, blockSize: 4).sumAndGradient(columns: [xs], parameters: params, weight: 1)
    }

    /// Central finite difference of the summed value.
    func finiteDifference(_ expr: Expr, xs: [Double], params: [Double]) throws -> [Double] {
        let program = try Program(expr, variables: ["x"], parameters: expr.parameterNames)
        let ev = Evaluator(program)
        func f(_ p: [Double]) -> Double { ev.evaluate(columns: [xs], parameters: p).reduce(0, +) }
        return params.indices.map { i in
            let h = 1e-6 * max(1, abs(params[i]))
            var up = params, down = params
            up[i] += h
            down[i] -= h
            return (f(up) - f(down)) / (2 * h)
        }
    }

    func assertGradientMatches(_ expr: Expr, xs: [Double], params: [Double], file: StaticString = #filePath,
                               line: UInt = #line) throws {
        let (_, grad) = try engineGradient(expr, xs: xs, params: params)
        let fd = try finiteDifference(expr, xs: xs, params: params)
        for (g, d) in zip(grad, fd) {
            let rel = abs(g - d) / max(abs(d), 1e-3)
            XCTAssertLessThan(rel, 1e-6, "\(expr): engine \(g) vs finite difference \(d)", file: file, line: line)
        }
    }

    func testHandWrittenCompositionsMatchFiniteDifferences() throws {
        let xs = [0.1, 0.35, 0.7, 1.3, 2.0, -0.4, -1.1]
        let cases: [Expr] = [
            a * .sin(b * x) + c,
            .exp(a * x) / (1 + b ** 2) - .tanh(c * x),
            .sqrt(a ** 2 + x ** 2) * .cos(b) + .log(1 + c ** 2),
            .sigmoid(a * x + b) * .abs(c) - a / (b + 3),
            .pow(1 + a ** 2, b) + .tan(c * 0.3) * x,
            -(a * x) ** 3 + b * c * x - .exp(-c),
            a * x ** 2 + b * x + c,
        ]
        let roszman: Expr = a - b * x - .atan(c / (x - 3)) / .constant(Double.pi)  // NIST Roszman1's shape
        for expr in cases + [roszman] {
            try assertGradientMatches(expr, xs: xs, params: [0.7, -0.4, 1.2])
        }
    }

    /// Every unary op, each alone on an argument kept inside every op's domain ([0.2, 0.8]): the derivative rule
    /// beside each forward rule agrees with central finite differences. A new op is covered without editing this.
    func testEveryUnaryOpMatchesFiniteDifferences() throws {
        let xs = [-1.2, -0.3, 0.25, 0.9, 1.7]
        for op in UnaryOp.allCases {
            let argument = 0.5 + 0.3 * .sin(a * x + b)
            try assertGradientMatches(c * .unary(op, argument) + .unary(op, c * argument), xs: xs,
                                      params: [0.8, -0.35, 0.9])
        }
    }

    /// Random expression trees over every unary and binary op, with domains kept safe by construction.
    func testRandomCompositionsMatchFiniteDifferences() throws {
        var rng = Xoshiro256StarStar(seed: 99)
        func leaf() -> Expr {
            switch rng.next() % 5 {
            case 0: x
            case 1: a
            case 2: b
            case 3: c
            default: .constant((rng.nextUniform() * 4 - 2 ).rounded() / 2 + 0.25)
            }
        }
        func tree(_ depth: Int) -> Expr {
            if depth == 0 { return leaf() }
            let u = tree(depth - 1)
            switch rng.next() % 15 {
            case 0: return u + tree(depth - 1)
            case 1: return u - tree(depth - 1)
            case 2: return u * tree(depth - 1)
            case 3: return u / (2 + .sin(tree(depth - 1)))          // denominator in [1, 3]
            case 4: return .pow(1.5 + .cos(u), tree(depth - 1) * 0.3) // base in [0.5, 2.5]
            case 5: return .sin(u)
            case 6: return .cos(u)
            case 7: return .tan(0.5 * .tanh(u))                       // argument in (−0.5, 0.5)
            case 8: return .exp(.tanh(u))
            case 9: return .log(2 + .cos(u))
            case 10: return .sqrt(1 + u ** 2)
            case 11: return .abs(u) + u
            case 12: return .sigmoid(u) - .tanh(u)
            case 13: return .atan(3 * u)
            default: return -u
            }
        }
        var tested = 0
        while tested < 12 {
            let expr = tree(4)
            guard expr.parameterNames.count >= 2 else { continue }
            let params = expr.parameterNames.map { _ in rng.nextUniform() * 2 - 1 }
            try assertGradientMatches(expr, xs: [0.13, 0.77, 1.4], params: params)
            tested += 1
        }
    }

    /// The MSE gradient of the quadratic against its analytic form (the only place the formula appears).
    func testMSEGradientOfQuadraticMatchesAnalyticForm() throws {
        let xs = Dataset.linspace(0, 1, count: 37)
        let ys = xs.map { 3 * $0 * $0 - $0 + 0.5 + sin(10 * $0) }
        let p = [1.5, -0.3, 2.0]
        let objective = Loss.mse.objective(for: .quadratic)
        let program = try Program(objective, variables: ["x", "y"], parameters: ["a", "b", "c"])
        let (value, grad) = Evaluator(program, blockSize: 8)
            .sumAndGradient(columns: [xs, ys], parameters: p, weight: 1 / Double(xs.count))
        var mse = 0.0, ga = 0.0, gb = 0.0, gc = 0.0
        let n = Double(xs.count)
        for (xi, yi) in zip(xs, ys) {
            let r = p[0] * xi * xi + p[1] * xi + p[2] - yi
            mse += r * r / n
            ga += 2 * r * xi * xi / n
            gb += 2 * r * xi / n
            gc += 2 * r / n
        }
        XCTAssertEqual(value, mse, accuracy: 1e-12 * mse)
        XCTAssertEqual(grad[0], ga, accuracy: 1e-12 * abs(ga))
        XCTAssertEqual(grad[1], gb, accuracy: 1e-12 * abs(gb))
        XCTAssertEqual(grad[2], gc, accuracy: 1e-12 * abs(gc))
    }

    func testBlockSizeDoesNotChangeValues() throws {
        let expr = a * .sin(b * x) + c
        let xs = Dataset.linspace(-3, 3, count: 1001)
        let program = try Program(expr, variables: ["x"], parameters: ["a", "b", "c"])
        let small = Evaluator(program, blockSize: 7).evaluate(columns: [xs], parameters: [1, 2, 3])
        let large = Evaluator(program, blockSize: 512).evaluate(columns: [xs], parameters: [1, 2, 3])
        XCTAssertEqual(small, large)
        XCTAssertEqual(small[500], 1 * sin(2 * xs[500]) + 3)
    }

    func testCompilerSharesCommonSubexpressions() throws {
        let program = try Program(a * x + a * x, variables: ["x"], parameters: ["a"])
        // a, x, a*x, (a*x)+(a*x): the product appears once.
        XCTAssertEqual(program.instructions.count, 4)
    }

    func testUnknownNamesAreReported() {
        XCTAssertThrowsError(try Program(a * .variable("z"), variables: ["x"], parameters: ["a"])) { error in
            XCTAssertEqual(error as? EngineError, .unknownVariable("z", known: ["x"]))
        }
    }

    func testParameterNamesInOrderOfFirstAppearance() {
        XCTAssertEqual((c * x + a * b + c).parameterNames, ["c", "a", "b"])
        XCTAssertEqual(Model.quadratic.parameterNames, ["a", "b", "c"])
    }

    func testDescriptionRendersFormulaSyntax() {
        XCTAssertEqual(Model.quadratic.formula.description, "a*x^2 + b*x + c")
        XCTAssertEqual((a - (b - c)).description, "a - (b - c)")
        XCTAssertEqual(((a + b) * c).description, "(a + b)*c")
    }

    func testLinearityIsReadOffTheGraph() {
        XCTAssertEqual(ParameterDependence(of: Model.quadratic.formula), .linear)
        XCTAssertEqual(ParameterDependence(of: a * .sin(x) + b / 2 - c * x ** 3), .linear)
        XCTAssertEqual(ParameterDependence(of: a * .sin(b * x)), .nonlinear)
        XCTAssertEqual(ParameterDependence(of: a * b * x), .nonlinear)
        XCTAssertEqual(ParameterDependence(of: .exp(x) + 1), .constant)
    }
}
