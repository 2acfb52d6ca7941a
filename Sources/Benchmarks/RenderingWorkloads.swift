import Foundation
import Plotting
import Training

/// Rendering workloads, measured only (the renderer belongs to `Plotting`): a scatter of 1,000,000 points to PNG
/// and SVG, and the loss history of a 1,000,000-epoch run to SVG, through `CairoCanvas.render`.
enum RenderingWorkloads {
    /// 1,000,000 points of the seed curve with noise at uniform random x (seed 0).
    static func scatterFigure(points: Int) -> Figure {
        var rng = Xoshiro256StarStar(seed: 0)
        var xs = [Double](repeating: 0, count: points), ys = xs
        for i in 0..<points {
            let x = rng.nextUniform()
            xs[i] = x
            ys[i] = 20 * x * x + 5 * x - 3 + rng.nextGaussian()
        }
        let axes = Axes(title: "Dataset", xLabel: "x", yLabel: "y", series: [.scatter(ScatterSeries(x: xs, y: ys))])
        return Figure(axes: axes)
    }

    /// The loss history of a real run of `points` epochs (the blog's run, trained that long), as its loss figure.
    static func lineFigure(points: Int) -> Figure {
        let history = (try? Trainer.run(TrainingConfig(epochs: points)).history) ?? []
        let xs = history.indices.map(Double.init)
        let axes = Axes(title: "MSE vs. Epoch", xLabel: "Epoch", yLabel: "MSE",
                        series: [.line(LineSeries(x: xs, y: history))])
        return Figure(axes: axes)
    }

    /// Milliseconds per render of `figure` as `format`, and the output size.
    static func render(name: String, summary: String, figure: Figure, format: ImageFormat, repetitions: Int)
        throws -> BenchResult
    {
        var samples: [Double] = []
        var bytes = 0
        let canvas = CairoCanvas(scale: 1)
        for _ in 0..<repetitions {
            var output: [UInt8] = []
            samples.append(try seconds { output = try canvas.render(figure, format: format) } * 1e3)
            bytes = output.count
        }
        return BenchResult(name: name, summary: summary, unit: "ms", samples: samples, bytes: bytes, threads: 1,
                           engine: "cairo")
    }
}
