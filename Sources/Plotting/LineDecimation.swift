/// Reduces long polylines for drawing without a visible change (issue: 1,000,000-point loss curves).
///
/// Runs of points whose x is monotonic and that hold more than `pointsPerColumn` points per output
/// pixel column are reduced per column to its first, lowest, highest and last point (the "M4"
/// aggregation: every column keeps its vertical extent and its joins to the neighbouring columns),
/// then, for vector output, points within `tolerance` px of the simplified path are dropped
/// (Ramer–Douglas–Peucker; a tolerance of 0 skips this step).
/// Shorter or non-monotonic runs are kept as they are.
enum LineDecimation {
    /// Runs with at most this many points per column are drawn unchanged.
    static let pointsPerColumn = 2.0
    /// Largest distance (px) a dropped point may lie from the simplified path (matplotlib: 1/9 px).
    static let tolerance = 0.1

    /// `points` (in output pixels, `nil` breaking the line) with long runs decimated into
    /// columns `columnWidth` px wide.
    static func decimate(_ points: [Point?], columnWidth: Double = 1, tolerance: Double = tolerance) -> [Point?] {
        guard points.count > 4, columnWidth > 0 else { return points }
        var output: [Point?] = []
        var run: [Point] = []
        var changed = false
        func flush() {
            if let reduced = reduce(run, columnWidth: columnWidth, tolerance: tolerance) {
                output.append(contentsOf: reduced.lazy.map { Optional($0) })
                changed = true
            } else {
                output.append(contentsOf: run.lazy.map { Optional($0) })
            }
            run.removeAll(keepingCapacity: true)
        }
        for point in points {
            if let point {
                run.append(point)
            } else {
                flush()
                output.append(nil)
            }
        }
        flush()
        return changed ? output : points
    }

    /// The decimated run, or `nil` to keep it unchanged.
    static func reduce(_ run: [Point], columnWidth: Double, tolerance: Double) -> [Point]? {
        guard run.count > 4, let first = run.first, let last = run.last else { return nil }
        // Far-off coordinates (explicit limits far inside the data) are left to the clipper.
        let limit = 1e7
        guard run.allSatisfy({ abs($0.x) < limit && abs($0.y) < limit }) else { return nil }
        let increasing = last.x >= first.x
        var previous = first.x
        for point in run {
            guard increasing ? point.x >= previous : point.x <= previous else { return nil }
            previous = point.x
        }
        let columns = abs(last.x - first.x) / columnWidth + 1
        guard Double(run.count) > pointsPerColumn * columns else { return nil }
        let aggregated = m4(run, columnWidth: columnWidth)
        return tolerance > 0 ? simplify(aggregated, tolerance: tolerance) : aggregated
    }

    /// First, lowest, highest and last point of every column, in their original order.
    static func m4(_ run: [Point], columnWidth: Double) -> [Point] {
        var result: [Point] = []
        result.reserveCapacity(Int(min(Double(run.count), 4 * (abs(run[run.count - 1].x - run[0].x) / columnWidth + 2))))
        var column = (run[0].x / columnWidth).rounded(.down)
        var firstIndex = 0, lowIndex = 0, highIndex = 0
        func emit(upTo lastIndex: Int) {
            var indices = [firstIndex, lowIndex, highIndex, lastIndex]
            indices.sort()
            var previous = -1
            for index in indices where index != previous {
                result.append(run[index])
                previous = index
            }
        }
        for index in 1..<run.count {
            let point = run[index]
            let current = (point.x / columnWidth).rounded(.down)
            if current != column {
                emit(upTo: index - 1)
                column = current
                firstIndex = index; lowIndex = index; highIndex = index
                continue
            }
            // Pixel y grows downwards: the "low" point on screen has the largest y.
            if point.y > run[lowIndex].y { lowIndex = index }
            if point.y < run[highIndex].y { highIndex = index }
        }
        emit(upTo: run.count - 1)
        return result
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
