import Training

/// The values the report template renders. Every string is plain text; the template engine HTML-escapes it.
struct ReportPage {
    let run: TrainingRun
    let runID: String
    let createdAt: String
    let timings: RunManifest.Timings

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
        let gap = (run.finalLoss - ls.loss) / max(abs(ls.loss), 1e-300)
        if gap < 1e-3 {
            return "After \(epochs), gradient descent reached \(trained), which matches the exact least-squares "
                + "optimum \(optimum): training has converged."
        }
        return "After \(epochs), gradient descent reached \(trained), while the exact least-squares optimum is "
            + "\(optimum): training has not converged yet — the loss still falls slowly along the poorly "
            + "conditioned direction of the problem, so the gap is slow convergence, not noise."
    }

    /// The Mustache context.
    func context() -> [String: Any] {
        let c = run.config
        let ls = run.leastSquares
        let figures: [[String: Any]] = ReportFigures.make(for: run).map { name, figure in
            [
                "name": name,
                "title": figure.axes.title ?? name,
                "svg": "figures/\(name).svg",
                "png": "figures/\(name).png",
                "alt": "\(figure.axes.title ?? name) figure",
            ]
        }
        var config: [[String: String]] = []
        switch c.data {
        case .generated(let g):
            config.append(["key": "Data", "value": "y = \(g.truth) + \(NumberFormat.short(g.noise))·N(0, 1)"])
            config.append(["key": "Points", "value": "\(g.points) on [\(NumberFormat.short(g.xRange.lowerBound)), "
                + "\(NumberFormat.short(g.xRange.upperBound))]"])
        case .provided(let d):
            config.append(["key": "Data", "value": "\(d.count) rows provided"])
        }
        config += [
            ["key": "Model", "value": "f(x) = \(c.model.formula)"],
            ["key": "Loss", "value": c.loss.displayName],
            ["key": "Optimizer", "value": c.optimizer.name],
            ["key": "Learning rate", "value": NumberFormat.short(c.learningRate)],
            ["key": "Epochs", "value": "\(c.epochs)"],
            ["key": "Seed", "value": "\(c.seed)"],
        ]
        let params: [[String: String]] = run.parameterNames.indices.map { i in
            [
                "name": run.parameterNames[i],
                "initial": NumberFormat.short(run.initialParameters[i], digits: 6),
                "trained": NumberFormat.short(run.finalParameters[i], digits: 6),
                "leastSquares": ls.map { NumberFormat.short($0.parameters[i], digits: 6) } ?? "—",
            ]
        }
        let lossName = c.loss.displayName
        var results: [[String: String]] = [
            ["key": "Initial \(lossName)", "value": NumberFormat.short(run.history.first ?? .nan, digits: 6)],
            ["key": "Final \(lossName)", "value": NumberFormat.short(run.finalLoss, digits: 6)],
        ]
        if let ls {
            results.append(["key": "Least-squares \(lossName)", "value": NumberFormat.short(ls.loss, digits: 6)])
        }
        results += [
            ["key": "Data generation", "value": NumberFormat.seconds(timings.data)],
            ["key": "Training time", "value": NumberFormat.seconds(timings.training)],
            ["key": "Figures", "value": NumberFormat.seconds(timings.figures)],
        ]
        return [
            "title": "Fitting f(x) = \(c.model.formula)",
            "summary": Self.convergenceSentence(run),
            "runID": runID,
            "createdAt": createdAt,
            "toolVersion": fitreportVersion,
            "figures": figures,
            "config": config,
            "params": params,
            "hasLeastSquares": ls != nil,
            "results": results,
            "lossName": lossName,
        ]
    }
}
