/// A point in output pixels (y down).
struct Point: Equatable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in output pixels, origin at the top-left, y down.
public struct PixelRect: Sendable, Equatable {
    /// Left edge.
    public var x: Double
    /// Top edge.
    public var y: Double
    /// Width (≥ 0 for a proper rectangle).
    public var width: Double
    /// Height (≥ 0 for a proper rectangle).
    public var height: Double

    /// A rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Left edge.
    public var minX: Double { x }
    /// Right edge.
    public var maxX: Double { x + width }
    /// Top edge.
    public var minY: Double { y }
    /// Bottom edge.
    public var maxY: Double { y + height }
    /// Horizontal centre.
    public var midX: Double { x + width / 2 }
    /// Vertical centre.
    public var midY: Double { y + height / 2 }

    /// Whether the point lies inside or on the edge.
    public func contains(x px: Double, y py: Double) -> Bool {
        px >= minX && px <= maxX && py >= minY && py <= maxY
    }

    /// Whether the two rectangles overlap (touching edges count).
    public func intersects(_ other: PixelRect) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// The rectangle grown by `amount` on every side (shrunk for a negative amount).
    public func expanded(by amount: Double) -> PixelRect {
        PixelRect(x: x - amount, y: y - amount, width: width + 2 * amount, height: height + 2 * amount)
    }

    /// The part of the segment a–b inside the rectangle (Liang–Barsky), or `nil`.
    func clip(_ a: Point, _ b: Point) -> (Point, Point)? {
        // Segments entirely on one side of the rectangle miss it (the common case, no division).
        if (a.x < minX && b.x < minX) || (a.x > maxX && b.x > maxX) || (a.y < minY && b.y < minY)
            || (a.y > maxY && b.y > maxY) {
            return nil
        }
        var t0 = 0.0, t1 = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        func edge(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                t0 = max(t0, r)
            } else {
                if r < t0 { return false }
                t1 = min(t1, r)
            }
            return true
        }
        guard edge(-dx, a.x - minX), edge(dx, maxX - a.x), edge(-dy, a.y - minY), edge(dy, maxY - a.y) else {
            return nil
        }
        return (Point(x: a.x + t0 * dx, y: a.y + t0 * dy), Point(x: a.x + t1 * dx, y: a.y + t1 * dy))
    }
}

extension PixelRect {
    /// The part of the closed polygon `polygon` inside the rectangle (Sutherland–Hodgman): its vertices in order,
    /// with new ones where edges cross the rectangle's sides; fewer than three when nothing of it is inside.
    /// Filled with the non-zero rule, the result covers exactly what the polygon covers inside the rectangle.
    func clip(polygon: [Point]) -> [Point] {
        // Vertices inside need no work: the common case costs one pass.
        if polygon.allSatisfy({ contains(x: $0.x, y: $0.y) }) { return polygon }
        var points = polygon
        // Each side: whether a point is inside, and where the segment a–b crosses the side.
        let sides: [(inside: (Point) -> Bool, cross: (Point, Point) -> Point)] = [
            ({ $0.x >= minX }, { a, b in Point(x: minX, y: a.y + (b.y - a.y) * (minX - a.x) / (b.x - a.x)) }),
            ({ $0.x <= maxX }, { a, b in Point(x: maxX, y: a.y + (b.y - a.y) * (maxX - a.x) / (b.x - a.x)) }),
            ({ $0.y >= minY }, { a, b in Point(x: a.x + (b.x - a.x) * (minY - a.y) / (b.y - a.y), y: minY) }),
            ({ $0.y <= maxY }, { a, b in Point(x: a.x + (b.x - a.x) * (maxY - a.y) / (b.y - a.y), y: maxY) }),
        ]
        for side in sides {
            guard let last = points.last else { break }
            var out: [Point] = []
            out.reserveCapacity(points.count + 4)
            var previous = last
            var previousInside = side.inside(previous)
            for point in points {
                let inside = side.inside(point)
                if inside != previousInside { out.append(side.cross(previous, point)) }
                if inside { out.append(point) }
                previous = point
                previousInside = inside
            }
            points = out
        }
        return points
    }
}
