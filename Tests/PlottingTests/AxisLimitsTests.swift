import Plotting
import Testing

@Suite("View limits: 5 % margins, NaN/Inf ignored, explicit override")
struct AxisLimitsTests {
    @Test func marginIsFivePercentOfTheSpanOnEachSide() {
        #expect(AxisLimits.autoscale(0...10) == -0.5...10.5)
        #expect(AxisLimits.autoscale(-4...4) == -4.4...4.4)
    }

    @Test func nonFiniteValuesAreIgnored() {
        let interval = AxisLimits.dataInterval(of: [3, .nan, -1, .infinity, 7, -.infinity])
        #expect(interval == -1...7)
        #expect(AxisLimits.dataInterval(of: [Double.nan, .infinity]) == nil)
        #expect(AxisLimits.dataInterval(of: [Double]()) == nil)
    }

    @Test func axesUseFinitePointsOfAllSeries() {
        let axes = Axes(series: [
            .scatter(ScatterSeries(x: [0, 1, .nan], y: [5, .infinity, 2])),
            .line(LineSeries(x: [2, 4], y: [1, 3])),
        ])
        // (1, ∞) and (NaN, 2) are dropped.
        #expect(axes.xDataInterval == 0...4)
        #expect(axes.yDataInterval == 1...5)
        #expect(axes.xViewLimits == -0.2...4.2)
        #expect(axes.yViewLimits == 0.8...5.2)
    }

    @Test func explicitLimitsOverride() {
        var axes = Axes(series: [.line(LineSeries(x: [0, 100], y: [0, 100]))])
        axes.xLimits = 10...20
        axes.yLimits = -1...1
        #expect(axes.xViewLimits == 10...20)
        #expect(axes.yViewLimits == -1...1)
    }

    @Test func nonFiniteExplicitLimitsFallBackToData() {
        var axes = Axes(series: [.line(LineSeries(x: [0, 10], y: [0, 10]))])
        axes.xLimits = -Double.infinity...0
        #expect(axes.xViewLimits == -0.5...10.5)
    }

    @Test func singleValueIsWidenedThenMargined() {
        // nonsingular: 5 ± 5 % → 4.75…5.25; margin 5 % of 0.5 → 4.725…5.275.
        let limits = AxisLimits.autoscale(5...5)
        #expect(abs(limits.lowerBound - 4.725) < 1e-12)
        #expect(abs(limits.upperBound - 5.275) < 1e-12)
        let zero = AxisLimits.autoscale(0...0)
        #expect(abs(zero.lowerBound + 0.055) < 1e-12 && abs(zero.upperBound - 0.055) < 1e-12)
    }

    @Test func noDataGivesZeroToOne() {
        #expect(Axes().xViewLimits == 0...1)
        #expect(Axes(series: [.line(LineSeries(x: [.nan], y: [.nan]))]).yViewLimits == 0...1)
    }

    @Test func hugeDataStaysFinite() {
        let limits = AxisLimits.autoscale(-Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        #expect(limits.lowerBound.isFinite && limits.upperBound.isFinite)
    }
}
