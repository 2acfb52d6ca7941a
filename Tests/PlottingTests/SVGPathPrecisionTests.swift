import Foundation
import Testing
@testable import Plotting

@Suite("SVG path numbers are shortened to hundredths")
struct SVGPathPrecisionTests {
    @Test(arguments: [("1.234567", "1.23"), ("-0.004", "0"), ("12.5", "12.5"), ("3.999", "4"), ("-2.071", "-2.07"),
                      ("100", "100"), ("0.05", "0.05"), ("7.10", "7.1"), ("-12.305", "-12.31")])
    func rounding(_ input: String, _ expected: String) {
        #expect(String(decoding: SVGPathPrecision.rounded(Array(input.utf8)[...]), as: UTF8.self) == expected)
    }

    @Test func onlyPathDataChanges() {
        let svg = #"<svg width="640.123456"><path d="M 1.234567 2.5 L -3.333333 4 Z" fill="rgb(12.345678%,0%,0%)"/></svg>"#
        let out = String(decoding: SVGPathPrecision.shorten(Array(svg.utf8)), as: UTF8.self)
        #expect(out == #"<svg width="640.123456"><path d="M 1.23 2.5 L -3.33 4 Z" fill="rgb(12.345678%,0%,0%)"/></svg>"#)
    }

    @Test func renderedSVGHasNoLongPathNumbersAndStillParses() throws {
        let xs = (0..<2000).map { Double($0) }
        let figure = Figure(axes: Axes(title: "Loss", xLabel: "Epoch", yLabel: "Loss",
                                       series: [.line(LineSeries(x: xs, y: xs.map { 100 * exp(-$0 / 300) }))]))
        let svg = String(decoding: try CairoCanvas().render(figure, format: .svg), as: UTF8.self)
        let paths = svg.components(separatedBy: " d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!paths.isEmpty)
        for path in paths {
            #expect(path.range(of: #"\.\d{3}"#, options: .regularExpression) == nil)
        }
    }
}
