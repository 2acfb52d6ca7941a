import CCairo
import Foundation

/// The markers of one large scatter rendered into a single image from pre-rendered stamps.
///
/// The marker (disc plus edge, with the series alpha) is rendered by Cairo once per sub-pixel
/// phase (4 × 4 phases, so centres are placed to within 1/8 px). Every point then multiplies the
/// transmittance (1 − alpha) of the pixels under its stamp; the colour is applied once at the end.
/// Because all markers of a series share one colour, this equals drawing them one over another
/// with Cairo's OVER operator, independently of order. PNG output composites the layer pixel for
/// pixel; SVG and PDF embed it as one image (at `resolution` × the layout's pixels).
final class MarkerLayer {
    /// Phases per axis.
    private static let phases = 4

    /// ARGB32, premultiplied.
    let surface: OpaquePointer
    /// Top-left of the image in device pixels (layout pixels × `resolution`).
    let originX: Int
    let originY: Int
    /// Device pixels per layout pixel.
    let resolution: Double

    /// Rasterizes `count` markers of `scatter` in `color`, clipped to the pixels covering `area`;
    /// `center(i)` is the centre of marker i in layout pixels, or `nil` to skip it. `nil` if the
    /// image cannot be created. The centres are mapped one at a time, never stored.
    init?(count: Int, scatter: ScatterSeries, color: Color, k: Double, area: PixelRect, resolution: Double,
          center: (Int) -> Point?) {
        let radius = ScatterGeometry.radius(markerArea: scatter.markerArea, k: k) * resolution
        let edge = ScatterGeometry.edgeWidth(k: k) * resolution
        guard radius > 0, radius < 2000, resolution > 0,
              let stamps = StampSet(radius: radius, edge: edge, alpha: Self.clamp(color.alpha) * Self.clamp(scatter.alpha),
                                    phases: Self.phases)
        else { return nil }
        let x0 = Int((area.minX * resolution).rounded(.down)), y0 = Int((area.minY * resolution).rounded(.down))
        let x1 = Int((area.maxX * resolution).rounded(.up)), y1 = Int((area.maxY * resolution).rounded(.up))
        let width = x1 - x0, height = y1 - y0
        guard width > 0, height > 0, width <= 32767, height <= 32767 else { return nil }

        // The transmittance buffer has a margin of two stamps on every side, so that the stamp of any
        // marker touching the image is multiplied in whole rows without clipping.
        let extent = stamps.extent
        let pad = 2 * extent + 2
        let stride = width + 2 * pad + 8, rows = height + 2 * pad
        var transmittance = [Float](repeating: 1, count: stride * rows)
        transmittance.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let phases = Double(Self.phases)
            let lowest = Double(-extent - 1)
            let limitX = Double(width + extent + 1), limitY = Double(height + extent + 1)
            for index in 0..<count {
                guard let point = center(index) else { continue }
                let dx = point.x * resolution - Double(x0), dy = point.y * resolution - Double(y0)
                // Also skips NaN: markers whose stamp cannot reach the image.
                guard dx >= lowest, dx < limitX, dy >= lowest, dy < limitY else { continue }
                let ix = dx.rounded(.down), iy = dy.rounded(.down)
                let qx = min(Self.phases - 1, Int((dx - ix) * phases))
                let qy = min(Self.phases - 1, Int((dy - iy) * phases))
                stamps.multiply(phase: qx, qy, into: base + (Int(iy) + pad) * stride + Int(ix) + pad, stride: stride)
            }
        }

        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            return nil
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface)
        else {
            cairo_surface_destroy(surface)
            return nil
        }
        cairo_surface_flush(surface)
        let surfaceStride = Int(cairo_image_surface_get_stride(surface))
        let red = Float(Self.clamp(color.red)), green = Float(Self.clamp(color.green)), blue = Float(Self.clamp(color.blue))
        transmittance.withUnsafeBufferPointer { buffer in
            data.withMemoryRebound(to: UInt8.self, capacity: surfaceStride * height) { bytes in
                for row in 0..<height {
                    let line = UnsafeMutableRawPointer(bytes + row * surfaceStride)
                    let source = (row + pad) * stride + pad
                    for column in 0..<width {
                        let alpha = 1 - buffer[source + column]
                        var word: UInt32 = 0
                        if alpha > 0 {
                            let a = UInt32((alpha * 255).rounded())
                            let r = UInt32((red * alpha * 255).rounded())
                            let g = UInt32((green * alpha * 255).rounded())
                            let b = UInt32((blue * alpha * 255).rounded())
                            word = a << 24 | r << 16 | g << 8 | b
                        }
                        line.storeBytes(of: word, toByteOffset: column * 4, as: UInt32.self)
                    }
                }
            }
        }
        cairo_surface_mark_dirty(surface)
        self.surface = surface
        self.originX = x0
        self.originY = y0
        self.resolution = resolution
    }

    deinit {
        cairo_surface_destroy(surface)
    }

    /// Composites the layer over what `context` holds (in layout pixels, under its current clip).
    func paint(on context: OpaquePointer) {
        cairo_save(context)
        cairo_translate(context, Double(originX) / resolution, Double(originY) / resolution)
        cairo_scale(context, 1 / resolution, 1 / resolution)
        cairo_set_source_surface(context, surface, 0, 0)
        if resolution == 1, let pattern = cairo_get_source(context) {
            // Whole-pixel placement: copy pixels without resampling.
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
        }
        cairo_paint(context)
        cairo_restore(context)
    }

    private static func clamp(_ value: Double) -> Double {
        value.isFinite ? min(1, max(0, value)) : 1
    }
}

/// The marker pre-rendered at each sub-pixel phase, as transmittance (1 − alpha) cropped to its ink,
/// all phases in one contiguous buffer (the per-marker loop touches no Swift arrays).
private final class StampSet {
    /// Where one phase's stamp lies in `storage` and relative to the pixel holding the centre.
    private struct Stamp {
        var offsetX: Int
        var offsetY: Int
        var width: Int
        var height: Int
        var start: Int
    }

    private let stamps: [Stamp]
    private let storage: UnsafeMutablePointer<Float>
    private let phases: Int
    /// The farthest any stamp pixel lies from its centre pixel.
    let extent: Int

    /// Renders a disc of `radius` px with an edge `edge` px wide, both at `alpha`, at every phase.
    init?(radius: Double, edge: Double, alpha: Double, phases: Int) {
        let half = Int((radius + edge / 2).rounded(.up)) + 2
        let size = 2 * half + 1
        var stamps: [Stamp] = []
        var values: [Float] = []
        for qy in 0..<phases {
            for qx in 0..<phases {
                let center = (x: Double(half) + (Double(qx) + 0.5) / Double(phases),
                              y: Double(half) + (Double(qy) + 0.5) / Double(phases))
                guard let (stamp, transmittance) = Self.render(size: size, half: half, center: center, radius: radius,
                                                               edge: edge, alpha: alpha, start: values.count)
                else { return nil }
                stamps.append(stamp)
                values += transmittance
            }
        }
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: max(1, values.count))
        storage.initialize(repeating: 1, count: max(1, values.count))
        values.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { storage.update(from: base, count: buffer.count) }
        }
        self.storage = storage
        self.stamps = stamps
        self.phases = phases
        self.extent = stamps.map { max(-$0.offsetX, -$0.offsetY, $0.offsetX + $0.width, $0.offsetY + $0.height) }
            .max() ?? 0
    }

    deinit {
        storage.deallocate()
    }

    /// Multiplies the transmittance under the stamp of phase (`qx`, `qy`) by the stamp's, `center`
    /// pointing at the pixel holding the marker centre in a buffer of rows `stride` floats apart
    /// (no clipping: the caller guarantees the stamp lies inside the buffer).
    func multiply(phase qx: Int, _ qy: Int, into center: UnsafeMutablePointer<Float>, stride: Int) {
        let stamp = stamps[qy * phases + qx]
        var target = center + stamp.offsetY * stride + stamp.offsetX
        var source = storage + stamp.start
        // `while` loops: fast in debug builds too (no iterators).
        var row = 0
        while row < stamp.height {
            var column = 0
            while column < stamp.width {
                target[column] *= source[column]
                column += 1
            }
            target += stride
            source += stamp.width
            row += 1
        }
    }

    private static func render(size: Int, half: Int, center: (x: Double, y: Double), radius: Double, edge: Double,
                               alpha: Double, start: Int) -> (Stamp, [Float])? {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(size), Int32(size)) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            return nil
        }
        // Same calls as the vector path (`CairoPainter.markers`): fill, then the edge over it.
        cairo_set_source_rgba(context, 0, 0, 0, alpha)
        cairo_new_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
        cairo_close_path(context)
        cairo_fill_preserve(context)
        cairo_set_line_width(context, edge)
        cairo_stroke(context)
        cairo_destroy(context)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return nil }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var coverage = [UInt8](repeating: 0, count: size * size)
        data.withMemoryRebound(to: UInt8.self, capacity: stride * size) { bytes in
            for row in 0..<size {
                for column in 0..<size { coverage[row * size + column] = bytes[row * stride + column] }
            }
        }
        // Crop to the inked pixels.
        var minX = size, maxX = -1, minY = size, maxY = -1
        for row in 0..<size {
            for column in 0..<size where coverage[row * size + column] > 0 {
                minX = min(minX, column); maxX = max(maxX, column)
                minY = min(minY, row); maxY = max(maxY, row)
            }
        }
        guard maxX >= minX else { return (Stamp(offsetX: 0, offsetY: 0, width: 0, height: 0, start: start), []) }
        let width = maxX - minX + 1, height = maxY - minY + 1
        var transmittance = [Float](repeating: 1, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                transmittance[row * width + column] = 1 - Float(coverage[(minY + row) * size + minX + column]) / 255
            }
        }
        return (Stamp(offsetX: minX - half, offsetY: minY - half, width: width, height: height, start: start),
                transmittance)
    }
}
