/// Reduces long polylines for drawing without a visible change (issue: 1,000,000-point loss curves).
///
/// Consecutive points falling in the same column (`columnWidth` px wide) are reduced to the
/// column's first, lowest, highest and last point, in their original order (the "M4"
/// aggregation: each column keeps its vertical extent and its joins to its neighbours, so the
/// ink moves by less than a column width). Vector output then drops points within `tolerance` px
/// of the simplified path (Ramer–Douglas–Peucker; a tolerance of 0 skips this step). The points
/// are mapped and aggregated one at a time, so a line of millions of points never exists as a
/// path in memory.
enum LineDecimation {
    /// Lines with at most this many points per column of the plot area are drawn unchanged.
    static let pointsPerColumn = 2.0
    /// Largest distance (px) a dropped point may lie from the simplified path (matplotlib: 1/9 px).
    static let tolerance = 0.1

    /// Whether a line of `count` points across a plot `plotWidth` px wide is worth decimating.
    static func isWorthDecimating(count: Int, plotWidth: Double, columnWidth: Double) -> Bool {
        columnWidth > 0 && Double(count) > pointsPerColumn * (plotWidth / columnWidth + 1)
    }

    /// The path of a line of `count` points, decimated; `point(i)` is the pixel of point i, or `nil`
    /// for a point that breaks the line.
    static func decimate(count: Int, columnWidth: Double, tolerance: Double = tolerance,
                         point: (Int) -> Point?) -> [Point?] {
        var aggregator = ColumnAggregator(columnWidth: columnWidth, tolerance: tolerance)
        for index in 0..<count {
            if let next = point(index) { aggregator.add(next) } else { aggregator.breakLine() }
        }
        return aggregator.finish()
    }

    /// `points` (in output pixels, `nil` breaking the line) decimated into columns `columnWidth` px wide.
    static func decimate(_ points: [Point?], columnWidth: Double = 1, tolerance: Double = tolerance) -> [Point?] {
        guard columnWidth > 0 else { return points }
        return decimate(count: points.count, columnWidth: columnWidth, tolerance: tolerance) { points[$0] }
    }

    /// Ramer–Douglas–Peucker: drops points within `tolerance` of the segment between kept neighbours.
    static func simplify(_ points: [Point], tolerance: Double) -> [Point] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (start, end) = stack.popLast() {
            guard end - start > 1 else { continue }
            var worst = 0.0, worstIndex = start
            for index in (start + 1)..<end {
                let distance = segmentDistance(points[index], points[start], points[end])
                if distance > worst { worst = distance; worstIndex = index }
            }
            if worst > tolerance {
                keep[worstIndex] = true
                stack.append((start, worstIndex))
                stack.append((worstIndex, end))
            }
        }
        return points.indices.compactMap { keep[$0] ? points[$0] : nil }
    }

    /// Distance from `p` to the segment a–b.
    static func segmentDistance(_ p: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let lengthSquared = dx * dx + dy * dy
        var t = lengthSquared > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSquared : 0
        t = min(1, max(0, t))
        let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
        return (ex * ex + ey * ey).squareRoot()
    }
}

/// Streaming M4 aggregation of a line into columns (see `LineDecimation`).
struct ColumnAggregator {
    private let columnWidth: Double
    private let tolerance: Double
    private var output: [Point?] = []
    /// The aggregated points of the current unbroken run.
    private var run: [Point] = []
    /// The current column and its first, lowest (largest y), highest and last points with their order.
    private var column = 0.0
    private var pointsInColumn = 0
    private var first = (point: Point(x: 0, y: 0), order: 0)
    private var low = (point: Point(x: 0, y: 0), order: 0)
    private var high = (point: Point(x: 0, y: 0), order: 0)
    private var last = (point: Point(x: 0, y: 0), order: 0)
    private var order = 0

    init(columnWidth: Double, tolerance: Double) {
        self.columnWidth = columnWidth
        self.tolerance = tolerance
    }

    /// Adds the next point of the line.
    mutating func add(_ point: Point) {
        let current = (point.x / columnWidth).rounded(.down)
        if pointsInColumn > 0, current == column {
            // Pixel y grows downwards: the lowest point on screen has the largest y.
            if point.y > low.point.y { low = (point, order) }
            if point.y < high.point.y { high = (point, order) }
            last = (point, order)
        } else {
            flushColumn()
            column = current
            first = (point, order); low = first; high = first; last = first
        }
        pointsInColumn += 1
        order += 1
    }

    /// A point that cannot be drawn: ends the current run.
    mutating func breakLine() {
        flushRun()
        output.append(nil)
    }

    /// The decimated path.
    mutating func finish() -> [Point?] {
        flushRun()
        return output
    }

    private mutating func flushColumn() {
        guard pointsInColumn > 0 else { return }
        // First and last bound the column; the lowest and highest points go between, in order.
        let (middle1, middle2) = low.order <= high.order ? (low, high) : (high, low)
        var previous = -1
        for item in [first, middle1, middle2, last] where item.order != previous {
            run.append(item.point)
            previous = item.order
        }
        pointsInColumn = 0
    }

    private mutating func flushRun() {
        flushColumn()
        let simplified = tolerance > 0 ? LineDecimation.simplify(run, tolerance: tolerance) : run
        output.append(contentsOf: simplified.lazy.map { Optional($0) })
        run.removeAll(keepingCapacity: true)
    }
}
