/// Marker sizes of matplotlib's scatter: `s` is the marker's area in pt² as a square of side √s,
/// so a circle marker has diameter √s pt; its edge (in the face colour) is 1.5 pt wide.
enum ScatterGeometry {
    /// Radius of the filled disc in pixels (0 for a non-positive or non-finite area).
    static func radius(markerArea: Double, k: Double) -> Double {
        guard markerArea.isFinite, markerArea > 0 else { return 0 }
        return markerArea.squareRoot() / 2 * k
    }

    /// Edge width in pixels.
    static func edgeWidth(k: Double) -> Double { PlotStyle.markerEdgeWidth * k }

    /// Radius including the outer half of the edge.
    static func outerRadius(markerArea: Double, k: Double) -> Double {
        let r = radius(markerArea: markerArea, k: k)
        return r > 0 ? r + edgeWidth(k: k) / 2 : 0
    }
}
