import Foundation
import Plotting
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Rendering to PNG, SVG and PDF")
struct RenderingTests {
    /// Figures covering the edge cases the renderer must survive.
    static let figures: [(String, Figure)] = [
        ("before", SampleFigures.beforeTraining),
        ("loss", SampleFigures.lossCurve),
        ("empty", Figure(axes: Axes())),
        ("everything", Figure(axes: Axes(
            title: "Títle − ünïcode ✓", xLabel: "x", yLabel: "y", grid: true, legend: true,
            series: [
                .line(LineSeries(x: [0, 1, .nan, 3, 4], y: [1, .infinity, 2, 3, -1], label: "gappy",
                                 color: .tabOrange, width: 3, dash: [6, 2], alpha: 0.5)),
                .scatter(ScatterSeries(x: [0, 2, 4], y: [0, 1, .nan], label: "points", markerArea: 100)),
                .line(LineSeries(x: [1e300, -1e300], y: [0, 1], label: "huge")),
            ]))),
        ("explicit limits", Figure(axes: Axes(
            xLimits: 0...1, yLimits: 0...1,
            series: [.line(LineSeries(x: [-1e12, 1e12], y: [-1e12, 1e12])), .scatter(ScatterSeries(x: [5], y: [5]))]))),
        ("single point", Figure(axes: Axes(series: [.scatter(ScatterSeries(x: [3], y: [3]))]))),
        ("offsets", Figure(axes: Axes(title: "Offsets", xLabel: "x", yLabel: "y", grid: true, series: [
            .line(LineSeries(x: [1000.1, 1000.4], y: [0, 5e6])),
            .line(LineSeries(x: [1000.1, 1000.4], y: [4e6, 1e6], color: .tabOrange, dash: [3.7, 1.6])),
        ]))),
        ("small", Figure(widthInches: 1, heightInches: 1, dpi: 50, axes: Axes(
            title: "Tiny", xLabel: "x", yLabel: "y", series: [.line(LineSeries(x: [0, 1], y: [0, 1]))]))),
    ]

    @Test func pngDecodesAtTheExpectedSize() throws {
        for (name, figure) in Self.figures {
            let png = try CairoCanvas().render(figure, format: .png)
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name)")
            let image = try RasterImage(pngBytes: png)
            let expected = (Int((figure.widthInches * figure.dpi).rounded()),
                            Int((figure.heightInches * figure.dpi).rounded()))
            #expect(image.width == expected.0 && image.height == expected.1, "\(name)")
            // White background in the corner.
            #expect(image.pixel(x: 0, y: 0) == Color.white, "\(name)")
        }
    }

    @Test func defaultFigureIs640x480AndScaleTwoIs1280x960() throws {
        let one = try RasterImage(pngBytes: CairoCanvas().render(SampleFigures.beforeTraining, format: .png))
        #expect(one.width == 640 && one.height == 480)
        let two = try RasterImage(pngBytes: CairoCanvas(scale: 2).render(SampleFigures.beforeTraining, format: .png))
        #expect(two.width == 1280 && two.height == 960)
    }

    @Test func svgIsWellFormedXMLSizedInCSSPixels() throws {
        for (name, figure) in Self.figures {
            let svg = try CairoCanvas().render(figure, format: .svg)
            let parser = XMLParser(data: Data(svg))
            let delegate = RootRecorder()
            parser.delegate = delegate
            #expect(parser.parse(), "\(name): \(String(describing: parser.parserError))")
            #expect(delegate.root == "svg", "\(name)")
            if name == "before" {
                #expect(delegate.attributes["width"] == "640px")
                #expect(delegate.attributes["height"] == "480px")
                #expect(delegate.attributes["viewBox"] == "0 0 640 480")
            }
        }
    }

    @Test func pdfStartsWithTheMagicNumber() throws {
        for (name, figure) in Self.figures {
            let pdf = try CairoCanvas().render(figure, format: .pdf)
            #expect(pdf.starts(with: Array("%PDF-".utf8)), "\(name)")
            #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"), "\(name)")
        }
        // The page is the figure's physical size: 6.4 × 4.8 in = 460.8 × 345.6 pt.
        let text = String(decoding: try CairoCanvas().render(SampleFigures.lossCurve, format: .pdf), as: UTF8.self)
        #expect(text.contains("/MediaBox [ 0 0 460.8 345.6 ]"))
    }

    @Test(arguments: ImageFormat.allCases)
    func sameFigureGivesIdenticalBytes(_ format: ImageFormat) throws {
        for (name, figure) in Self.figures {
            let first = try CairoCanvas().render(figure, format: format)
            // Another render in between advances Cairo's global counters.
            _ = try CairoCanvas().render(Self.figures[0].1, format: format)
            let second = try CairoCanvas().render(figure, format: format)
            let identical = first == second  // compared outside #expect to keep failures readable
            #expect(identical, "\(name) \(format): \(first.count) vs \(second.count) bytes")
        }
    }

    @Test func writeAndReadBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plotting-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ImageFormat.allCases {
            let path = folder.appendingPathComponent("figure.\(format.fileExtension)").path
            try CairoCanvas().write(SampleFigures.beforeTraining, format: format, to: path)
            let written = try Data(contentsOf: URL(fileURLWithPath: path))
            let identical = [UInt8](written) == (try CairoCanvas().render(SampleFigures.beforeTraining, format: format))
            #expect(identical, "\(format) file differs from render(_:format:)")
        }
        let image = try RasterImage(pngFile: folder.appendingPathComponent("figure.png").path)
        #expect(image.width == 640 && image.height == 480)
    }

    @Test func errorsAreTypedAndActionable() throws {
        let path = "/nonexistent-folder-\(UUID().uuidString)/figure.png"
        do {
            try CairoCanvas().write(SampleFigures.beforeTraining, format: .png, to: path)
            Issue.record("writing into a missing folder should throw")
        } catch let error as PlottingError {
            guard case .cannotWriteFile(let failedPath, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(failedPath == path)
            #expect(error.description.contains(path))
        }
        #expect(throws: PlottingError.self) { try RasterImage(pngBytes: [1, 2, 3]) }
        #expect(throws: PlottingError.self) { try RasterImage(pngBytes: [0x89, 0x50, 0x4E, 0x47, 0, 0]) }
        #expect(throws: PlottingError.self) { try RasterImage(pngFile: "/nonexistent-\(UUID().uuidString).png") }
        #expect(throws: PlottingError.self) {
            try CairoCanvas(scale: 0).render(SampleFigures.beforeTraining, format: .png)
        }
        let invalid = PlottingError.invalidFigure("dpi must be a positive finite number, got 0.0")
        #expect(invalid.description.contains("dpi"))
    }

    @Test func outOfImagePixelsAreTransparent() throws {
        let image = try RasterImage(pngBytes: CairoCanvas().render(Figure(axes: Axes()), format: .png))
        #expect(image.pixel(x: -1, y: 0).alpha == 0)
        #expect(image.pixel(x: 640, y: 0).alpha == 0)
        #expect(image.pixel(at: (x: .nan, y: 0)).alpha == 0)
    }
}

/// Records the root element of an XML document.
private final class RootRecorder: NSObject, XMLParserDelegate {
    var root: String?
    var attributes: [String: String] = [:]

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if root == nil {
            root = elementName
            attributes = attributeDict
        }
    }
}
