import Foundation
import Training

/// The reference fit's workloads: the exact QR solve of the seed model at N = 1e6, and Levenberg–Marquardt on a
/// 3-parameter nonlinear model at N = 1e5 — each with its statistics (standard errors, band) as a run computes them.
enum ReferenceWorkloads {
    /// a·exp(−b·x) + c on N points: x = linspace(0, 5), y = 2.5·exp(−1.3x) + 0.5 + N(0, 0.05²) (seed 1).
    static func decayData(points n: Int) -> Dataset {
        let x = Dataset.linspace(0, 5, count: n)
        var rng = Xoshiro256StarStar(seed: 1)
        let noise = rng.gaussians(n)
        let y = (0..<n).map { (i: Int) -> Double in
            let decay: Double = 2.5 * Foundation.exp(-1.3 * x[i])
            return decay + 0.5 + 0.05 * noise[i]
        }
        return Dataset(x: x, y: y)
    }

    /// ms per reference solve of `model` on `data` from `start` (QR when linear, else Levenberg–Marquardt), with
    /// the statistics and the band.
    static func solve(name: String, summary: String, model: Model, data: Dataset, start: [Double],
                      repetitions: Int) throws -> BenchResult {
        var samples: [Double] = []
        var engine = ""
        for _ in 0..<repetitions {
            var result: Result<LeastSquaresFit, ReferenceFailure>?
            let elapsed = seconds {
                result = ReferenceSolver.solve(model, train: data, dataset: data, validation: nil,
                                               validationIsFile: false, loss: .mse,
                                               starts: [(label: "initial", parameters: start)])
            }
            guard case .success(let fit)? = result else {
                throw ReferenceFailure(description: "the reference solve failed in the benchmark")
            }
            engine = fit.method == .householderQR ? "householder-qr" : "levenberg-marquardt"
            samples.append(elapsed * 1e3)
        }
        return BenchResult(name: name, summary: summary, unit: "ms", samples: samples, threads: 1, engine: engine)
    }
}
