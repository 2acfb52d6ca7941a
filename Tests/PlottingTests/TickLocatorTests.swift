import Plotting
import Testing

/// One row of the tick-selection table: a view interval and the expected spacing and ticks.
struct TickCase: CustomTestStringConvertible, Sendable {
    let range: ClosedRange<Double>
    let step: Double
    let ticks: [Double]
    var testDescription: String { "\(range.lowerBound)…\(range.upperBound)" }
}

@Suite("Tick locator (matplotlib MaxNLocator, nbins 9, steps 1/2/2.5/5/10)")
struct TickLocatorTests {
    /// The required table: view limits given directly to the locator.
    static let table: [TickCase] = [
        TickCase(range: 0...1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        TickCase(range: -4.6...22.3, step: 5, ticks: [0, 5, 10, 15, 20]),
        TickCase(range: 0...14999, step: 2000, ticks: [0, 2000, 4000, 6000, 8000, 10000, 12000, 14000]),
        TickCase(range: 1e-3...1e3, step: 200, ticks: [200, 400, 600, 800, 1000]),
        TickCase(range: -10...(-2), step: 1, ticks: [-10, -9, -8, -7, -6, -5, -4, -3, -2]),
        TickCase(range: 0...2.5, step: 0.5, ticks: [0, 0.5, 1, 1.5, 2, 2.5]),
        TickCase(range: 0...9, step: 1, ticks: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
        TickCase(range: 0...20, step: 2.5, ticks: [0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20]),
    ]

    /// The same ranges as data, autoscaled with matplotlib's 5 % margin first (what a plot shows).
    static let autoscaledTable: [TickCase] = [
        TickCase(range: 0...1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        TickCase(range: -4.6...22.3, step: 5, ticks: [-5, 0, 5, 10, 15, 20]),
        TickCase(range: 0...14999, step: 2000, ticks: [0, 2000, 4000, 6000, 8000, 10000, 12000, 14000]),
        TickCase(range: 1e-3...1e3, step: 200, ticks: [0, 200, 400, 600, 800, 1000]),
        TickCase(range: 1...200, step: 25, ticks: [0, 25, 50, 75, 100, 125, 150, 175, 200]),
    ]

    @Test(arguments: table)
    func viewLimitsTable(_ row: TickCase) {
        let locator = TickLocator()
        #expect(locator.step(for: row.range) == row.step)
        // Exact equality: tick values must carry no float noise (0.6, not 0.6000000000000001).
        #expect(locator.ticks(in: row.range) == row.ticks)
    }

    @Test(arguments: autoscaledTable)
    func autoscaledDataTable(_ row: TickCase) {
        let view = AxisLimits.autoscale(row.range)
        let locator = TickLocator()
        #expect(locator.step(for: view) == row.step)
        #expect(locator.ticks(in: view) == row.ticks)
    }

    @Test func spacingIsAStepTimesAPowerOfTen() throws {
        let spacing = try #require(TickLocator().spacing(for: 0...1))
        #expect(spacing == TickSpacing(mantissa: 2, exponent: -1))
        let quarter = try #require(TickLocator().spacing(for: 0...20))
        #expect(quarter == TickSpacing(mantissa: 25, exponent: -1))
        #expect(quarter.step == 2.5)
    }

    @Test func degenerateRangeIsWidenedLikeNonsingular() {
        // 5…5 becomes 4.75…5.25 first.
        #expect(TickLocator().ticks(in: 5...5) == [4.8, 4.9, 5.0, 5.1, 5.2])
        // 0…0 becomes −0.05…0.05.
        #expect(TickLocator().ticks(in: 0...0) == [-0.04, -0.02, 0, 0.02, 0.04])
    }

    @Test func tinyRangeKeepsPrecision() {
        let ticks = TickLocator().ticks(in: 1...(1 + 1e-12))
        #expect((3...10).contains(ticks.count))
        let inside = ticks.allSatisfy { $0 >= 1 && $0 <= 1 + 1e-12 }
        #expect(inside)
        let ascending = zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 }
        #expect(ascending)
    }

    @Test func hugeRangesDoNotOverflow() {
        #expect(TickLocator().ticks(in: -1e300...1e300).count == 9)
        let extreme = TickLocator().ticks(in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        #expect((3...10).contains(extreme.count))
        let finite = extreme.allSatisfy(\.isFinite)
        #expect(finite)
    }

    @Test func nonFiniteRangeHasNoTicks() {
        #expect(TickLocator().ticks(in: -Double.infinity...0).isEmpty)
        #expect(TickLocator().step(for: 0...Double.infinity) == 0)
    }

    /// Property check over many ranges: 3–10 ticks, a nice step, all inside, equally spaced.
    @Test func manyRangesGiveNiceTicks() {
        let nice: Set<Double> = [1, 2, 2.5, 5]
        for i in 0..<2000 {
            let low = SampleFigures.noise(i) * pow10(Int(SampleFigures.noise(i + 7) * 8))
            let span = (SampleFigures.noise(i + 13) + 1.01) * pow10(Int(SampleFigures.noise(i + 29) * 9))
            // Keep to spans a double can subdivide: at least 1e-9 of the magnitude.
            guard span >= abs(low) * 1e-9 else { continue }
            let range = low...(low + span)
            let locator = TickLocator()
            let ticks = locator.ticks(in: range)
            let step = locator.step(for: range)
            #expect((3...10).contains(ticks.count), "range \(range)")
            var mantissa = step
            while mantissa >= 10 { mantissa /= 10 }
            while mantissa < 1 { mantissa *= 10 }
            #expect(nice.contains((mantissa * 1e9).rounded() / 1e9), "step \(step)")
            // Inside, up to matplotlib's tolerance of 1e-10 steps (or a few ulps) at the edges.
            let slack = step * 1e-9 + 8 * max(range.lowerBound.magnitude, range.upperBound.magnitude).ulp
            let inside = ticks.allSatisfy { $0 >= range.lowerBound - slack && $0 <= range.upperBound + slack }
            #expect(inside, "range \(range)")
        }
    }

    @Test func automaticBinsFollowAxisLength() {
        // Default axes: 357 pt wide, 266 pt tall → both clipped to 9.
        #expect(TickLocator.automaticBins(axisLengthPoints: 357, vertical: false) == 9)
        #expect(TickLocator.automaticBins(axisLengthPoints: 266, vertical: true) == 9)
        // A 1.5 in wide axes: 108 pt / 30 pt → 3 bins.
        #expect(TickLocator.automaticBins(axisLengthPoints: 108, vertical: false) == 3)
    }

    private func pow10(_ e: Int) -> Double {
        var value = 1.0
        for _ in 0..<abs(e) { value *= 10 }
        return e < 0 ? 1 / value : value
    }
}
