import Foundation
import Plotting
import XCTest

/// Marching squares on analytic fields: where the lines lie, how saddle cells are split, and that NaN cells leave
/// the lines open.
final class MarchingSquaresTests: XCTestCase {
    func grid(_ n: Int, _ lo: Double, _ hi: Double) -> [Double] {
        (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
    }

    func field(_ xs: [Double], _ ys: [Double], _ f: (Double, Double) -> Double) -> [Double] {
        var out: [Double] = []
        for y in ys { for x in xs { out.append(f(x, y)) } }
        return out
    }

    func testCircleContourLiesWithinHalfACellOfTheRadius() {
        let xs = grid(41, -2, 2), ys = grid(37, -2, 2)
        let cell = max(xs[1] - xs[0], ys[1] - ys[0])
        let values = field(xs, ys) { x, y in (x * x + y * y).squareRoot() }
        for r in [0.5, 1.0, 1.37, 1.9] {
            let lines = MarchingSquares.lines(xs: xs, ys: ys, values: values, level: r)
            XCTAssertEqual(lines.count, 1, "r = \(r): one closed line")
            guard let line = lines.first else { continue }
            XCTAssertTrue(line.isClosed)
            XCTAssertEqual(line.x.first, line.x.last)
            XCTAssertGreaterThan(line.x.count, 8)
            for (x, y) in zip(line.x, line.y) {
                XCTAssertEqual((x * x + y * y).squareRoot(), r, accuracy: cell / 2, "r = \(r)")
            }
            // The segments agree with the joined line: as many segments as line pieces.
            let segments = MarchingSquares.segments(xs: xs, ys: ys, values: values, level: r)
            XCTAssertEqual(segments.count, line.x.count - 1)
        }
    }

    func testALineCutOffByTheBoundaryIsOpen() {
        let xs = grid(11, 0, 1), ys = grid(11, 0, 1)
        let values = field(xs, ys) { x, y in x + y }
        let lines = MarchingSquares.lines(xs: xs, ys: ys, values: values, level: 1.05)
        XCTAssertEqual(lines.count, 1)
        XCTAssertFalse(lines[0].isClosed)
        for (x, y) in zip(lines[0].x, lines[0].y) { XCTAssertEqual(x + y, 1.05, accuracy: 1e-12) }
    }

    /// One cell, corners 00 and 11 above the level, 10 and 01 below: the centre (the mean) decides which pair is
    /// joined.
    func testSaddleCellsAreDisambiguatedByTheCentre() {
        let xs = [0.0, 1.0], ys = [0.0, 1.0]
        // Row-major: (0,0), (1,0), (0,1), (1,1).
        let centreAbove = [1.0, 0.0, 0.0, 1.0] // mean 0.5 > 0.4: 00 and 11 joined, 10 and 01 cut off
        let segmentsAbove = MarchingSquares.segments(xs: xs, ys: ys, values: centreAbove, level: 0.4)
        XCTAssertEqual(segmentsAbove.count, 2)
        // The segment near corner (1, 0) joins the bottom and the right edge.
        XCTAssertTrue(segmentsAbove.contains { s in
            s.y0 == 0 && s.x1 == 1 && abs(s.x0 - 0.6) < 1e-12 && abs(s.y1 - 0.4) < 1e-12
        }, "\(segmentsAbove)")
        let segmentsBelow = MarchingSquares.segments(xs: xs, ys: ys, values: centreAbove, level: 0.6)
        XCTAssertEqual(segmentsBelow.count, 2)
        // Mean 0.5 < 0.6: 10 and 01 are joined through the centre, so corner (0, 0) is cut off: left and bottom.
        XCTAssertTrue(segmentsBelow.contains { s in
            s.x0 == 0 && s.y1 == 0 && abs(s.y0 - 0.4) < 1e-12 && abs(s.x1 - 0.4) < 1e-12
        }, "\(segmentsBelow)")
        // The other saddle: 10 and 01 above.
        let other = MarchingSquares.segments(xs: xs, ys: ys, values: [0, 1, 1, 0], level: 0.4)
        XCTAssertEqual(other.count, 2)
        // Centre 0.5 above: 10 and 01 joined, corners 00 and 11 cut off; every point is at distance 0.4 from
        // (0, 0) or 0.6 from (1, 1) along an edge.
        for s in other {
            let near00 = s.x0 + s.y0 < 1
            XCTAssertEqual(near00, s.x1 + s.y1 < 1, "a segment cuts off one corner")
        }
    }

    func testSaddleOfAHyperbolicField() {
        // f = x·y has a saddle at the origin; level 0.01 gives two branches in opposite quadrants, never crossing
        // between them.
        let xs = grid(21, -1, 1), ys = grid(21, -1, 1)
        let values = field(xs, ys) { x, y in x * y }
        let lines = MarchingSquares.lines(xs: xs, ys: ys, values: values, level: 0.01)
        XCTAssertEqual(lines.count, 2)
        for line in lines {
            let signs = Set(line.x.map { $0 > 0 })
            XCTAssertEqual(signs.count, 1, "a branch stays in its quadrant")
        }
    }

    func testNaNCellsLeaveTheLinesOpen() {
        let xs = grid(41, -2, 2), ys = grid(41, -2, 2)
        // A circle of radius 1 with a hole of NaN where x > 0.5 and |y| < 0.3.
        let values = field(xs, ys) { x, y in
            x > 0.5 && abs(y) < 0.3 ? .nan : (x * x + y * y).squareRoot()
        }
        let lines = MarchingSquares.lines(xs: xs, ys: ys, values: values, level: 1)
        XCTAssertEqual(lines.count, 1)
        XCTAssertFalse(lines[0].isClosed, "the hole opens the circle")
        for (x, y) in zip(lines[0].x, lines[0].y) {
            XCTAssertFalse(x > 0.6 && abs(y) < 0.2, "no point inside the hole")
        }
        // A field that is all NaN has no lines.
        XCTAssertTrue(MarchingSquares.lines(xs: xs, ys: ys, values: values.map { _ in .nan }, level: 1).isEmpty)
    }

    func testLevelsAreLogSpacedAboveTheMinimum() {
        let levels = ContourLevels.logAboveMinimum(minimum: 2, maximum: 1002, count: 5, ratio: 1e-4)
        XCTAssertEqual(levels.count, 5)
        let above = levels.map { log10($0 - 2) }
        for (a, b) in zip(above, [-1.0, 0, 1, 2, 3]) { XCTAssertEqual(a, b, accuracy: 1e-9) }
        XCTAssertTrue(ContourLevels.logAboveMinimum(minimum: 1, maximum: 1, count: 5).isEmpty)
    }

    func testLabelPositionIsHalfWayAlongTheLine() {
        let line = ContourLine(x: [0, 1, 1], y: [0, 0, 1], isClosed: false)
        let p = ContourLevels.labelPosition(line)
        XCTAssertEqual(p?.x ?? .nan, 1, accuracy: 1e-12)
        XCTAssertEqual(p?.y ?? .nan, 0, accuracy: 1e-12)
        XCTAssertNil(ContourLevels.labelPosition(line, minimumLength: 3))
    }

    func testViridisEnds() {
        XCTAssertEqual(Viridis.color(0), Color(hex: 0x440154))
        XCTAssertEqual(Viridis.color(1), Color(hex: 0xfde725))
    }
}
