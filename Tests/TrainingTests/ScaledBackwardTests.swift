@testable import Training
import XCTest

/// `ScaledBackward` runs the reverse rule of `s·v[l] + c` in one loop for the sink combinations the planner makes and
/// one loop per operand for any other: every combination of sinks (none, add to lanes, assign lanes, sum) for the
/// scalar, the vector and the addend must give the bits of the plain per-operand rule written out here.
final class ScaledBackwardTests: XCTestCase {
    enum Kind: CaseIterable { case none, lanes, assign, sum }

    func testEverySinkCombinationGivesThePerOperandBits() {
        var rng = Xoshiro256StarStar(seed: 7)
        for count in [0, 5, 8, 37, 128] {
            let x = rng.gaussians(count), g = rng.gaussians(count), start = rng.gaussians(count)
            let k = 1.7 + rng.nextUniform()
            for ks in Kind.allCases {
                for kv in Kind.allCases {
                    for kc in Kind.allCases {
                        let kinds = [ks, kv, kc]
                        // Separate buffers per operand, each starting from `start` (a sum starts from 0.5).
                        var got = [[Double]](repeating: start, count: 3), want = got
                        var gotSum = [Double](repeating: 0.5, count: 3), wantSum = gotSum
                        x.withUnsafeBufferPointer { xp in
                            g.withUnsafeBufferPointer { gp in
                                let xs = xp.baseAddress ?? UnsafePointer(bitPattern: 8)!
                                let gs = gp.baseAddress ?? UnsafePointer(bitPattern: 8)!
                                let loop = ScaledBackward(scalar: k, vector: xs, adjoint: VectorLane(base: gs),
                                                          count: count)
                                withSinks(kinds, &got, &gotSum) { s in loop.run(scalar: s[0], vector: s[1], addend: s[2]) }
                            }
                        }
                        // The rule written out: scalar gets g·x, vector g·k, addend g.
                        let contributions: [(Int) -> Double] = [{ g[$0] * x[$0] }, { g[$0] * k }, { g[$0] }]
                        for position in 0..<3 {
                            switch kinds[position] {
                            case .none: break
                            case .lanes: for l in 0..<count { want[position][l] += contributions[position](l) }
                            case .assign: for l in 0..<count { want[position][l] = contributions[position](l) }
                            case .sum: wantSum[position] += LaneSum.total(count: count, contributions[position])
                            }
                        }
                        XCTAssertEqual(got.map { $0.map(\.bitPattern) }, want.map { $0.map(\.bitPattern) },
                                       "lanes differ for \(kinds), count \(count)")
                        XCTAssertEqual(gotSum.map(\.bitPattern), wantSum.map(\.bitPattern),
                                       "sums differ for \(kinds), count \(count)")
                    }
                }
            }
        }
    }

    /// Calls `body` with sinks of `kinds` pointing into `lanes[position]` or `sums[position]`.
    private func withSinks(_ kinds: [Kind], _ lanes: inout [[Double]], _ sums: inout [Double],
                           _ body: ([AdjointSink?]) -> Void) {
        let a = UnsafeMutablePointer<Double>.allocate(capacity: 3 * 128 + 3)
        defer { a.deallocate() }
        for p in 0..<3 {
            for (l, v) in lanes[p].enumerated() { a[p * 128 + l] = v }
            a[3 * 128 + p] = sums[p]
        }
        body((0..<3).map { p -> AdjointSink? in
            switch kinds[p] {
            case .none: nil
            case .lanes: .lanes(a + p * 128)
            case .assign: .assign(a + p * 128)
            case .sum: .sum(a + 3 * 128 + p)
            }
        })
        for p in 0..<3 {
            for l in lanes[p].indices { lanes[p][l] = a[p * 128 + l] }
            sums[p] = a[3 * 128 + p]
        }
    }
}
