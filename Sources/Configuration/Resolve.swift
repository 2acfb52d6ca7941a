import DataLoading
import Foundation
import Plotting
import Training

/// A `RunConfig` turned into what the training core runs, plus what the report says about the data.
public struct ResolvedRun: Sendable {
    public var settings: RunConfig
    public var training: TrainingConfig
    /// For CSV data: the file and the resolved column names.
    public var dataDescription: String?
    public var figures: FigureSettings
}

extension RunConfig {
    /// Parses formulas and options, loads the data file if any, and checks every value.
    /// Errors name the key (`lr`, `model`, `init`, …), and for data files the file, line and column.
    public func resolve() throws(ConfigError) -> ResolvedRun {
        let modelExpr: Expr
        do {
            modelExpr = try Formula.parse(model)
        } catch {
            throw ConfigError(key: "model", error.message + " (column \(error.column))", detail: caret(error))
        }
        let lossValue: Loss
        switch loss.lowercased() {
        case "mse": lossValue = .mse
        case "mae": lossValue = .mae
        case "huber": lossValue = .huber(delta: huberDelta)
        default: throw ConfigError(key: "loss", "unknown loss '\(loss)'; choose mse, mae or huber")
        }
        let optimizerKind: OptimizerKind
        switch optimizer.lowercased() {
        case "sgd": optimizerKind = .sgd
        case "momentum": optimizerKind = .momentum(momentum: momentum, nesterov: nesterov)
        case "adam": optimizerKind = .adam(beta1: beta1, beta2: beta2, epsilon: eps)
        default: throw ConfigError(key: "optimizer", "unknown optimizer '\(optimizer)'; choose sgd, momentum or adam")
        }
        let initial = try parseInit()

        var source: DataSource
        var description: String?
        if let data {
            let reader = DelimitedFileReader(path: data)
            do {
                let loaded = try reader.readColumns(
                    x: ColumnSelector(parsing: x ?? "1"), y: ColumnSelector(parsing: y ?? "2"), minimumRows: 2)
                source = .provided(Dataset(x: loaded.x, y: loaded.y))
                description = "\(data) (x: \(loaded.xName), y: \(loaded.yName), \(loaded.x.count) rows)"
            } catch {
                throw ConfigError(key: "data", "\(error)")
            }
        } else {
            if x != nil || y != nil {
                throw ConfigError(key: x != nil ? "x" : "y", "column selection needs a data file; add --data FILE.csv")
            }
            let truth: Expr
            do {
                truth = try Formula.parse(generate, variables: ["x"])
            } catch {
                throw ConfigError(key: "generate", error.message + " (column \(error.column))", detail: caret(error))
            }
            source = .generated(DataGenerator(truth: truth, points: points, noise: noise, xRange: try parseRange()))
        }
        let training = TrainingConfig(
            seed: seed, data: source, model: Model(formula: modelExpr), loss: lossValue, optimizer: optimizerKind,
            learningRate: lr, epochs: epochs, initialValues: initial, normalize: normalize)
        if let problem = training.validationErrors().first {
            // Validation messages start with the key they concern.
            throw ConfigError(key: "", problem)
        }
        guard scale.isFinite, scale >= 0.25, scale <= 8 else {
            throw ConfigError(key: "scale", "must be between 0.25 and 8, got \(scale)")
        }
        let figures = try figureSettings()
        var settings = self
        if let data { settings.data = URL(fileURLWithPath: data).standardizedFileURL.path }
        return ResolvedRun(settings: settings, training: training, dataDescription: description, figures: figures)
    }

    func figureSettings() throws(ConfigError) -> FigureSettings {
        let parts = size.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let h = Double(parts[1].trimmingCharacters(in: .whitespaces)), w >= 1, h >= 1, w <= 40, h <= 40
        else {
            throw ConfigError(key: "size", "expected WIDTHxHEIGHT in inches between 1 and 40, e.g. 6.4x4.8; got '\(size)'")
        }
        guard dpi.isFinite, dpi >= 20, dpi <= 600 else {
            throw ConfigError(key: "dpi", "must be between 20 and 600, got \(dpi)")
        }
        guard w * dpi * scale <= 20000, h * dpi * scale <= 20000 else {
            throw ConfigError(key: "size", "the PNG would be larger than 20000 pixels on a side; lower --size, --dpi or --scale")
        }
        guard FigureSettings.styles.contains(style) else {
            throw ConfigError(key: "style", "unknown style '\(style)'; choose " + FigureSettings.styles.joined(separator: " or "))
        }
        guard let scaleChoice = FigureSettings.LossScale(rawValue: lossScale) else {
            throw ConfigError(key: "loss-scale", "expected auto, log or linear; got '\(lossScale)'")
        }
        guard smooth.isFinite, smooth >= 0, smooth < 1 else {
            throw ConfigError(key: "smooth", "must be at least 0 and less than 1 (e.g. 0.9), got \(smooth)")
        }
        return FigureSettings(widthInches: w, heightInches: h, dpi: dpi, style: style, lossScale: scaleChoice,
                              smooth: smooth)
    }

    private func caret(_ error: FormulaError) -> String {
        "  " + error.formula + "\n  " + String(repeating: " ", count: max(0, error.column - 1)) + "^"
    }

    /// `LOW:HIGH` with LOW < HIGH.
    func parseRange() throws(ConfigError) -> ClosedRange<Double> {
        let parts = xRange.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let hi = Double(parts[1].trimmingCharacters(in: .whitespaces)), lo.isFinite, hi.isFinite
        else {
            throw ConfigError(key: "x-range", "expected LOW:HIGH with two numbers, for example 0:1; got '\(xRange)'")
        }
        guard lo < hi else {
            throw ConfigError(key: "x-range", "LOW must be less than HIGH; got '\(xRange)' (reversed or empty)")
        }
        return lo...hi
    }

    /// `a=1,b=0.5` → ["a": 1, "b": 0.5].
    func parseInit() throws(ConfigError) -> [String: Double] {
        guard let text = `init`, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        var values: [String: Double] = [:]
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", omittingEmptySubsequences: false)
            let name = pair.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard pair.count == 2, !name.isEmpty, let value = Double(pair[1].trimmingCharacters(in: .whitespaces)),
                  value.isFinite
            else {
                throw ConfigError(key: "init", "expected NAME=NUMBER pairs separated by commas, e.g. a=1,b=0.5; "
                    + "could not read '\(item)'")
            }
            guard values[name] == nil else { throw ConfigError(key: "init", "'\(name)' is given twice") }
            values[name] = value
        }
        return values
    }
}
