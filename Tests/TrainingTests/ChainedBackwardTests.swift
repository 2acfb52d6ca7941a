@testable import Training
import XCTest

/// The reverse rules of `w·f(v·x + u)` fused into one loop (`ChainedBackward`) must give the bits of the three
/// separate rules, for every unary function it covers, both operand orders, with and without addends, and block
/// lengths that leave a tail.
final class ChainedBackwardTests: XCTestCase {
    func testChainedRulesGiveTheSeparateRulesBits() throws {
        let formulas = [
            (0..<4).map { "w\($0)*tanh(v\($0)*x + u\($0))" }.joined(separator: " + ") + " + c",
            "a*sin(b*x) + c",
            "sin(x*b)*a",
            "a*cos(b*x + c) + f",
            "d*exp(k*x) + f",
            "sigmoid(x*k + m)*q + exp(-p*x)*r",
            "a*tanh(a*x + b) + a",
        ]
        // Nested units, where a chain's reader is itself the operand of the next unary step (the kernel fuzz
        // target's finding: the inner unit's reverse rule was skipped, and b's gradient lost half its terms).
        let nested = ["a*sin(b*a*sin(b*x) + x) + c", "w*tanh(v*tanh(u*x) + x) + c", "a*sin(b*x)*c + sin(c*x)"]
        var rng = Xoshiro256StarStar(seed: 3)
        for formula in formulas + nested {
            let model = Model(formula: try Formula.parse(formula))
            let names = model.parameterNames
            let program = try Program(Loss.mse.objective(for: model), variables: ["x", "y"], parameters: names)
            let chained = try XCTUnwrap(plan(program, chain: true)), separate = try XCTUnwrap(plan(program, chain: false))
            if !nested.contains(formula) {
                XCTAssertGreaterThan(chained.steps.filter(\.fusesUnaryOperand).count, 0, "\(formula): nothing chained")
            }
            XCTAssertFalse(chained.steps.contains { $0.fusesUnaryOperand && $0.fusedIntoReader },
                           "\(formula): a chain's reader is skipped by the reverse pass")
            XCTAssertEqual(separate.steps.filter(\.fusesUnaryOperand).count, 0)
            for count in [1, 8, 13, 100, 128] {
                let x = rng.gaussians(count), y = rng.gaussians(count)
                let parameters = names.indices.map { _ in rng.nextGaussian() }
                let a = row(chained, x: x, y: y, parameters: parameters)
                let b = row(separate, x: x, y: y, parameters: parameters)
                XCTAssertEqual(a.map(\.bitPattern), b.map(\.bitPattern), "\(formula), \(count) points")
                XCTAssertTrue(a.allSatisfy(\.isFinite))
            }
        }
    }

    private func plan(_ program: Program, chain: Bool) -> BlockProgram? {
        BlockProgram(program, outputs: [program.instructions.count - 1], hoist: [],
                     blockSize: ObjectiveKernel.programBlockSize, chainReaders: chain)
    }

    /// One block's row (Σ weight·loss, then the boundary adjoint sums).
    private func row(_ plan: BlockProgram, x: [Double], y: [Double], parameters: [Double]) -> [Double] {
        let data = KernelData(columns: [x, y])
        let strategy = BlockProgramStrategy(plan, data: data, workers: 1)
        parameters.withUnsafeBufferPointer { strategy.evaluateUniform(parameters: $0.baseAddress!) }
        var row = [Double](repeating: .nan, count: plan.partialWidth)
        row.withUnsafeMutableBufferPointer { r in
            strategy.runBlock(start: 0, count: x.count, worker: 0, row: r.baseAddress!, weight: 0.37, valueOnly: false)
        }
        return row
    }
}
