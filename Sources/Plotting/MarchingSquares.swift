import Foundation

/// One contour line: points in data coordinates, and whether it closes on itself.
public struct ContourLine: Sendable, Equatable {
    public var x: [Double]
    public var y: [Double]
    /// The line returns to its first point (its last point repeats the first).
    public var isClosed: Bool

    public init(x: [Double], y: [Double], isClosed: Bool) {
        self.x = x
        self.y = y
        self.isClosed = isClosed
    }
}

/// Contours of a field sampled on a rectilinear grid, by marching squares — as matplotlib's `contour` draws them.
///
/// The field is row-major: `values[j * xs.count + i]` at (`xs[i]`, `ys[j]`). A corner counts as above the level when
/// its value is greater than the level. Each cell whose corners are not all on one side gets one segment (two in a
/// saddle cell) between points on its edges, placed by linear interpolation. A saddle cell — opposite corners above,
/// the other two below — is disambiguated by the mean of its four corners (the value at its centre): when the centre
/// is above, the two above corners are joined through it and the segments cut off the two below corners, and the
/// other way round. A cell with a NaN (or infinite) corner has no segments, so lines stop at its edge and a hole in
/// the field stays open. Segments are joined into polylines through the edges they share.
public enum MarchingSquares {
    /// The segments of the level set `level`, each a pair of points (x₀, y₀, x₁, y₁), in cell order (row by row).
    public static func segments(xs: [Double], ys: [Double], values: [Double], level: Double)
        -> [(x0: Double, y0: Double, x1: Double, y1: Double)]
    {
        let field = Field(xs: xs, ys: ys, values: values)
        return field.cellSegments(level: level).map { a, b in
            let p = field.point(onEdge: a, level: level), q = field.point(onEdge: b, level: level)
            return (p.x, p.y, q.x, q.y)
        }
    }

    /// The contour lines at `level`: the segments joined into polylines (open lines end on the grid's boundary or
    /// at a NaN cell; closed ones repeat their first point at the end), in a fixed order.
    public static func lines(xs: [Double], ys: [Double], values: [Double], level: Double) -> [ContourLine] {
        let field = Field(xs: xs, ys: ys, values: values)
        let segments = field.cellSegments(level: level)
        guard !segments.isEmpty else { return [] }
        // Edge → the (at most two) segments touching it.
        var touching: [Int: [Int]] = [:]
        touching.reserveCapacity(segments.count * 2)
        for (k, s) in segments.enumerated() {
            touching[s.0, default: []].append(k)
            touching[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var out: [ContourLine] = []

        func walk(from start: Int, edge: Int) -> [Int] {
            // Follows segments from `edge` through segment `start`, returning the edges in order.
            var edges = [edge]
            var current = start
            var at = edge
            while true {
                used[current] = true
                let s = segments[current]
                let next = s.0 == at ? s.1 : s.0
                edges.append(next)
                at = next
                guard let following = touching[next]?.first(where: { !used[$0] }) else { break }
                current = following
            }
            return edges
        }
        func line(_ edges: [Int], closed: Bool) -> ContourLine {
            var x: [Double] = [], y: [Double] = []
            x.reserveCapacity(edges.count)
            y.reserveCapacity(edges.count)
            for e in edges {
                let p = field.point(onEdge: e, level: level)
                x.append(p.x)
                y.append(p.y)
            }
            return ContourLine(x: x, y: y, isClosed: closed)
        }
        // Open lines first: they start at an edge only one segment touches.
        for (k, s) in segments.enumerated() where !used[k] {
            for end in [s.0, s.1] where touching[end]?.count == 1 && !used[k] {
                out.append(line(walk(from: k, edge: end), closed: false))
            }
        }
        // What is left are closed loops.
        for (k, s) in segments.enumerated() where !used[k] {
            out.append(line(walk(from: k, edge: s.0), closed: true))
        }
        return out
    }

    /// The field with its edge numbering: horizontal edge (i, j)–(i + 1, j) is 2·(j·nx + i), vertical edge
    /// (i, j)–(i, j + 1) is 2·(j·nx + i) + 1.
    struct Field {
        let xs: [Double], ys: [Double], values: [Double]
        var nx: Int { xs.count }
        var ny: Int { ys.count }

        init(xs: [Double], ys: [Double], values: [Double]) {
            precondition(values.count == xs.count * ys.count, "the field needs one value per grid point")
            self.xs = xs
            self.ys = ys
            self.values = values
        }

        func value(_ i: Int, _ j: Int) -> Double { values[j * nx + i] }

        /// Each segment as the pair of edges it joins.
        func cellSegments(level: Double) -> [(Int, Int)] {
            guard nx >= 2, ny >= 2 else { return [] }
            var out: [(Int, Int)] = []
            for j in 0..<(ny - 1) {
                for i in 0..<(nx - 1) {
                    let v00 = value(i, j), v10 = value(i + 1, j), v11 = value(i + 1, j + 1), v01 = value(i, j + 1)
                    guard v00.isFinite, v10.isFinite, v11.isFinite, v01.isFinite else { continue }
                    let a00 = v00 > level, a10 = v10 > level, a11 = v11 > level, a01 = v01 > level
                    let bottom = 2 * (j * nx + i), top = 2 * ((j + 1) * nx + i)
                    let left = 2 * (j * nx + i) + 1, right = 2 * (j * nx + i + 1) + 1
                    var crossed: [Int] = []
                    if a00 != a10 { crossed.append(bottom) }
                    if a10 != a11 { crossed.append(right) }
                    if a11 != a01 { crossed.append(top) }
                    if a01 != a00 { crossed.append(left) }
                    if crossed.count == 2 {
                        out.append((crossed[0], crossed[1]))
                    } else if crossed.count == 4 {
                        let centreAbove = (v00 + v10 + v11 + v01) / 4 > level
                        if centreAbove == a00 {
                            // 00 and 11 joined through the centre: cut off corners 10 and 01.
                            out.append((bottom, right))
                            out.append((left, top))
                        } else {
                            // 10 and 01 joined through the centre: cut off corners 00 and 11.
                            out.append((left, bottom))
                            out.append((right, top))
                        }
                    }
                }
            }
            return out
        }

        /// Where the level crosses `edge`, by linear interpolation between its two grid points.
        func point(onEdge edge: Int, level: Double) -> (x: Double, y: Double) {
            let index = edge / 2
            let i = index % nx, j = index / nx
            let (i2, j2) = edge % 2 == 0 ? (i + 1, j) : (i, j + 1)
            let va = value(i, j), vb = value(i2, j2)
            let t = vb == va ? 0.5 : min(1, max(0, (level - va) / (vb - va)))
            return (xs[i] + t * (xs[i2] - xs[i]), ys[j] + t * (ys[j2] - ys[j]))
        }
    }
}

/// Contour levels and where to label them.
public enum ContourLevels {
    /// `count` levels `minimum + d` with d spaced evenly on a log scale from `span`·`ratio` to `span`, where `span` is
    /// `maximum − minimum`: dense near the minimum, so a narrow valley shows as many nested lines. Empty when the
    /// span is not positive and finite.
    public static func logAboveMinimum(minimum: Double, maximum: Double, count: Int, ratio: Double = 1e-4)
        -> [Double]
    {
        let span = maximum - minimum
        guard count > 0, span > 0, span.isFinite, minimum.isFinite, ratio > 0, ratio < 1 else { return [] }
        if count == 1 { return [minimum + span / 2] }
        let lo = log10(span * ratio), hi = log10(span)
        return (0..<count).map { k in minimum + pow(10, lo + (hi - lo) * Double(k) / Double(count - 1)) }
    }

    /// A label position for each line long enough to carry one: the point half way along it (by arc length in the
    /// given scale, e.g. data units divided by the axis ranges so both axes count alike), or `nil` for a line
    /// shorter than `minimumLength`.
    public static func labelPosition(_ line: ContourLine, xScale: Double = 1, yScale: Double = 1,
                                     minimumLength: Double = 0) -> (x: Double, y: Double)? {
        guard line.x.count >= 2 else { return nil }
        var lengths = [0.0]
        for k in 1..<line.x.count {
            let dx = (line.x[k] - line.x[k - 1]) * xScale, dy = (line.y[k] - line.y[k - 1]) * yScale
            lengths.append(lengths[k - 1] + (dx * dx + dy * dy).squareRoot())
        }
        let total = lengths[lengths.count - 1]
        guard total > 0, total >= minimumLength else { return nil }
        let half = total / 2
        let k = lengths.firstIndex { $0 >= half } ?? lengths.count - 1
        let k0 = max(0, k - 1)
        let piece = lengths[k] - lengths[k0]
        let t = piece > 0 ? (half - lengths[k0]) / piece : 0
        return (line.x[k0] + t * (line.x[k] - line.x[k0]), line.y[k0] + t * (line.y[k] - line.y[k0]))
    }
}

/// matplotlib's viridis colour map, by linear interpolation between 9 of its 256 entries.
public enum Viridis {
    static let stops: [UInt32] = [0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30,
                                  0xfde725]

    /// The colour at `t` in [0, 1] (clamped).
    public static func color(_ t: Double) -> Color {
        let u = min(1, max(0, t.isFinite ? t : 0)) * Double(stops.count - 1)
        let k = min(stops.count - 2, Int(u))
        let f = u - Double(k)
        let a = Color(hex: stops[k]), b = Color(hex: stops[k + 1])
        return Color(red: a.red + f * (b.red - a.red), green: a.green + f * (b.green - a.green),
                     blue: a.blue + f * (b.blue - a.blue))
    }
}
