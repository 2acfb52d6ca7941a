import Foundation
import XCTest
@testable import Training

/// The three strategies behind `ObjectiveKernel` through its shared parts: the partition each reports, value-only
/// calls, row ranges and shuffled rows (precomputed columns included).
final class KernelStrategyTests: XCTestCase {
    let x = Expr.variable("x")
    let a = Expr.parameter("a"), b = Expr.parameter("b"), c = Expr.parameter("c")

    func program(_ formula: Expr, _ loss: Loss = .mse) throws -> Program {
        let model = Model(formula: formula)
        return try Program(loss.objective(for: model), variables: ["x", "y"], parameters: model.parameterNames)
    }

    /// One objective per strategy: fused (with a precomputed sin(x)), block program (with a precomputed cos(x)) and
    /// reference (a parameter-only penalty).
    func objectives() throws -> [(Program, ObjectiveKernel.Strategy)] {
        [
            (try program(a * .sin(x) + b * x + c, .huber(delta: 0.5)), .fusedResidual),
            (try program(a * .sin(b * x) + c * .cos(x)), .blockProgram),
            (try Program(a * a + .sin(b) * c, variables: ["x", "y"], parameters: ["a", "b", "c"]), .reference),
        ]
    }

    func data(_ count: Int) -> (xs: [Double], ys: [Double]) {
        let xs = Dataset.linspace(-2, 2.5, count: count)
        return (xs, xs.map { 0.8 * sin(1.3 * $0) - 0.2 * $0 + 0.1 * cos(5 * $0) })
    }

    func testEachStrategyReportsItsPartition() throws {
        let (xs, ys) = data(70_001)
        let expected: [ObjectiveKernel.Strategy: (blockSize: Int, threads: Int)] = [
            .fusedResidual: (ObjectiveKernel.fusedBlockSize, 2),
            .blockProgram: (ObjectiveKernel.programBlockSize, 2),
            .reference: (70_001, 1),
        ]
        for (program, strategy) in try objectives() {
            let kernel = ObjectiveKernel(program, columns: [xs, ys], weight: 1, threads: 2)
            XCTAssertEqual(kernel.strategy, strategy)
            XCTAssertEqual(kernel.blockSize, expected[strategy]?.blockSize, "\(strategy)")
            XCTAssertEqual(kernel.threads, expected[strategy]?.threads, "\(strategy)")
            XCTAssertEqual(kernel.pointCount, 70_001)
        }
    }

    /// `value` is the value of `valueAndGradient`, bit for bit, for full and partial ranges and any thread count.
    func testValueOnlyEqualsTheValueOfValueAndGradient() throws {
        let (xs, ys) = data(70_001)
        let p = [0.9, 1.1, -0.3]
        for (program, strategy) in try objectives() {
            for threads in [1, 2] {
                let kernel = ObjectiveKernel(program, columns: [xs, ys], weight: 1 / 70_001, threads: threads)
                var g: [Double] = []
                for (rows, weight) in [(0..<70_001, 1 / 70_001.0), (5..<40_005, 0.25), (17..<29, 1.0)] {
                    let full = kernel.valueAndGradient(parameters: p, gradient: &g, rows: rows, weight: weight)
                    XCTAssertEqual(kernel.value(parameters: p, rows: rows, weight: weight), full,
                                   "\(strategy) \(rows) threads \(threads)")
                }
                XCTAssertEqual(kernel.value(parameters: p), kernel.valueAndGradient(parameters: p, gradient: &g))
            }
        }
    }

    /// After `shuffleRows`, every strategy sees the rows in `rng.permutation` order — precomputed columns moved with
    /// the data — as `Evaluator` over permuted copies confirms.
    func testShuffledRowsMatchEvaluatorOnPermutedColumns() throws {
        let (xs, ys) = data(3_001)
        let p = [0.9, 1.1, -0.3]
        for (program, strategy) in try objectives() {
            let kernel = ObjectiveKernel(program, columns: [xs, ys], weight: 1)
            var rng = Xoshiro256StarStar(seed: 7)
            var order = Array(0..<xs.count)
            for _ in 0..<2 {
                var copy = rng
                let step = copy.permutation(xs.count)
                kernel.shuffleRows(using: &rng)
                order = step.map { order[$0] }
            }
            let rows = 1_000..<1_700
            let columns = [xs, ys].map { column in rows.map { column[order[$0]] } }
            let (value, gradient) = Evaluator(program).sumAndGradient(columns: columns, parameters: p, weight: 0.5)
            var g: [Double] = []
            let v = kernel.valueAndGradient(parameters: p, gradient: &g, rows: rows, weight: 0.5)
            XCTAssertEqual(v, value, accuracy: 1e-12 * max(abs(value), 1), "\(strategy)")
            for (gi, ri) in zip(g, gradient) {
                XCTAssertEqual(gi, ri, accuracy: 1e-10 * max(abs(ri), 1), "\(strategy) gradient")
            }
        }
    }
}
