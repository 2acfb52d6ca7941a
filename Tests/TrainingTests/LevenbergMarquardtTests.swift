import Foundation
import XCTest
@testable import Training

final class LevenbergMarquardtTests: XCTestCase {
    func model(_ text: String, inputs: [String] = ["x"]) throws -> Model {
        Model(formula: try Formula.parse(text, variables: Set(inputs)), inputs: inputs)
    }

    /// Exact data: the generating parameters come back to rounding, from a start far away.
    func testRecoversExactParameters() throws {
        let xs = Dataset.linspace(0, 4, count: 60)
        let ys = xs.map { 2.5 * exp(-1.3 * $0) + 0.5 }
        let fit = try LevenbergMarquardt.fit(try model("a*exp(-b*x) + c"), inputs: [xs], targets: ys,
                                             start: [1, 0.2, -3])
        XCTAssert(fit.converged, "\(fit.stopReason)")
        for (got, want) in zip(fit.parameters, [2.5, 1.3, 0.5]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertLessThan(fit.residualSumOfSquares, 1e-25)
        XCTAssertGreaterThan(fit.evaluations, fit.iterations)
    }

    /// Noisy data: at the optimum the gradient Jᵀr vanishes (relative to ‖J‖‖r‖), and no nearby point is better.
    func testStopsAtAStationaryPoint() throws {
        var rng = Xoshiro256StarStar(seed: 7)
        let xs = Dataset.linspace(-2, 2, count: 200)
        let noise = rng.gaussians(xs.count)
        let ys = xs.indices.map { 3 * sin(1.7 * xs[$0] + 0.3) + 0.2 * noise[$0] }
        let m = try model("a*sin(b*x + c)")
        let fit = try LevenbergMarquardt.fit(m, inputs: [xs], targets: ys, start: [2, 1.5, 0])
        XCTAssert(fit.converged, "\(fit.stopReason)")
        let program = try Program(m.formula, variables: ["x"], parameters: m.parameterNames)
        let (values, jacobian) = Evaluator(program).valuesAndJacobian(columns: [xs], parameters: fit.parameters,
                                                                      rows: 0..<xs.count)
        let r = xs.indices.map { values[$0] - ys[$0] }
        let rNorm = r.reduce(0) { $0 + $1 * $1 }.squareRoot()
        XCTAssertEqual(r.reduce(0) { $0 + $1 * $1 }, fit.residualSumOfSquares, accuracy: 1e-12)
        for column in jacobian {
            let dot = zip(column, r).reduce(0) { $0 + $1.0 * $1.1 }
            let norm = column.reduce(0) { $0 + $1 * $1 }.squareRoot()
            XCTAssertLessThan(abs(dot) / (norm * rNorm), 1e-9)
        }
        for j in 0..<3 {
            for h in [-1e-5, 1e-5] {
                var p = fit.parameters
                p[j] += h
                let moved = try m.predict(xs, parameters: p)
                let rss = xs.indices.reduce(0.0) { $0 + (moved[$1] - ys[$1]) * (moved[$1] - ys[$1]) }
                XCTAssertGreaterThanOrEqual(rss, fit.residualSumOfSquares)
            }
        }
    }

    /// A model linear in its parameters: LM lands on the Householder least-squares solution.
    func testLinearModelAgreesWithLeastSquares() throws {
        let xs = Dataset.linspace(0, 3, count: 41)
        let ys = xs.map { 1 - 2 * $0 + 0.7 * $0 * $0 + 0.1 * sin(9 * $0) }
        let fit = try LevenbergMarquardt.fit(try model("a + b*x + c*x^2"), inputs: [xs], targets: ys,
                                             start: [0, 0, 0])
        let exact = try LeastSquares.solve(columns: [xs.map { _ in 1 }, xs, xs.map { $0 * $0 }], targets: ys)
        for (got, want) in zip(fit.parameters, exact) { XCTAssertEqual(got, want, accuracy: 1e-12 * max(1, abs(want))) }
    }

    /// Several inputs, in `inputNames` order, and more rows than one block of the streamed QR.
    func testSeveralInputsAndManyBlocks() throws {
        let count = 3 * ResidualStream.blockRows + 17
        var rng = Xoshiro256StarStar(seed: 3)
        let u = (0..<count).map { _ in rng.nextUniform() * 2 }
        let v = (0..<count).map { _ in rng.nextUniform() - 0.5 }
        let ys = (0..<count).map { (i: Int) -> Double in
            let decay: Double = 1.5 * exp(-0.8 * u[i])
            return decay * cos(2 * v[i]) + 0.25 * v[i]
        }
        let m = try model("p*exp(-q*u)*cos(w*v) + s*v", inputs: ["u", "v"])
        let fit = try LevenbergMarquardt.fit(m, inputs: [u, v], targets: ys, start: [1, 1, 1.5, 0])
        XCTAssert(fit.converged)
        for (got, want) in zip(fit.parameters, [1.5, 0.8, 2, 0.25]) { XCTAssertEqual(got, want, accuracy: 1e-10) }
    }

    /// Trial points where the model is not finite are rejected and the trust region shrinks; the fit goes on.
    func testNonFiniteTrialPointsAreRejected() throws {
        // log(x − c) is NaN wherever c ≥ x; the optimum c = −0.5 lies close to that edge (x ≥ 0), the start far.
        let xs = Dataset.linspace(0, 3, count: 40)
        let ys = xs.map { 2 * log($0 + 0.5) + 1 }
        let fit = try LevenbergMarquardt.fit(try model("a*log(x - c) + d"), inputs: [xs], targets: ys,
                                             start: [0.5, -3, 0])
        XCTAssert(fit.converged, "\(fit.stopReason)")
        for (got, want) in zip(fit.parameters, [2, -0.5, 1]) { XCTAssertEqual(got, want, accuracy: 1e-9) }
    }

    func testErrorsNameTheProblem() throws {
        let m = try model("a*log(x) + b")
        XCTAssertThrowsError(try LevenbergMarquardt.fit(m, inputs: [[1, 2, 0, 3]], targets: [1, 2, 3, 4],
                                                        start: [1, 1])) { error in
            XCTAssertEqual(error as? LevenbergMarquardtError, .nonFiniteResidual(row: 2))
            XCTAssert("\(error)".contains("data row 3"), "\(error)")
        }
        // sqrt(x − a) at x = a: a finite residual but an infinite derivative.
        XCTAssertThrowsError(try LevenbergMarquardt.fit(try model("sqrt(x - a) + b"), inputs: [[2, 3, 1, 4]],
                                                        targets: [1, 2, 3, 4], start: [1, 0])) { error in
            XCTAssertEqual(error as? LevenbergMarquardtError, .nonFiniteJacobian(row: 2, parameter: "a"))
        }
        XCTAssertThrowsError(try LevenbergMarquardt.fit(try model("a*x + b + c"), inputs: [[1, 2]], targets: [1, 2],
                                                        start: [0, 0, 0])) { error in
            XCTAssertEqual(error as? LevenbergMarquardtError, .tooFewRows(rows: 2, parameters: 3))
        }
        XCTAssertThrowsError(try LevenbergMarquardt.fit(m, inputs: [[1, 2, 3]], targets: [1, 2], start: [1, 1]))
        XCTAssertThrowsError(try LevenbergMarquardt.fit(m, inputs: [[1, 2], [1, 2]], targets: [1, 2], start: [1, 1]))
        XCTAssertThrowsError(try LevenbergMarquardt.fit(m, inputs: [[1, 2, 3]], targets: [1, 2, 3], start: [1]))
        XCTAssertThrowsError(try LevenbergMarquardt.fit(m, inputs: [[1, 2, 3]], targets: [1, 2, 3],
                                                        start: [1, .nan]))
        var options = LevenbergMarquardt.Options()
        options.ftol = -1
        XCTAssertThrowsError(try LevenbergMarquardt.fit(m, inputs: [[1, 2, 3]], targets: [1, 2, 3], start: [1, 1],
                                                        options: options))
        var renamed = m
        renamed.parameterNames = ["a"]  // b is missing: the model does not compile
        XCTAssertThrowsError(try LevenbergMarquardt.fit(renamed, inputs: [[1, 2, 3]], targets: [1, 2, 3],
                                                        start: [1])) { error in
            guard case .model? = error as? LevenbergMarquardtError else { return XCTFail("\(error)") }
        }
    }

    func testIterationLimitIsNotConvergence() throws {
        let xs = Dataset.linspace(0, 4, count: 30)
        let ys = xs.map { 2.5 * exp(-1.3 * $0) + 0.5 }
        var options = LevenbergMarquardt.Options()
        options.maxIterations = 2
        let fit = try LevenbergMarquardt.fit(try model("a*exp(-b*x) + c"), inputs: [xs], targets: ys,
                                             start: [1, 0.2, -3], options: options)
        XCTAssertEqual(fit.stopReason, .iterationLimit)
        XCTAssertFalse(fit.converged)
        XCTAssertEqual(fit.iterations, 2)
    }

    /// Zero residuals at the start: nothing to do, stopped by the gradient test after one Jacobian.
    func testExactStartStopsAtOnce() throws {
        let xs: [Double] = [1, 2, 3]
        let fit = try LevenbergMarquardt.fit(try model("a*x"), inputs: [xs], targets: xs.map { 2 * $0 },
                                             start: [2])
        XCTAssertEqual(fit.stopReason, .gradient)
        XCTAssertEqual(fit.parameters, [2])
        XCTAssertEqual(fit.iterations, 1)
        XCTAssertEqual(fit.evaluations, 1)
    }

    func testStopReasonsAreDescribedInWords() {
        let reasons: [LevenbergMarquardt.StopReason] = [.reduction, .step, .reductionAndStep, .gradient,
                                                        .iterationLimit, .nonFinite("the Jacobian is NaN")]
        XCTAssertEqual(Set(reasons.map(\.description)).count, reasons.count)
        XCTAssert(LevenbergMarquardt.StopReason.nonFinite("the Jacobian is NaN").description.contains("NaN"))
        for reason in reasons { XCTAssertGreaterThan(reason.description.split(separator: " ").count, 4) }
    }

    /// The streamed QR of a tall matrix equals one factorization: RᵀR = AᵀA and R⁻¹Qᵀb is the least-squares solution,
    /// whatever the blocks.
    func testStreamedQRMatchesOneFactorization() throws {
        var rng = Xoshiro256StarStar(seed: 11)
        let m = 5000, n = 4
        let a = (0..<n).map { j in (0..<m).map { _ in rng.nextGaussian() * pow(10, Double(j)) } }
        let b = (0..<m).map { _ in rng.nextGaussian() }
        var solutions: [[Double]] = []
        for blockRows in [m, 1000, 777, 1] {
            var qr = StreamedQR(columns: n)
            var start = 0
            while start < m {
                let range = start..<min(start + blockRows, m)
                var rhs = Array(b[range])
                qr.add(columns: a.map { Array($0[range]) }, rhs: &rhs)
                start = range.upperBound
            }
            XCTAssertEqual(qr.rows, m)
            for i in 0..<n {
                for j in 0..<n {
                    let rtr = (0..<n).reduce(0.0) { $0 + qr[$1, i] * qr[$1, j] }
                    let ata = zip(a[i], a[j]).reduce(0.0) { $0 + $1.0 * $1.1 }
                    XCTAssertEqual(rtr, ata, accuracy: 1e-11 * pow(10, Double(i + j)) * Double(m))
                }
            }
            var w = [Double](repeating: 0, count: n)
            for k in stride(from: n - 1, through: 0, by: -1) {
                var s = qr.qtb[k]
                for j in (k + 1)..<n { s -= qr[k, j] * w[j] }
                w[k] = s / qr[k, k]
            }
            solutions.append(w)
        }
        let exact = try LeastSquares.solve(columns: a, targets: b)
        for w in solutions {
            for (got, want) in zip(w, exact) { XCTAssertEqual(got, want, accuracy: 1e-12 * max(abs(want), 1e-6)) }
        }
    }
}
