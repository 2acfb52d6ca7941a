import CWebP
import Foundation

/// One frame of an animation: opaque pixels in Cairo's ARGB32 memory order (B, G, R, A bytes on little-endian
/// machines), and how long it is shown.
public struct RasterFrame: Sendable {
    public var width: Int
    public var height: Int
    /// Bytes per row.
    public var stride: Int
    public var pixels: [UInt8]
    /// Display time in milliseconds.
    public var durationMilliseconds: Int

    public init(width: Int, height: Int, stride: Int, pixels: [UInt8], durationMilliseconds: Int) {
        self.width = width
        self.height = height
        self.stride = stride
        self.pixels = pixels
        self.durationMilliseconds = durationMilliseconds
    }
}

/// Animated WebP through libwebp's `WebPAnimEncoder` (and its `WebPAnimDecoder`, to read one back).
public enum WebPAnimation {
    /// How the frames are compressed.
    public struct Options: Sendable, Equatable {
        /// Lossless frames: exact colours, but for anti-aliased figures about five times the bytes of lossy
        /// frames at quality 85 (3.3 MB against 0.65 MB for the default run's 120 frames), in about the same time.
        public var lossless: Bool
        /// 0–100: for lossless, the effort; for lossy, the quality.
        public var quality: Float
        /// 0 (fastest) – 6 (smallest).
        public var method: Int32

        public init(lossless: Bool = false, quality: Float = 85, method: Int32 = 1) {
            self.lossless = lossless
            self.quality = quality
            self.method = method
        }
    }

    /// The animation's file bytes: every frame in order, looping forever. All frames must have the first one's size.
    public static func encode(_ frames: [RasterFrame], options: Options = Options()) throws -> [UInt8] {
        guard let first = frames.first else { throw PlottingError.animation("an animation needs at least one frame") }
        let encoder = try Encoder(width: first.width, height: first.height, options: options)
        for frame in frames { try encoder.add(frame) }
        return try encoder.finish()
    }

    /// An animation built frame by frame (so frames can be encoded while later ones are drawn).
    public final class Encoder {
        public let width: Int
        public let height: Int
        private let encoder: OpaquePointer
        private var config = WebPConfig()
        private var timestamp: Int32 = 0
        private var count = 0

        /// An encoder for frames of `width` × `height` pixels, looping forever on a white background.
        public init(width: Int, height: Int, options: Options = Options()) throws {
            self.width = width
            self.height = height
            var animOptions = WebPAnimEncoderOptions()
            guard WebPAnimEncoderOptionsInit(&animOptions) != 0 else {
                throw PlottingError.animation("libwebp's animation encoder has another version than its header")
            }
            animOptions.anim_params.loop_count = 0
            animOptions.anim_params.bgcolor = 0xffff_ffff
            animOptions.allow_mixed = 0
            animOptions.minimize_size = 0
            guard width > 0, height > 0, let encoder = WebPAnimEncoderNew(Int32(width), Int32(height), &animOptions)
            else { throw PlottingError.animation("cannot create an animation encoder for \(width)×\(height) frames") }
            self.encoder = encoder
            // From here a throw runs deinit, which deletes the encoder.
            guard WebPConfigInit(&config) != 0 else {
                throw PlottingError.animation("libwebp's encoder has another version than its header")
            }
            config.lossless = options.lossless ? 1 : 0
            config.quality = options.quality
            config.method = options.method
            guard WebPValidateConfig(&config) != 0 else {
                throw PlottingError.animation("invalid WebP settings")
            }
        }

        deinit { WebPAnimEncoderDelete(encoder) }

        /// Encodes the next frame.
        public func add(_ frame: RasterFrame) throws {
            let index = count
            guard frame.width == width, frame.height == height, frame.stride >= 4 * width,
                  frame.pixels.count >= frame.stride * frame.height
            else { throw PlottingError.animation("frame \(index) is not \(width)×\(height)") }
            var picture = WebPPicture()
            guard WebPPictureInit(&picture) != 0 else { throw PlottingError.animation("libwebp's picture differs") }
            picture.use_argb = 1
            picture.width = Int32(width)
            picture.height = Int32(height)
            let imported = frame.pixels.withUnsafeBufferPointer {
                WebPPictureImportBGRA(&picture, $0.baseAddress, Int32(frame.stride))
            }
            defer { WebPPictureFree(&picture) }
            guard imported != 0 else { throw PlottingError.animation("cannot import frame \(index)") }
            guard WebPAnimEncoderAdd(encoder, &picture, timestamp, &config) != 0 else {
                throw PlottingError.animation("cannot encode frame \(index): " + errorText(encoder))
            }
            timestamp += Int32(max(1, frame.durationMilliseconds))
            count += 1
        }

        /// The file bytes of every frame added.
        public func finish() throws -> [UInt8] {
            guard count > 0 else { throw PlottingError.animation("an animation needs at least one frame") }
            guard WebPAnimEncoderAdd(encoder, nil, timestamp, nil) != 0 else {
                throw PlottingError.animation("cannot finish the animation: " + errorText(encoder))
            }
            var data = WebPData()
            WebPDataInit(&data)
            defer { WebPDataClear(&data) }
            guard WebPAnimEncoderAssemble(encoder, &data) != 0, let bytes = data.bytes else {
                throw PlottingError.animation("cannot assemble the animation: " + errorText(encoder))
            }
            return Array(UnsafeBufferPointer(start: bytes, count: data.size))
        }
    }

    private static func errorText(_ encoder: OpaquePointer) -> String {
        WebPAnimEncoderGetError(encoder).map { String(cString: $0) } ?? "unknown error"
    }

    /// An animation read back by libwebp's `WebPAnimDecoder`.
    public struct Decoded: Sendable {
        public var width: Int
        public var height: Int
        public var loopCount: Int
        /// Each frame's end time in milliseconds from the start (as the decoder reports it).
        public var timestamps: [Int]
        /// Each frame's canvas, RGBA bytes (width × height × 4).
        public var frames: [[UInt8]]

        /// Display time of each frame in milliseconds.
        public var durations: [Int] { zip(timestamps, [0] + timestamps).map { $0 - $1 } }
    }

    /// Decodes every frame of an animated WebP.
    public static func decode(_ bytes: [UInt8]) throws -> Decoded {
        try bytes.withUnsafeBufferPointer { buffer in
            var data = WebPData(bytes: buffer.baseAddress, size: buffer.count)
            var options = WebPAnimDecoderOptions()
            guard WebPAnimDecoderOptionsInit(&options) != 0 else {
                throw PlottingError.animation("libwebp's animation decoder differs")
            }
            options.color_mode = MODE_RGBA
            options.use_threads = 0
            guard let decoder = WebPAnimDecoderNew(&data, &options) else {
                throw PlottingError.animation("not an animated WebP libwebp can read")
            }
            defer { WebPAnimDecoderDelete(decoder) }
            var info = WebPAnimInfo()
            guard WebPAnimDecoderGetInfo(decoder, &info) != 0 else { throw PlottingError.animation("no WebP info") }
            var decoded = Decoded(width: Int(info.canvas_width), height: Int(info.canvas_height),
                                  loopCount: Int(info.loop_count), timestamps: [], frames: [])
            let size = decoded.width * decoded.height * 4
            while WebPAnimDecoderHasMoreFrames(decoder) != 0 {
                var pixels: UnsafeMutablePointer<UInt8>?
                var timestamp: Int32 = 0
                guard WebPAnimDecoderGetNext(decoder, &pixels, &timestamp) != 0, let pixels else {
                    throw PlottingError.animation("frame \(decoded.frames.count + 1) does not decode")
                }
                decoded.timestamps.append(Int(timestamp))
                decoded.frames.append(Array(UnsafeBufferPointer(start: pixels, count: size)))
            }
            return decoded
        }
    }
}
