import CCairo
import Foundation
import Plotting

/// Compares decoded images pixel by pixel with a tolerance, and writes diff images.
struct ImageComparison {
    /// Pixels compared.
    let pixelCount: Int
    /// Pixels whose largest RGBA channel difference exceeds the tolerance.
    let differingPixels: Int
    /// The largest channel difference anywhere (0…255).
    let maxDifference: Int
    /// Red where pixels differ beyond the tolerance, the expected image faded elsewhere.
    let diffRGBA: [UInt8]
    let width: Int
    let height: Int

    /// Share of pixels within the tolerance (1 for identical images).
    var fractionWithin: Double { pixelCount == 0 ? 1 : 1 - Double(differingPixels) / Double(pixelCount) }

    /// `nil` when the sizes differ.
    init?(actual: RasterImage, expected: RasterImage, tolerance: Int) {
        guard actual.width == expected.width, actual.height == expected.height else { return nil }
        width = actual.width
        height = actual.height
        pixelCount = width * height
        var differing = 0, worst = 0
        var diff = [UInt8](repeating: 255, count: pixelCount * 4)
        for pixel in 0..<pixelCount {
            var largest = 0
            for channel in 0..<4 {
                largest = max(largest, abs(Int(actual.rgba[pixel * 4 + channel]) - Int(expected.rgba[pixel * 4 + channel])))
            }
            worst = max(worst, largest)
            if largest > tolerance {
                differing += 1
                diff[pixel * 4] = 255; diff[pixel * 4 + 1] = 0; diff[pixel * 4 + 2] = 0
            } else {
                for channel in 0..<3 {
                    diff[pixel * 4 + channel] = UInt8(191 + Int(expected.rgba[pixel * 4 + channel]) / 4)
                }
            }
        }
        differingPixels = differing
        maxDifference = worst
        diffRGBA = diff
    }

    /// The diff image as PNG bytes.
    func diffPNG() -> [UInt8] { PNGEncoder.encode(width: width, height: height, rgba: diffRGBA) }

    /// A sentence for a failed expectation.
    func summary(tolerance: Int) -> String {
        let share = String(format: "%.3f", 100 * fractionWithin)
        return "\(share) % of pixels within \(tolerance) levels (\(differingPixels) differ, max difference \(maxDifference))"
    }

    /// Writes `actual`, `expected` and the diff (when sizes match) as `<name>-actual.png`,
    /// `<name>-expected.png` and `<name>-diff.png` into a temporary folder; returns their paths.
    static func writeArtifacts(name: String, actual: RasterImage, expected: RasterImage?,
                               comparison: ImageComparison?) -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fitreport-plotting-diffs")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var images: [(String, [UInt8])] = [("actual", PNGEncoder.encode(width: actual.width, height: actual.height,
                                                                        rgba: actual.rgba))]
        if let expected {
            images.append(("expected", PNGEncoder.encode(width: expected.width, height: expected.height,
                                                         rgba: expected.rgba)))
        }
        if let comparison { images.append(("diff", comparison.diffPNG())) }
        var paths: [String] = []
        for (kind, bytes) in images {
            let url = folder.appendingPathComponent("\(name)-\(kind).png")
            if (try? Data(bytes).write(to: url)) != nil { paths.append(url.path) }
        }
        return paths
    }
}

/// Encodes straight RGBA pixels as a PNG with Cairo (for diff images in tests).
enum PNGEncoder {
    static func encode(width: Int, height: Int, rgba: [UInt8]) -> [UInt8] {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else { return [] }
        defer { cairo_surface_destroy(surface) }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 4
                let a = UInt32(rgba[i + 3])
                let r = UInt32(rgba[i]) * a / 255, g = UInt32(rgba[i + 1]) * a / 255, b = UInt32(rgba[i + 2]) * a / 255
                let word = a << 24 | r << 16 | g << 8 | b
                UnsafeMutableRawPointer(data + y * stride).storeBytes(of: word, toByteOffset: x * 4, as: UInt32.self)
            }
        }
        cairo_surface_mark_dirty(surface)
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let writer: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        _ = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, writer, Unmanaged.passUnretained(sink).toOpaque())
        }
        return sink.bytes
    }
}
