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

    /// A loss curve over 15 000 epochs decaying from about 200 to about 1.
    static var lossCurve: Figure {
        let epochs = (0..<15_000).map(Double.init)
        let loss = epochs.map { 1 + 199 * exp(-$0 / 1500) }
        return Figure(axes: Axes(
            title: "MSE vs. Epoch", xLabel: "Epoch", yLabel: "Loss", grid: true,
            series: [.line(LineSeries(x: epochs, y: loss, label: "train"))]))
    }
}

@Suite struct SampleOutput {
    /// Writes the sample figures when PLOTTING_SAMPLES names a folder (for looking at them).
    @Test func writeSamplesWhenRequested() throws {
        guard let folder = ProcessInfo.processInfo.environment["PLOTTING_SAMPLES"] else { return }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let samples = [("before", SampleFigures.beforeTraining), ("loss", SampleFigures.lossCurve)]
        for (name, figure) in samples {
            for format in ImageFormat.allCases {
                try CairoCanvas().write(figure, format: format, to: "\(folder)/\(name).\(format.fileExtension)")
            }
            try CairoCanvas(scale: 2).write(figure, format: .png, to: "\(folder)/\(name)@2x.png")
        }
        for (name, figure) in RenderingTests.figures {
            let file = name.replacingOccurrences(of: " ", with: "-")
            try CairoCanvas().write(figure, format: .png, to: "\(folder)/edge-\(file).png")
        }
    }
}
