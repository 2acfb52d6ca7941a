import CCairo
import Foundation

/// Renders a `Figure` with Cairo to PNG, SVG or PDF — one renderer for every format.
///
/// PNG is an ARGB32 image of (width × dpi × scale) × (height × dpi × scale) pixels on white.
/// SVG is 640×480 CSS px for the default figure (user units = pixels at scale 1);
/// PDF is the figure's physical size (6.4 × 4.8 in) with the same 640×480 user space.
/// Output is deterministic: the same figure gives the same bytes.
///
/// Large data stays fast and small: long lines are decimated per pixel column without visible
/// change; scatters of more than a few thousand points are drawn from a pre-rendered marker stamp,
/// and in SVG/PDF a scatter of more than `markerRasterThreshold` points becomes one embedded image
/// (at twice the figure's pixel density, clipped to the axes) while axes and text stay vector.
public struct CairoCanvas: Sendable {
    /// Raster scale factor: 2 gives a 1280×960 PNG for the default figure. Vector output ignores it.
    public var scale: Double
    /// In SVG and PDF, a scatter with more points than this is embedded as a raster image.
    public var markerRasterThreshold: Int
    /// In PNG, a scatter with more points than this is drawn from a marker stamp (tests lower or raise it).
    var markerStampThreshold = RenderOptions.png.markerLayerThreshold
    /// Whether long lines are decimated (tests turn it off to compare against the full line).
    var decimatesLines = true

    /// A canvas rendering PNGs at `scale` × the figure's dpi.
    public init(scale: Double = 1) {
        self.scale = scale
        self.markerRasterThreshold = 20_000
    }

    /// A canvas rendering PNGs at `scale` × the figure's dpi and rasterizing scatters of more than
    /// `markerRasterThreshold` points in SVG/PDF.
    public init(scale: Double = 1, markerRasterThreshold: Int) {
        self.scale = scale
        self.markerRasterThreshold = markerRasterThreshold
    }

    /// The layout used for `format`: at `scale` for PNG, at scale 1 for the vector formats. For a grid of panels
    /// it is the first panel's (`figureLayout(of:format:)` has them all).
    public func layout(of figure: Figure, format: ImageFormat = .png) throws -> AxesLayout {
        try Plotting.layout(of: figure, scale: format == .png ? scale : 1)
    }

    /// The layout of every panel (and the figure title) used for `format`: at `scale` for PNG, at scale 1 for the
    /// vector formats.
    public func figureLayout(of figure: Figure, format: ImageFormat = .png) throws -> FigureLayout {
        try Plotting.figureLayout(of: figure, scale: format == .png ? scale : 1)
    }

    /// The file bytes of `figure` in `format`.
    public func render(_ figure: Figure, format: ImageFormat) throws -> [UInt8] {
        let layout = try figureLayout(of: figure, format: format)
        switch format {
        case .png: return try renderPNG(figure, layout: layout)
        case .svg: return try renderSVG(figure, layout: layout)
        case .pdf: return try renderPDF(figure, layout: layout)
        }
    }

    /// Renders `figure` in `format` and writes it to `path`, replacing any existing file.
    public func write(_ figure: Figure, format: ImageFormat, to path: String) throws {
        let bytes = try render(figure, format: format)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw PlottingError.cannotWriteFile(path: path, reason: "the folder '\(folder)' does not exist")
        }
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw PlottingError.cannotWriteFile(path: path, reason: error.localizedDescription)
        }
    }

    /// `figure` rasterized as for PNG (at `scale`), as pixels in Cairo's ARGB32 memory order, shown for
    /// `durationMilliseconds` — a frame of an animation.
    public func renderFrame(_ figure: Figure, durationMilliseconds: Int) throws -> RasterFrame {
        let layout = try figureLayout(of: figure, format: .png)
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(layout.width), Int32(layout.height))
        else { throw PlottingError.cairo(operation: "create the image surface", status: "out of memory") }
        defer { cairo_surface_destroy(surface) }
        try PlottingError.check(cairo_surface_status(surface), "create a \(layout.width)×\(layout.height) image surface")
        try draw(figure, layout: layout, on: surface, snapsToPixels: true, userScale: 1,
                 options: RenderOptions(isRaster: true, markerLayerThreshold: markerStampThreshold,
                                        markerLayerResolution: 1,
                                        decimationColumn: decimatesLines ? RenderOptions.png.decimationColumn : nil))
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw PlottingError.cairo(operation: "read the image surface", status: "no data")
        }
        let pixels = Array(UnsafeBufferPointer(start: data, count: stride * layout.height))
        return RasterFrame(width: layout.width, height: layout.height, stride: stride, pixels: pixels,
                           durationMilliseconds: durationMilliseconds)
    }

    // MARK: - Formats

    private func renderPNG(_ figure: Figure, layout: FigureLayout) throws -> [UInt8] {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(layout.width), Int32(layout.height))
        else { throw PlottingError.cairo(operation: "create the image surface", status: "out of memory") }
        defer { cairo_surface_destroy(surface) }
        try PlottingError.check(cairo_surface_status(surface), "create a \(layout.width)×\(layout.height) image surface")
        try draw(figure, layout: layout, on: surface, snapsToPixels: true, userScale: 1,
                 options: RenderOptions(isRaster: true, markerLayerThreshold: markerStampThreshold,
                                        markerLayerResolution: 1,
                                        decimationColumn: decimatesLines ? RenderOptions.png.decimationColumn : nil))
        let sink = ByteSink()
        let status = sink.withWriter { writer, closure in
            cairo_surface_write_to_png_stream(surface, writer, closure)
        }
        try PlottingError.check(status, "encode the PNG")
        return sink.bytes
    }

    private func renderSVG(_ figure: Figure, layout: FigureLayout) throws -> [UInt8] {
        let sink = ByteSink()
        try sink.withWriter { writer, closure in
            guard let surface = cairo_svg_surface_create_for_stream(
                writer, closure, Double(layout.width), Double(layout.height))
            else { throw PlottingError.cairo(operation: "create the SVG surface", status: "out of memory") }
            defer { cairo_surface_destroy(surface) }
            try PlottingError.check(cairo_surface_status(surface), "create the SVG surface")
            cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1)
            // Width/height in CSS px so browsers show the figure at its pixel size.
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX)
            try draw(figure, layout: layout, on: surface, snapsToPixels: false, userScale: 1,
                     options: .vector(threshold: markerRasterThreshold, decimatesLines: decimatesLines))
            cairo_surface_finish(surface)
            try PlottingError.check(cairo_surface_status(surface), "write the SVG")
        }
        return SVGPathPrecision.shorten(SVGNormalizer.normalize(sink.bytes))
    }

    private func renderPDF(_ figure: Figure, layout: FigureLayout) throws -> [UInt8] {
        let sink = ByteSink()
        let pointsPerPixel = 72 / figure.dpi
        try sink.withWriter { writer, closure in
            guard let surface = cairo_pdf_surface_create_for_stream(
                writer, closure, Double(layout.width) * pointsPerPixel, Double(layout.height) * pointsPerPixel)
            else { throw PlottingError.cairo(operation: "create the PDF surface", status: "out of memory") }
            defer { cairo_surface_destroy(surface) }
            try PlottingError.check(cairo_surface_status(surface), "create the PDF surface")
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "fitreport")
            // An unparsable date makes Cairo omit /CreationDate, keeping the bytes reproducible.
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
            try draw(figure, layout: layout, on: surface, snapsToPixels: false, userScale: pointsPerPixel,
                     options: .vector(threshold: markerRasterThreshold, decimatesLines: decimatesLines))
            cairo_surface_finish(surface)
            try PlottingError.check(cairo_surface_status(surface), "write the PDF")
        }
        return sink.bytes
    }

    private func draw(_ figure: Figure, layout: FigureLayout, on surface: OpaquePointer,
                      snapsToPixels: Bool, userScale: Double, options: RenderOptions) throws {
        guard let context = cairo_create(surface) else {
            throw PlottingError.cairo(operation: "create a drawing context", status: "out of memory")
        }
        defer { cairo_destroy(context) }
        cairo_scale(context, userScale, userScale)
        let painter = CairoPainter(context: context, snapsToPixels: snapsToPixels)
        FigureRenderer(figure: figure, layout: layout, painter: painter, options: options).draw()
        try PlottingError.check(cairo_status(context), "draw the figure")
        cairo_surface_flush(surface)
    }
}
