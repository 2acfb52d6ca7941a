import Foundation
import Plotting
import Testing

/// Figures like the ones fitreport draws, shared by several tests.
enum SampleFigures {
    /// Deterministic pseudo-random noise in −1…1 (no global RNG state).
    static func noise(_ i: Int) -> Double {
        var x = UInt64(truncatingIfNeeded: i &+ 1) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 31
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 29
        return Double(x % 20_001) / 10_000 - 1
    }

    /// Scatter of noisy data around y = 3x + 2 and a red model line, with a legend.
    static var beforeTraining: Figure {
        let xs = (0..<60).map { -1 + 2 * Double($0) / 59 }
        let ys = xs.enumerated().map { 3 * $1 + 2 + 0.8 * noise($0) }
        return Figure(axes: Axes(
            title: "Before training", xLabel: "x", yLabel: "y", legend: true,
            series: [
                .scatter(ScatterSeries(x: xs, y: ys, label: "data", alpha: 0.8)),
                .line(LineSeries(x: [-1, 1], y: [-0.5, 0.7], label: "model", color: .red, width: 2)),
            ]))
    }

    /// Noisy data around a quadratic, the fitted curve dashed and its 95 % confidence band shaded, as the report's
    /// `after` figure draws a reference fit with error bars (a band widening towards both ends).
    static var confidenceBand: Figure {
        let xs = (0..<50).map { Double($0) / 49 }
        let fit = xs.map { 20 * $0 * $0 + 5 * $0 - 3 }
        let ys = fit.enumerated().map { $1 + 1.5 * noise(100 + $0) }
        let halfWidth = xs.map { 0.45 + 1.6 * ($0 - 0.5) * ($0 - 0.5) }
        return Figure(axes: Axes(
            title: "After training", xLabel: "x", legend: true,
            series: [
                .band(BandSeries(x: xs, lower: zip(fit, halfWidth).map { $0 - $1 },
                                 upper: zip(fit, halfWidth).map { $0 + $1 }, label: "95 % confidence band",
                                 color: .black, alpha: 0.15)),
                .scatter(ScatterSeries(x: xs, y: ys, label: "y_true", markerArea: 50, alpha: 0.75)),
                .line(LineSeries(x: xs, y: fit, label: "least squares", color: .black, width: 1.5, dash: [5.5, 2.4])),
            ]))
    }

    /// A loss curve over 15 000 epochs decaying from about 200 to about 1.
    static var lossCurve: Figure {
        let epochs = (0..<15_000).map(Double.init)
        let loss = epochs.map { 1 + 199 * exp(-$0 / 1500) }
        return Figure(axes: Axes(
            title: "MSE vs. Epoch", xLabel: "Epoch", yLabel: "Loss", grid: true,
            series: [.line(LineSeries(x: epochs, y: loss, label: "train"))]))
    }

    /// Mathtext in the title, axis labels and legend: italic letters, scripts, Greek, accents.
    static var mathText: Figure {
        var figure = beforeTraining
        figure.axes.title = "Fit of $\\hat{y} = w_1 x^2 + w_0$ with $\\alpha = 0.01$"
        figure.axes.xLabel = "$x$"
        figure.axes.yLabel = "$y_{true}$"
        figure.axes.series[0] = .scatter(ScatterSeries(x: figure.axes.series[0].xValues,
                                                       y: figure.axes.series[0].yValues, label: "$y_{true}$", alpha: 0.8))
        figure.axes.series[1] = .line(LineSeries(x: [-1, 1], y: [-0.5, 0.7], label: "$\\hat{y}$ ($\\lambda \\cdot \\beta_{i}^{2}$)",
                                                 color: .red, width: 2))
        return figure
    }

    /// A noisy loss decaying over four decades on a log y axis, raw curve faint under its smoothed average.
    static var logLoss: Figure {
        let epochs = (0..<3000).map(Double.init)
        let raw = epochs.enumerated().map { i, e in 100 * exp(-e / 326) * (1 + 0.5 * noise(i)) }
        var smooth: [Double] = []
        var average = raw[0]
        for value in raw {
            average = 0.9 * average + 0.1 * value
            smooth.append(average)
        }
        return Figure(axes: Axes(
            title: "Loss", xLabel: "Epoch", yLabel: "MSE", grid: true, legend: true, yScale: .log,
            series: [
                .line(LineSeries(x: epochs, y: raw, label: "raw", alpha: 0.3)),
                .line(LineSeries(x: epochs, y: smooth, label: "smoothed (0.9)")),
            ]))
    }

    /// The colours of the four panels of `smallMultiples`, one per panel.
    static let panelColors: [Color] = [.tabBlue, .tabOrange, Color(hex: 0x2ca02c), Color(hex: 0xd62728)]

    /// A 2 × 2 grid of small multiples with a figure title: a scatter of noisy data in each panel, every panel in
    /// its own colour, with its own title, labels and data range (the last on a log y axis with a legend).
    static var smallMultiples: Figure {
        let xs = (0..<40).map { Double($0) / 39 }
        func panel(_ index: Int) -> Axes {
            let scale = pow(10, Double(index))
            let ys = xs.enumerated().map { i, x in scale * (1 + x + 0.1 * noise(100 * index + i)) }
            return Axes(title: "Panel \(index + 1)", xLabel: "$x_{\(index + 1)}$", yLabel: "$y$", grid: true,
                        legend: index == 3, yScale: index == 3 ? .log : .linear,
                        series: [.scatter(ScatterSeries(x: xs.map { $0 * Double(index + 1) }, y: ys,
                                                        label: "data \(index + 1)", color: panelColors[index]))])
        }
        return Figure(panels: (0..<4).map(panel), columns: 2, title: "Small multiples")
    }

    /// `beforeTraining` in the dark style.
    static var dark: Figure {
        var figure = beforeTraining
        figure.style = .dark
        figure.axes.grid = true
        return figure
    }

    /// A wide, short, high-dpi figure: 8 × 3 in at 150 dpi (1200 × 450 px).
    static var wide: Figure {
        var figure = lossCurve
        figure.widthInches = 8
        figure.heightInches = 3
        figure.dpi = 150
        return figure
    }
}

@Suite struct SampleOutput {
    /// Writes the sample figures when PLOTTING_SAMPLES names a folder (for looking at them).
    @Test func writeSamplesWhenRequested() throws {
        guard let folder = ProcessInfo.processInfo.environment["PLOTTING_SAMPLES"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let samples = [("before", SampleFigures.beforeTraining), ("loss", SampleFigures.lossCurve),
                       ("math", SampleFigures.mathText), ("log-loss", SampleFigures.logLoss),
                       ("dark", SampleFigures.dark), ("wide", SampleFigures.wide),
                       ("small-multiples", SampleFigures.smallMultiples)]
        for (name, figure) in samples {
            for format in ImageFormat.allCases {
                try CairoCanvas().write(figure, format: format, to: "\(folder)/\(name).\(format.fileExtension)")
            }
            try CairoCanvas(scale: 2).write(figure, format: .png, to: "\(folder)/\(name)@2x.png")
        }
        try CairoCanvas().write(GoldenImageTests.bigScatter, format: .png, to: "\(folder)/big-scatter.png")
        try CairoCanvas().write(GoldenImageTests.bigScatter, format: .svg, to: "\(folder)/big-scatter.svg")
        for (name, figure) in RenderingTests.figures {
            let file = name.replacingOccurrences(of: " ", with: "-")
            try CairoCanvas().write(figure, format: .png, to: "\(folder)/edge-\(file).png")
        }
    }
}
