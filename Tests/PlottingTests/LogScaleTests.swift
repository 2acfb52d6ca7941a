import Foundation
@testable import Plotting
import Testing

/// One row of the log-locator table.
struct LogTickCase: CustomTestStringConvertible, Sendable {
    let range: ClosedRange<Double>
    let maxTicks: Int
    let stride: Int
    let majors: [Double]
    var testDescription: String { "\(range.lowerBound)…\(range.upperBound) (\(maxTicks) ticks)" }
}

@Suite("Log axes: LogLocator-like ticks, 10^k labels, limits in decades")
struct LogScaleTests {
    static let table: [LogTickCase] = [
        LogTickCase(range: 1e-3...1e1, maxTicks: 9, stride: 1, majors: [1e-3, 1e-2, 1e-1, 1, 10]),
        LogTickCase(range: 0.5...2e4, maxTicks: 9, stride: 1, majors: [1, 10, 100, 1000, 1e4]),
        // Many decades: every n-th decade, aligned so that 10^0 is labelled.
        LogTickCase(range: 1e-8...1e8, maxTicks: 9, stride: 2,
                    majors: [1e-8, 1e-6, 1e-4, 1e-2, 1, 1e2, 1e4, 1e6, 1e8]),
        LogTickCase(range: 1e-20...1e20, maxTicks: 9, stride: 5,
                    majors: [1e-20, 1e-15, 1e-10, 1e-5, 1, 1e5, 1e10, 1e15, 1e20]),
        LogTickCase(range: 1...1e6, maxTicks: 3, stride: 3, majors: [1, 1e3, 1e6]),
        // A stride as large as the range is clipped so that more than one tick shows.
        LogTickCase(range: 10...1000, maxTicks: 2, stride: 1, majors: [10, 100, 1000]),
        // Alignment to multiples of the stride would leave one tick: align to the first decade instead.
        LogTickCase(range: 1e1...1e5, maxTicks: 2, stride: 3, majors: [1e1, 1e4]),
    ]

    @Test(arguments: table)
    func locatorTable(_ row: LogTickCase) {
        let locator = LogTickLocator(maxTicks: row.maxTicks)
        #expect(locator.stride(for: row.range) == row.stride)
        #expect(locator.majorTicks(in: row.range) == row.majors)
    }

    @Test func minorTicksAreTwoToNineTimesEachDecade() {
        let minors = LogTickLocator().minorTicks(in: 1...100)
        #expect(minors == [2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 40, 50, 60, 70, 80, 90])
        // Partial decades at both ends.
        #expect(LogTickLocator().minorTicks(in: 0.25...35) == [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9,
                                                                 2, 3, 4, 5, 6, 7, 8, 9, 20, 30])
        // With a stride, the skipped decades are the minor ticks.
        #expect(LogTickLocator().minorTicks(in: 1e-8...1e8) == [1e-7, 1e-5, 1e-3, 1e-1, 10, 1e3, 1e5, 1e7])
    }

    @Test func nonPositiveRangesHaveNoTicks() {
        #expect(LogTickLocator().majorTicks(in: 0...10).isEmpty)
        #expect(LogTickLocator().minorTicks(in: -5...10).isEmpty)
        #expect(LogTickLocator().majorTicks(in: 1...Double.infinity).isEmpty)
    }

    @Test func automaticTickCountFollowsAxisLength() {
        #expect(LogTickLocator.automaticTicks(axisLengthPoints: 266, vertical: true) == 9)
        #expect(LogTickLocator.automaticTicks(axisLengthPoints: 30, vertical: true) == 2)
        #expect(LogTickLocator.automaticTicks(axisLengthPoints: 108, vertical: false) == 3)
    }

    @Test func labelsAreMathtextPowersOfTen() {
        let formatter = LogTickFormatter()
        #expect(formatter.label(decade: -1) == "$10^{-1}$")
        #expect(formatter.label(for: 1) == "$10^{0}$")
        #expect(formatter.label(for: 1000) == "$10^{3}$")
        #expect(formatter.label(for: 0.01) == "$10^{-2}$")
        #expect(formatter.label(for: 2e-3) == "$2\\times10^{-3}$")
        #expect(formatter.label(for: 30) == "$3\\times10^{1}$")
    }

    @Test func minorLabelsOnlyOnShortViews() {
        let formatter = LogTickFormatter()
        let wide = formatter.minorLabels(for: [2, 3, 20], viewLimits: 1...100)
        #expect(wide == ["", "", ""])
        // 2…8 spans 0.6 decades: 2, 3, 4, 6 are labelled.
        let medium = formatter.minorLabels(for: [2, 3, 4, 5, 6, 7, 8], viewLimits: 2...8)
        #expect(medium.map { !$0.isEmpty } == [true, true, true, false, true, false, false])
        // 2…5 spans under 0.4 decades: all are labelled.
        let short = formatter.minorLabels(for: [2, 3, 4, 5], viewLimits: 2...5)
        #expect(short == ["$2\\times10^{0}$", "$3\\times10^{0}$", "$4\\times10^{0}$", "$5\\times10^{0}$"])
    }

    @Test func limitsHaveAMarginInDecades() {
        let limits = AxisLimits.logAutoscale(1e-2...1e2)
        #expect(abs(log10(limits.lowerBound) + 2.2) < 1e-12)
        #expect(abs(log10(limits.upperBound) - 2.2) < 1e-12)
        #expect(AxisLimits.logNonsingular(5...5) == 1...10)
        #expect(AxisLimits.logNonsingular(10...10) == 1...100)
        #expect(AxisLimits.logAutoscale(nil) == 1...10)
        // Non-positive explicit limits cannot be shown: the data decides.
        let view = AxisLimits.viewLimits(explicit: 0...10, data: 1...100, margin: 0, scale: .log)
        #expect(view == 1...100)
        #expect(AxisLimits.viewLimits(explicit: 0.1...10, data: 1...100, scale: .log) == 0.1...10)
    }

    @Test func nonPositiveValuesAreSkipped() {
        let axes = Axes(yScale: .log, series: [
            .line(LineSeries(x: [0, 1, 2, 3, 4], y: [0, -1, 1, 100, .nan])),
            .scatter(ScatterSeries(x: [10], y: [-5])),
        ])
        #expect(axes.yDataInterval == 1...100)
        // Only the points that can be shown count along x too.
        #expect(axes.xDataInterval == 2...3)
        #expect(axes.yViewLimits.lowerBound > 0)
    }

    @Test func lossOverFourDecadesHasDecadeLabelsAndMinorTicks() throws {
        let figure = SampleFigures.logLoss
        let layout = try CairoCanvas().layout(of: figure)
        #expect(layout.yScale == .log)
        #expect(layout.yTicks.map(\.label) == ["$10^{-2}$", "$10^{-1}$", "$10^{0}$", "$10^{1}$", "$10^{2}$"])
        // Decades are equally spaced on screen.
        let gaps = zip(layout.yTicks, layout.yTicks.dropFirst()).map { $0.position - $1.position }
        for gap in gaps { #expect(abs(gap - gaps[0]) < 1e-6) }
        // 2…9 × 10^k between and around them, unlabelled.
        #expect(layout.yMinorTicks.count >= 4 * 8)
        let unlabelled = layout.yMinorTicks.allSatisfy { $0.label.isEmpty }
        #expect(unlabelled)
        let five = try #require(layout.yMinorTicks.first { abs($0.value - 5) < 1e-12 })
        let one = try #require(layout.yTicks.first { $0.value == 1 })
        let ten = try #require(layout.yTicks.first { $0.value == 10 })
        #expect(abs((one.position - five.position) / (one.position - ten.position) - log10(5)) < 1e-9)
        // The linear x axis is unaffected.
        #expect(layout.xMinorTicks.isEmpty)
        #expect(layout.xTicks.first?.label == "0")
    }

    @Test func logLabelsAreMeasuredAsMath() throws {
        let layout = try CairoCanvas().layout(of: SampleFigures.logLoss)
        let label = try #require(layout.texts.first { $0.text == "$10^{-1}$" })
        #expect(label.metrics.runs?.map(\.text) == ["10", "\u{2212}1"])
        // The y label clears the widest tick label.
        let yLabel = try #require(layout.texts.first { $0.text == "MSE" })
        let tickLabels = layout.texts.filter { $0.text.hasPrefix("$10") }
        #expect(yLabel.bounds.maxX < tickLabels.map(\.bounds.minX).min() ?? 0)
    }

    @Test func manyDecadesLabelEveryNthDecade() throws {
        let xs = (0...60).map(Double.init)
        let figure = Figure(axes: Axes(yScale: .log, series: [.line(LineSeries(x: xs, y: xs.map { pow(10, $0 - 30) }))]))
        let layout = try CairoCanvas().layout(of: figure)
        #expect(layout.yTicks.count <= 9 && layout.yTicks.count >= 5)
        let hasOne = layout.yTicks.contains { $0.label == "$10^{0}$" }
        #expect(hasOne)
        let exponents = layout.yTicks.map { Int(log10($0.value).rounded()) }
        let steps = Set(zip(exponents, exponents.dropFirst()).map { $1 - $0 })
        #expect(steps.count == 1 && (steps.first ?? 0) > 1)
    }

    @Test func shortViewsFallBackToLabelledMinorsOrLinearTicks() throws {
        let short = Figure(axes: Axes(yScale: .log, series: [.line(LineSeries(x: [0, 1], y: [2, 5]))]))
        let layout = try CairoCanvas().layout(of: short)
        let labelled = (layout.yTicks + layout.yMinorTicks).filter { !$0.label.isEmpty }
        #expect(labelled.count >= 2)
        let allTimes = labelled.allSatisfy { $0.label.contains("\\times10^{0}") }
        #expect(allTimes)
        // Too narrow for any 2…9 × 10^k tick: linear ticks at log positions.
        let narrow = Figure(axes: Axes(yLimits: 2.1...2.2, yScale: .log, series: [.line(LineSeries(x: [0, 1], y: [2.1, 2.2]))]))
        let narrowLayout = try CairoCanvas().layout(of: narrow)
        #expect(narrowLayout.yTicks.count >= 2)
        let linearLabels = narrowLayout.yTicks.allSatisfy { !$0.label.contains("$") }
        #expect(linearLabels)
    }

    @Test func oneDecadeInViewAddsLabelsAtTwoAndFive() throws {
        // 3…40 holds only the decade 10: matplotlib would label just it; 2× and 5× are added.
        let figure = Figure(axes: Axes(xScale: .log, yScale: .log,
                                       series: [.line(LineSeries(x: [3, 40], y: [3, 40]))]))
        let layout = try CairoCanvas().layout(of: figure)
        for (major, minor) in [(layout.xTicks, layout.xMinorTicks), (layout.yTicks, layout.yMinorTicks)] {
            #expect(major.map(\.label) == ["$10^{1}$"])
            #expect(minor.filter { !$0.label.isEmpty }.map(\.label) == ["$5\\times10^{0}$", "$2\\times10^{1}$"])
        }
        // Labels on the x axis do not overlap.
        let boxes = layout.texts.map(\.bounds).filter { $0.minY > layout.plotArea.maxY && $0.minY < layout.plotArea.maxY + 30 }
            .sorted { $0.minX < $1.minX }
        #expect(boxes.count == 3)
        for (left, right) in zip(boxes, boxes.dropFirst()) { #expect(left.maxX < right.minX) }
    }

    @Test func nonPositivePointsBreakTheLineButTheRestIsDrawn() throws {
        let xs = (0..<40).map(Double.init)
        let ys = xs.map { $0 == 20 ? 0 : pow(10, -$0 / 10) }
        let figure = Figure(axes: Axes(yScale: .log, series: [.line(LineSeries(x: xs, y: ys, color: .red, width: 3))]))
        let canvas = CairoCanvas()
        let layout = try canvas.layout(of: figure)
        #expect(layout.pixel(x: 20, y: 0).y.isFinite == false)
        let image = try RasterImage(pngBytes: canvas.render(figure, format: .png))
        for x in [5.0, 15, 25, 35] {
            let color = image.pixel(at: layout.pixel(x: x, y: pow(10, -x / 10)))
            #expect(color.isClose(to: .red, tolerance: 0.05), "x = \(x): \(color)")
        }
        // Every format renders a log axis with non-positive data.
        for format in ImageFormat.allCases { _ = try canvas.render(figure, format: format) }
    }

    @Test func logXAxisWorksToo() throws {
        let xs = (0...40).map { pow(10, Double($0) / 10) }
        let figure = Figure(axes: Axes(xScale: .log, series: [.scatter(ScatterSeries(x: xs, y: xs.map(log10)))]))
        let layout = try CairoCanvas().layout(of: figure)
        #expect(layout.xTicks.map(\.label) == ["$10^{0}$", "$10^{1}$", "$10^{2}$", "$10^{3}$", "$10^{4}$"])
        for text in layout.texts {
            #expect(text.bounds.maxX <= 640 && text.bounds.maxY <= 480, "\(text.text)")
        }
    }
}
