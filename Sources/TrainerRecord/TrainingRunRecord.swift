import Configuration
import Foundation
import RunRecord
import Training

extension TrainingRun {
    /// The run as a `RunRecord`: the built-in trainer is one producer among others, and the report renders only
    /// records.
    ///
    /// The record holds the settings as `fitreport run` resolved them (so `reproduce` can rerun it), an overview in
    /// words, the loss per epoch, the data with predictions before and after training and — for models linear in
    /// their parameters — the least-squares optimum as the reference.
    public func record(resolved: ResolvedRun) -> RunRecord {
        let c = config
        let names = parameterNames
        let lossName = c.loss.displayName
        let ls = leastSquares

        var predictions = [Prediction(name: "y_before", role: .before, values: predictionsBefore),
                           Prediction(name: "y_after", role: .after, values: predictionsAfter)]
        if let ls { predictions.append(Prediction(name: "least squares", role: .reference, values: ls.predictions)) }

        let parameters = names.indices.map { i in
            Parameter(name: names[i], initial: initialParameters[i], final: finalParameters[i],
                      reference: ls?.parameters[i])
        }
        var metrics = [KeyValue("Initial \(lossName)", history.first ?? .nan), KeyValue("Final \(lossName)", finalLoss),
                       KeyValue("R²", self.metrics.rSquared), KeyValue("RMSE", self.metrics.rmse)]
        if let ls { metrics.append(KeyValue("Least-squares \(lossName)", ls.loss)) }

        let status: RunStatus
        switch self.status {
        case .completed: status = .complete
        case .diverged(let epoch): status = .diverged(epoch: epoch)
        case .cancelled(let epoch): status = .interrupted(epoch: epoch)
        }
        var notes: [String] = []
        if ls == nil {
            notes.append("The model is not linear in its parameters, so no closed-form least-squares reference applies.")
        }
        return RunRecord(
            title: "Fitting f(x) = \(c.model.formula)", source: RunSource(kind: .fitreport, toolVersion: fitreportVersion),
            model: "f(x) = \(c.model.formula)", settings: Self.settings(resolved.settings),
            overview: overview(resolved: resolved), stepAxis: .epoch,
            series: [ScalarSeries(name: "loss", displayName: lossName, split: .train, lowerIsBetter: .some(true),
                                  values: history)],
            data: RunData(x: dataset.x, y: dataset.y, predictions: predictions), parameters: parameters,
            referenceName: ls == nil ? nil : "least squares", metrics: metrics, status: status,
            summary: convergenceSentence(), notes: notes,
            durations: [KeyValue("data", dataSeconds), KeyValue("training", trainingSeconds)])
    }

    /// `RunConfig`'s keys in declaration order, as JSON values (unset optional keys left out).
    static func settings(_ config: RunConfig) -> [KeyValue<JSONValue>] {
        guard let data = try? JSONEncoder().encode(config),
              case .object(let pairs)? = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return [] }
        let order = RunConfig.keys
        return pairs.sorted { (order.firstIndex(of: $0.key) ?? .max) < (order.firstIndex(of: $1.key) ?? .max) }
    }

    /// The settings in words, for the page's Configuration table.
    func overview(resolved: ResolvedRun) -> [KeyValue<String>] {
        let c = config
        var out: [KeyValue<String>] = []
        switch c.data {
        case .generated(let g):
            out.append(KeyValue("Data", "y = \(g.truth) + \(NumberFormat.short(g.noise))·N(0, 1)"))
            let range = g.xRange
            out.append(KeyValue("Points", "\(g.points) on [\(NumberFormat.short(range.lowerBound)), "
                + "\(NumberFormat.short(range.upperBound))]"))
        case .provided(let d):
            out.append(KeyValue("Data", resolved.dataDescription ?? "\(d.count) rows"))
        }
        out += [
            KeyValue("Model", "f(x) = \(c.model.formula)"),
            KeyValue("Parameters", parameterNames.joined(separator: ", ")),
            KeyValue("Loss", lossLabel(c.loss)),
            KeyValue("Optimizer", optimizerLabel(c.optimizer)),
            KeyValue("Learning rate", NumberFormat.short(c.learningRate)),
            KeyValue("Epochs", "\(c.epochs)"),
            KeyValue("Seed", "\(c.seed)"),
        ]
        if !c.initialValues.isEmpty {
            out.append(KeyValue("Initial values", c.initialValues.sorted { $0.key < $1.key }
                .map { "\($0.key) = \(NumberFormat.short($0.value))" }.joined(separator: ", ")))
        }
        if c.normalize {
            out.append(KeyValue("Normalize", parameterUnits == .original
                ? "trained on standardized x and y; parameters shown in original units"
                : "trained on standardized x and y; parameters are those of the standardized problem"))
        }
        return out
    }

    /// One sentence comparing the trained parameters with the least-squares optimum, with the numbers.
    func convergenceSentence() -> String {
        let names = parameterNames
        func list(_ values: [Double]) -> String {
            zip(names, values).map { "\($0) = \(NumberFormat.short($1, digits: 4))" }.joined(separator: ", ")
        }
        let lossName = config.loss.displayName
        let trained = "\(list(finalParameters)) (\(lossName) \(NumberFormat.short(finalLoss, digits: 4)))"
        let epochs = "\(config.epochs) epochs at learning rate \(NumberFormat.short(config.learningRate))"
        guard let ls = leastSquares else {
            return "After \(epochs), gradient descent reached \(trained); the model is not linear in its parameters, "
                + "so no closed-form least-squares reference applies."
        }
        let optimum = "\(list(ls.parameters)) (\(lossName) \(NumberFormat.short(ls.loss, digits: 4)))"
        if config.loss != .mse {
            return "After \(epochs), gradient descent reached \(trained); the least-squares fit \(optimum) is shown "
                + "for reference — it minimizes the squared error, not the \(lossName)."
        }
        let gap = (finalLoss - ls.loss) / max(abs(ls.loss), 1e-300)
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
}
