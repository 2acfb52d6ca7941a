import Configuration
import Training

/// The values the report template renders. Every string is plain text; the template engine HTML-escapes it.
struct ReportPage {
    /// A figure as the page shows it.
    struct FigureEntry {
        var name: String
        var title: String
        /// What the `<img>` loads: a relative path, or a data URI when self-contained; `nil` when only PDF exists.
        var source: String?
        /// (label, relative path) of every written file of the figure.
        var files: [(format: String, path: String)]
    }

    let run: TrainingRun
    let settings: RunConfig
    let dataDescription: String?
    let runID: String
    let runName: String?
    let createdAt: String
    let timings: RunManifest.Timings
    /// `false` under SOURCE_DATE_EPOCH: durations vary between runs, so the page leaves them out.
    let showDurations: Bool
    let figureEntries: [FigureEntry]
    let selfContained: Bool

    /// One sentence comparing the trained parameters with the least-squares optimum, with the numbers.
    static func convergenceSentence(_ run: TrainingRun) -> String {
        let names = run.parameterNames
        func list(_ values: [Double]) -> String {
            zip(names, values).map { "\($0) = \(NumberFormat.short($1, digits: 4))" }.joined(separator: ", ")
        }
        let lossName = run.config.loss.displayName
        let trained = "\(list(run.finalParameters)) (\(lossName) \(NumberFormat.short(run.finalLoss, digits: 4)))"
        let epochs = "\(run.config.epochs) epochs at learning rate \(NumberFormat.short(run.config.learningRate))"
        guard let ls = run.leastSquares else {
            return "After \(epochs), gradient descent reached \(trained); the model is not linear in its parameters, "
                + "so no closed-form least-squares reference applies."
        }
        let optimum = "\(list(ls.parameters)) (\(lossName) \(NumberFormat.short(ls.loss, digits: 4)))"
        if run.config.loss != .mse {
            return "After \(epochs), gradient descent reached \(trained); the least-squares fit \(optimum) is shown "
                + "for reference — it minimizes the squared error, not the \(lossName)."
        }
        let gap = (run.finalLoss - ls.loss) / max(abs(ls.loss), 1e-300)
        if gap < 1e-3 {
            return "After \(epochs), gradient descent reached \(trained), which matches the exact least-squares "
                + "optimum \(optimum): training has converged."
        }
        return "After \(epochs), gradient descent reached \(trained), while the exact least-squares optimum is "
            + "\(optimum): training has not converged yet — the loss still falls slowly along the poorly "
            + "conditioned direction of the problem, so the gap is slow convergence, not noise."
    }

    func lossLabel(_ loss: Loss) -> String {
        if case .huber(let delta) = loss { return "Huber (δ = \(NumberFormat.short(delta)))" }
        return loss.displayName
    }

    func optimizerLabel(_ kind: OptimizerKind) -> String {
        switch kind {
        case .sgd: "SGD"
        case .momentum(let m, let nesterov): "SGD with \(nesterov ? "Nesterov " : "")momentum \(NumberFormat.short(m))"
        case .adam(let b1, let b2, let eps):
            "Adam (β₁ = \(NumberFormat.short(b1)), β₂ = \(NumberFormat.short(b2)), ε = \(NumberFormat.short(eps)))"
        }
    }

    /// A message shown at the top of the page when the run did not complete normally.
    var warning: String? {
        switch run.status {
        case .completed: nil
        case .diverged(let epoch):
            "Training diverged at epoch \(epoch): the loss became non-finite or grew more than a millionfold. "
                + "The figures show the history up to that point. Try a smaller learning rate (--lr)."
        case .cancelled(let epoch): "Training was stopped at epoch \(epoch)."
        }
    }

    /// The Mustache context.
    func context() -> [String: Any] {
        let c = run.config
        let ls = run.leastSquares
        let figures: [[String: Any]] = figureEntries.map { f in
            [
                "name": f.name,
                "title": f.title,
                "src": f.source as Any,
                "alt": "\(f.title) figure",
                "files": f.files.map { ["format": $0.format.uppercased(), "path": $0.path] },
            ]
        }
        var config: [[String: String]] = []
        switch c.data {
        case .generated(let g):
            config.append(["key": "Data", "value": "y = \(g.truth) + \(NumberFormat.short(g.noise))·N(0, 1)"])
            config.append(["key": "Points", "value": "\(g.points) on [\(NumberFormat.short(g.xRange.lowerBound)), "
                + "\(NumberFormat.short(g.xRange.upperBound))]"])
        case .provided(let d):
            config.append(["key": "Data", "value": dataDescription ?? "\(d.count) rows"])
        }
        config += [
            ["key": "Model", "value": "f(x) = \(c.model.formula)"],
            ["key": "Parameters", "value": run.parameterNames.joined(separator: ", ")],
            ["key": "Loss", "value": lossLabel(c.loss)],
            ["key": "Optimizer", "value": optimizerLabel(c.optimizer)],
            ["key": "Learning rate", "value": NumberFormat.short(c.learningRate)],
            ["key": "Epochs", "value": "\(c.epochs)"],
            ["key": "Seed", "value": "\(c.seed)"],
        ]
        if !c.initialValues.isEmpty {
            config.append(["key": "Initial values", "value": c.initialValues.sorted { $0.key < $1.key }
                .map { "\($0.key) = \(NumberFormat.short($0.value))" }.joined(separator: ", ")])
        }
        if c.normalize {
            config.append(["key": "Normalize", "value": run.parameterUnits == .original
                ? "trained on standardized x and y; parameters shown in original units"
                : "trained on standardized x and y; parameters are those of the standardized problem"])
        }
        let params: [[String: String]] = run.parameterNames.indices.map { i in
            [
                "name": run.parameterNames[i],
                "initial": NumberFormat.short(run.initialParameters[i], digits: 6),
                "trained": NumberFormat.short(run.finalParameters[i], digits: 6),
                "leastSquares": ls.map { NumberFormat.short($0.parameters[i], digits: 6) } ?? "—",
            ]
        }
        let lossName = c.loss.displayName
        let metrics = run.metrics
        var results: [[String: String]] = [
            ["key": "Initial \(lossName)", "value": NumberFormat.short(run.history.first ?? .nan, digits: 6)],
            ["key": "Final \(lossName)", "value": NumberFormat.short(run.finalLoss, digits: 6)],
            ["key": "R²", "value": NumberFormat.short(metrics.rSquared, digits: 6)],
            ["key": "RMSE", "value": NumberFormat.short(metrics.rmse, digits: 6)],
        ]
        if let ls {
            results.append(["key": "Least-squares \(lossName)", "value": NumberFormat.short(ls.loss, digits: 6)])
        }
        if showDurations {
            results += [
                ["key": "Data generation", "value": NumberFormat.seconds(timings.data)],
                ["key": "Training time", "value": NumberFormat.seconds(timings.training)],
                ["key": "Figures", "value": NumberFormat.seconds(timings.figures)],
            ]
        }
        return [
            "title": "Fitting f(x) = \(c.model.formula)",
            "summary": Self.convergenceSentence(run),
            "runID": runID,
            "runName": runName as Any,
            "createdAt": createdAt,
            "toolVersion": fitreportVersion,
            "figures": figures,
            "config": config,
            "params": params,
            "hasLeastSquares": ls != nil,
            "results": results,
            "lossName": lossName,
            "warning": warning as Any,
            "selfContained": selfContained,
            "dataDescription": dataDescription as Any,
            "noClosedForm": ls == nil,
        ]
    }
}

extension ReportPage {
    /// Keys whose values are paths or URIs, kept as they are in Markdown.
    private static let rawKeys: Set<String> = ["src", "path", "svg", "png"]

    /// The same context with every text value escaped for Markdown (render it with `{{{…}}}`).
    func markdownContext() -> [String: Any] {
        Self.escapeForMarkdown(context()) as? [String: Any] ?? [:]
    }

    private static func escapeForMarkdown(_ value: Any, key: String = "") -> Any {
        switch value {
        case let text as String: return rawKeys.contains(key) ? text : TextEscaping.markdown(text)
        case let dict as [String: Any]:
            return Dictionary(uniqueKeysWithValues: dict.map { ($0.key, escapeForMarkdown($0.value, key: $0.key)) })
        case let dict as [String: String]:
            return Dictionary(uniqueKeysWithValues: dict.map {
                ($0.key, rawKeys.contains($0.key) ? $0.value : TextEscaping.markdown($0.value))
            })
        case let list as [[String: Any]]: return list.map { escapeForMarkdown($0) }
        case let list as [[String: String]]: return list.map { escapeForMarkdown($0) }
        default: return value
        }
    }
}
