import Foundation
import Plotting
import XCTest

/// Animated WebP written with libwebp's WebPAnimEncoder reads back with its WebPAnimDecoder: frame count, canvas
/// size, frame timing and (roughly, the frames are lossy) the pixels.
final class WebPAnimationTests: XCTestCase {
    func figure(_ k: Int) -> Figure {
        let x = (0..<50).map { Double($0) / 49 }
        let y = x.map { $0 * Double(k) }
        return Figure(widthInches: 3.2, heightInches: 2.4, dpi: 100,
                      axes: Axes(title: "frame \(k)", series: [.line(LineSeries(x: x, y: y, color: .red, width: 4))]))
    }

    func testFramesDecodeWithTheirSizeAndTiming() throws {
        let canvas = CairoCanvas()
        let durations = [1000, 60, 60, 60, 2500]
        let frames = try durations.enumerated().map { k, d in try canvas.renderFrame(figure(k), durationMilliseconds: d) }
        XCTAssertEqual(frames[0].width, 320)
        XCTAssertEqual(frames[0].height, 240)
        let bytes = try WebPAnimation.encode(frames)
        XCTAssertEqual(Array(bytes.prefix(4)), Array("RIFF".utf8))
        XCTAssertEqual(Array(bytes[8..<12]), Array("WEBP".utf8))
        let decoded = try WebPAnimation.decode(bytes)
        XCTAssertEqual(decoded.width, 320)
        XCTAssertEqual(decoded.height, 240)
        XCTAssertEqual(decoded.frames.count, durations.count)
        XCTAssertEqual(decoded.durations, durations)
        XCTAssertEqual(decoded.loopCount, 0)
        // The last frame is mostly white with a red line: some strongly red pixels.
        let last = decoded.frames[decoded.frames.count - 1]
        var red = 0
        for p in stride(from: 0, to: last.count, by: 4) where last[p] > 200 && last[p + 1] < 80 && last[p + 2] < 80 {
            red += 1
        }
        XCTAssertGreaterThan(red, 100)
    }

    func testLosslessFramesReadBackExactly() throws {
        let frame = try CairoCanvas().renderFrame(figure(2), durationMilliseconds: 100)
        let second = try CairoCanvas().renderFrame(figure(3), durationMilliseconds: 100)
        let bytes = try WebPAnimation.encode([frame, second], options: .init(lossless: true, quality: 20, method: 0))
        let decoded = try WebPAnimation.decode(bytes)
        XCTAssertEqual(decoded.frames.count, 2)
        // BGRA (Cairo, little-endian) against RGBA (decoder).
        for y in stride(from: 0, to: frame.height, by: 7) {
            for x in stride(from: 0, to: frame.width, by: 5) {
                let s = y * frame.stride + 4 * x, d = 4 * (y * frame.width + x)
                XCTAssertEqual(decoded.frames[0][d], frame.pixels[s + 2])
                XCTAssertEqual(decoded.frames[0][d + 1], frame.pixels[s + 1])
                XCTAssertEqual(decoded.frames[0][d + 2], frame.pixels[s])
            }
        }
    }

    func testNoFramesIsAnError() {
        XCTAssertThrowsError(try WebPAnimation.encode([]))
        XCTAssertThrowsError(try WebPAnimation.decode([1, 2, 3]))
    }
}
