import Foundation
import XCTest
@testable import Training

final class GradientClippingTests: XCTestCase {
    func testClipsToMaxNormLikeTorch() {
        // ‖(3, 4)‖ = 5 > 1: multiplied by 1/(5 + 1e-6).
        var g = [3.0, 4.0]
        XCTAssertEqual(GradientClipping.clipNorm(&g, maxNorm: 1), 5)
        XCTAssertEqual(g, [3 * (1 / (5 + 1e-6)), 4 * (1 / (5 + 1e-6))])
        XCTAssertEqual(sqrt(g[0] * g[0] + g[1] * g[1]), 1, accuracy: 1e-6)

        // (1, 2, 2, 4): norm 5; max 2.5 → factor 2.5/5.000001.
        var h = [1.0, -2, 2, -4]
        XCTAssertEqual(GradientClipping.clipNorm(&h, maxNorm: 2.5), 5)
        let c = 2.5 / (5 + 1e-6)
        XCTAssertEqual(h, [1 * c, -2 * c, 2 * c, -4 * c])
    }

    func testSmallGradientsAreUnchanged() {
        var g = [0.3, -0.4]
        XCTAssertEqual(GradientClipping.clipNorm(&g, maxNorm: 1), 0.5)
        XCTAssertEqual(g, [0.3, -0.4])
        var empty: [Double] = []
        XCTAssertEqual(GradientClipping.clipNorm(&empty, maxNorm: 1), 0)
        var zero = [0.0, 0]
        XCTAssertEqual(GradientClipping.clipNorm(&zero, maxNorm: 0), 0)
        XCTAssertEqual(zero, [0, 0])
    }

    /// torch clamps maxNorm/(norm + 1e-6) at 1, so a norm equal to maxNorm is scaled by 1/(1 + 1e-6·…).
    func testNormAtTheLimitIsScaledAsTorchDoes() {
        var g = [0.6, 0.8]
        let norm = GradientClipping.clipNorm(&g, maxNorm: 1)
        XCTAssertEqual(norm, 1, accuracy: 1e-16)
        let c = 1 / (norm + 1e-6)
        XCTAssertEqual(g, [0.6 * c, 0.8 * c])
        // maxNorm 0 zeroes the gradient, as in torch.
        var h = [1.0, 2]
        GradientClipping.clipNorm(&h, maxNorm: 0)
        XCTAssertEqual(h, [0, 0])
    }

    func testNormDoesNotOverflowOrUnderflow() {
        var big = [3e200, 4e200]
        XCTAssertEqual(GradientClipping.clipNorm(&big, maxNorm: 1), 5e200, accuracy: 1e186)
        XCTAssertEqual(big[0], 0.6, accuracy: 1e-15)
        XCTAssertEqual(big[1], 0.8, accuracy: 1e-15)
        var huge = [Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]
        XCTAssertEqual(GradientClipping.clipNorm(&huge, maxNorm: 1), .infinity)  // the true norm is beyond Double
        var tiny = [3e-200, 4e-200]
        XCTAssertEqual(GradientClipping.clipNorm(&tiny, maxNorm: 1), 5e-200, accuracy: 1e-214)
        XCTAssertEqual(tiny, [3e-200, 4e-200])
        var subnormal = [3 * Double.leastNonzeroMagnitude, 4 * Double.leastNonzeroMagnitude]
        XCTAssertEqual(GradientClipping.l2Norm(subnormal), 5 * Double.leastNonzeroMagnitude)
        XCTAssertEqual(GradientClipping.clipNorm(&subnormal, maxNorm: 1), 5 * Double.leastNonzeroMagnitude)
    }

    func testNonFiniteGradientsAreLeftAlone() {
        var nan = [1.0, .nan, 3]
        XCTAssertTrue(GradientClipping.clipNorm(&nan, maxNorm: 1).isNaN)
        XCTAssertEqual(nan[0], 1)
        XCTAssertEqual(nan[2], 3)
        var inf = [1.0, -.infinity]
        XCTAssertEqual(GradientClipping.clipNorm(&inf, maxNorm: 1), .infinity)
        XCTAssertEqual(inf, [1, -.infinity])
        var negative = [3.0, 4]
        XCTAssertEqual(GradientClipping.clipNorm(&negative, maxNorm: -1), 5)
        XCTAssertEqual(negative, [3, 4])
    }

    /// Random gradients: the norm is the plain Euclidean norm, and the result is the torch formula.
    func testRandomGradientsMatchTheFormula() {
        var rng = Xoshiro256StarStar(seed: 8)
        for _ in 0..<200 {
            let n = 1 + Int(rng.next() % 40)
            let g = (0..<n).map { _ in rng.nextGaussian() * 3 }
            let norm = sqrt(g.reduce(0) { $0 + $1 * $1 })
            let maxNorm = rng.nextUniform() * 2 * norm
            var clipped = g
            XCTAssertEqual(GradientClipping.clipNorm(&clipped, maxNorm: maxNorm), norm, accuracy: 1e-15 * norm)
            let factor = min(1, maxNorm / (norm + 1e-6))
            for i in 0..<n { XCTAssertEqual(clipped[i], g[i] * factor, accuracy: 1e-15 * abs(g[i])) }
        }
    }
}
