import Foundation
import Plotting
import RunRecord
import Training

extension TrainingRun {
    /// The run's parameter snapshots as the record's neutral `ParameterHistory` (epochs as steps).
    public func parameterHistory() -> ParameterHistory? {
        guard snapshots.count > 0, !parameterNames.isEmpty else { return nil }
        return ParameterHistory(names: parameterNames, steps: snapshots.epochs, values: snapshots.values)
    }

    /// Whether the report draws the loss landscape: asked for by `--figures`, or by default for 2–10 parameters.
    static func wantsLandscape(_ figures: FigureSettings, parameterCount: Int) -> Bool {
        guard parameterCount >= 2 else { return false }
        if let names = figures.figureNames { return names.contains("landscape") }
        return (2...10).contains(parameterCount)
    }

    /// The two parameters of the landscape's plane: the ones asked for, else the two with the largest distance
    /// travelled (the sum of |Δθ| between snapshots), in parameter order.
    func landscapePlane(_ asked: [String]?) -> (Int, Int)? {
        let names = parameterNames
        if let asked, asked.count == 2, let i = names.firstIndex(of: asked[0]), let j = names.firstIndex(of: asked[1]) {
            return (i, j)
        }
        guard names.count >= 2 else { return nil }
        var travelled = [Double](repeating: 0, count: names.count)
        for (a, b) in zip(snapshots.values, snapshots.values.dropFirst()) {
            for j in names.indices { travelled[j] += abs(b[j] - a[j]) }
        }
        let order = names.indices.sorted { travelled[$0] > travelled[$1] || (travelled[$0] == travelled[$1] && $0 < $1) }
        return (min(order[0], order[1]), max(order[0], order[1]))
    }

    /// Grid points per axis of the landscape: 101, fewer for large data (about 4·10⁷ point evaluations at most).
    static func landscapeResolution(rows: Int) -> Int {
        max(21, min(101, Int((4e7 / Double(max(rows, 1))).squareRoot())))
    }

    /// The loss on the training rows (original units) over two parameters — for the MSE of a model linear in its
    /// parameters minimised over the others at each point (`LandscapeProfile`), otherwise on the plane through the
    /// final parameters — on a grid covering the path, the initial and final points and the reference optimum with a 10 %
    /// margin — evaluated with the training engine (`ObjectiveKernel`, the program training runs). `nil` when the
    /// figure is not wanted, the parameters are those of a standardized problem, or the loss cannot be compiled.
    public func lossLandscape(figures: FigureSettings) -> LossLandscape? {
        let names = parameterNames
        guard Self.wantsLandscape(figures, parameterCount: names.count), parameterUnits == .original,
              !history.isEmpty, let (ix, iy) = landscapePlane(figures.landscapeParameters)
        else { return nil }
        let model = config.model
        let target = model.inputNames.contains("y") ? "fitreport.target" : "y"
        let train = trainingRows.isEmpty || trainingRows.count == dataset.count ? dataset : dataset.rows(trainingRows)
        guard train.count > 0,
              let program = try? Program(config.loss.objective(for: model, target: target),
                                         variables: model.inputNames + [target], parameters: names)
        else { return nil }
        let kernel = ObjectiveKernel(program, columns: train.inputs + [train.y], weight: 1 / Double(train.count),
                                     threads: 1)
        func range(_ j: Int) -> [Double] {
            var values = snapshots.values.map { $0[j] } + [initialParameters[j], finalParameters[j]]
            if let reference = leastSquares?.parameters[j], reference.isFinite { values.append(reference) }
            values = values.filter(\.isFinite)
            var lo = values.min() ?? -1, hi = values.max() ?? 1
            var span = hi - lo
            if !(span > 0) { span = max(abs(lo), 1) * 0.5; lo -= span / 2; hi += span / 2 }
            lo -= 0.1 * span
            hi += 0.1 * span
            let n = Self.landscapeResolution(rows: train.count)
            return (0..<n).map { lo + (hi - lo) * Double($0) / Double(n - 1) }
        }
        let xs = range(ix), ys = range(iy)
        // MSE of a model linear in its parameters: the profile (the others at their best values per point), whose
        // valley floor runs through the optimum. Otherwise a slice at the final values.
        let profile = config.loss == .mse
            ? LandscapeProfile(model: model, inputs: train.inputs, y: train.y, x: ix, y: iy)
            : nil
        var theta = finalParameters
        var loss = [Double](repeating: .nan, count: xs.count * ys.count)
        for (j, y) in ys.enumerated() {
            theta[iy] = y
            for (i, x) in xs.enumerated() {
                theta[ix] = x
                profile?.fill(&theta, u: x, v: y)
                let v = kernel.value(parameters: theta)
                loss[j * xs.count + i] = v.isFinite ? v : .nan
            }
        }
        let fixed = names.indices.filter { $0 != ix && $0 != iy }.map { KeyValue(names[$0], finalParameters[$0]) }
        return LossLandscape(xParameter: names[ix], yParameter: names[iy], xValues: xs, yValues: ys, loss: loss,
                             fixed: profile == nil ? fixed : [], lossName: config.loss.displayName,
                             minimisedOver: profile.map { $0.others.map { names[$0] } })
    }

    /// Frames of the animation of the fit.
    public static let animationFrames = 120

    /// The fitted curve on 200 points across the data's x range at about `frames` snapshots spaced evenly on a log
    /// scale of the epoch (the first and last always), for the animation; `nil` with several inputs or parameters of
    /// a standardized problem.
    public func predictionHistory(frames: Int = animationFrames) -> PredictionHistory? {
        guard dataset.inputs.count == 1, parameterUnits == .original, snapshots.count > 0 else { return nil }
        let xs = dataset.x.filter(\.isFinite)
        guard let lo = xs.min(), let hi = xs.max() else { return nil }
        let grid = Dataset.linspace(lo, hi, count: 200)
        let epochs = snapshots.epochs
        // The snapshot at or before each log-spaced epoch, without repeats.
        var chosen: [Int] = []
        var k = 0
        for e in SnapshotSchedule.epochs(epochs[epochs.count - 1], limit: frames) {
            while k + 1 < epochs.count, epochs[k + 1] <= e { k += 1 }
            if chosen.last != k { chosen.append(k) }
        }
        var out = PredictionHistory(x: grid)
        for index in chosen {
            guard let values = try? config.model.predict(inputs: [grid], parameters: snapshots.values[index]) else {
                return nil
            }
            out.steps.append(epochs[index])
            out.values.append(values)
        }
        return out
    }
}
