import CCairo
import Foundation

/// A decoded PNG for inspecting rendered pixels (e.g. in tests).
public struct RasterImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Un-premultiplied RGBA, 4 bytes per pixel, rows top to bottom.
    public let rgba: [UInt8]

    /// Decodes PNG file bytes with Cairo.
    public init(pngBytes: [UInt8]) throws {
        guard pngBytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
            throw PlottingError.invalidPNG("the data does not start with the PNG signature (\(pngBytes.count) bytes)")
        }
        let source = ByteSource(pngBytes)
        let loaded = source.withReader { reader, closure in
            cairo_image_surface_create_from_png_stream(reader, closure)
        }
        guard let loaded else { throw PlottingError.invalidPNG("Cairo returned no surface") }
        defer { cairo_surface_destroy(loaded) }
        let status = cairo_surface_status(loaded)
        guard status == CAIRO_STATUS_SUCCESS else { throw PlottingError.invalidPNG(PlottingError.message(status)) }
        self = try Self.copyPixels(of: loaded)
    }

    /// Reads and decodes the PNG file at `path`.
    public init(pngFile path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PlottingError.cannotReadFile(path: path, reason: error.localizedDescription)
        }
        try self.init(pngBytes: [UInt8](data))
    }

    private init(width: Int, height: Int, rgba: [UInt8]) {
        self.width = width
        self.height = height
        self.rgba = rgba
    }

    /// Whether (x, y) is a pixel of the image.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height
    }

    /// The colour of pixel (x, y) (0-based, from the top-left), components 0…1, not premultiplied.
    /// Outside the image the result is fully transparent black, which matches no drawn colour.
    public func pixel(x: Int, y: Int) -> Color {
        guard contains(x: x, y: y) else { return Color(red: 0, green: 0, blue: 0, alpha: 0) }
        let offset = (y * width + x) * 4
        return Color(red: Double(rgba[offset]) / 255, green: Double(rgba[offset + 1]) / 255,
                     blue: Double(rgba[offset + 2]) / 255, alpha: Double(rgba[offset + 3]) / 255)
    }

    /// The colour of the pixel containing the continuous point `point` (as returned by
    /// `AxesLayout.pixel(x:y:)`): pixel i covers i..<i+1.
    public func pixel(at point: (x: Double, y: Double)) -> Color {
        guard point.x.isFinite, point.y.isFinite, abs(point.x) < 1e9, abs(point.y) < 1e9 else {
            return Color(red: 0, green: 0, blue: 0, alpha: 0)
        }
        return pixel(x: Int(point.x.rounded(.down)), y: Int(point.y.rounded(.down)))
    }

    /// Paints `surface` onto an ARGB32 surface (whatever format Cairo decoded to) and un-premultiplies.
    private static func copyPixels(of loaded: OpaquePointer) throws -> RasterImage {
        let width = Int(cairo_image_surface_get_width(loaded))
        let height = Int(cairo_image_surface_get_height(loaded))
        guard width > 0, height > 0, let surface = cairo_image_surface_create(
            CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        else { throw PlottingError.invalidPNG("empty image or out of memory") }
        defer { cairo_surface_destroy(surface) }
        try PlottingError.check(cairo_surface_status(surface), "create a \(width)×\(height) image surface")
        if let context = cairo_create(surface) {
            cairo_set_source_surface(context, loaded, 0, 0)
            cairo_set_operator(context, CAIRO_OPERATOR_SOURCE)
            cairo_paint(context)
            cairo_destroy(context)
        }
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else {
            throw PlottingError.invalidPNG("Cairo gave no pixel data")
        }
        let stride = Int(cairo_image_surface_get_stride(surface))
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        data.withMemoryRebound(to: UInt8.self, capacity: stride * height) { bytes in
            for y in 0..<height {
                let row = UnsafeRawPointer(bytes + y * stride)
                for x in 0..<width {
                    // ARGB32 is a native-endian 32-bit word: A in the high byte, premultiplied RGB.
                    let word = row.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
                    let a = UInt32((word >> 24) & 0xff)
                    let out = (y * width + x) * 4
                    rgba[out + 3] = UInt8(a)
                    guard a > 0 else { continue }
                    for (channel, shift) in [(0, 16), (1, 8), (2, 0)] as [(Int, UInt32)] {
                        let premultiplied = (word >> shift) & 0xff
                        rgba[out + channel] = UInt8(min(255, (premultiplied * 255 + a / 2) / a))
                    }
                }
            }
        }
        return RasterImage(width: width, height: height, rgba: rgba)
    }
}

extension Color {
    /// The largest difference of any RGBA component from `other` (0…1).
    public func maxComponentDifference(from other: Color) -> Double {
        max(abs(red - other.red), abs(green - other.green), abs(blue - other.blue), abs(alpha - other.alpha))
    }

    /// Whether every RGBA component is within `tolerance` of `other`'s.
    public func isClose(to other: Color, tolerance: Double = 0.02) -> Bool {
        maxComponentDifference(from: other) <= tolerance
    }
}
