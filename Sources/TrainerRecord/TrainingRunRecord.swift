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

        // The data table holds every row: the data set's (a held-out fraction marked as validation rows), then the
        // rows of a separate validation file.
        var split: [Split]?
        var extra = (inputs: [[Double]](repeating: [], count: dataset.inputs.count), y: [Double](),
                     before: [Double](), after: [Double](), reference: [Double]())
        switch c.validation {
        case .none: break
        case .fraction:
            var marks = [Split](repeating: .validation, count: dataset.count)
            for row in trainingRows { marks[row] = .train }
            split = marks
        case .provided:
            if let validation {
                split = [Split](repeating: .train, count: dataset.count)
                    + [Split](repeating: .validation, count: validation.count)
                extra = (validation.inputs, validation.y, validationPredictionsBefore, validationPredictions,
                         ls?.validationPredictions ?? [])
            }
        }
        var predictions = [Prediction(name: "y_before", role: .before, values: predictionsBefore + extra.before)]
        if !history.isEmpty {
            predictions.append(Prediction(name: "y_after", role: .after, values: predictionsAfter + extra.after))
        }
        if let ls {
            predictions.append(Prediction(name: "least squares", role: .reference,
                                          values: ls.predictions + extra.reference))
        }
        var band: ConfidenceBand?
        if let ls, let level = ls.statistics?.level, !ls.bandLower.isEmpty,
           ls.bandLower.count == dataset.count + extra.y.count
        {
            band = ConfidenceBand(level: level, lower: ls.bandLower, upper: ls.bandUpper)
        }

        let statistics = ls?.statistics
        let errors = statistics?.standardErrors
        let intervals = statistics?.intervals
        let trained = !history.isEmpty
        let parameters = names.indices.map { i in
            Parameter(name: names[i], initial: initialParameters[i], final: trained ? finalParameters[i] : nil,
                      reference: ls?.parameters[i], standardError: errors?[i], lower: intervals?[i].lowerBound,
                      upper: intervals?[i].upperBound)
        }
        let initialLoss = history.first ?? (try? c.loss.mean(predictions: trainingRows.map { predictionsBefore[$0] },
                                                             targets: trainingRows.map { dataset.y[$0] })) ?? .nan
        var metrics = [KeyValue("Initial \(lossName)", initialLoss)]
        if trained {
            metrics += [KeyValue("Final \(lossName)", finalLoss), KeyValue("R²", self.metrics.rSquared),
                        KeyValue("RMSE", self.metrics.rmse)]
        }
        if let validationLoss = finalValidationLoss, let v = validationMetrics {
            metrics += [KeyValue("Validation \(lossName)", validationLoss), KeyValue("Validation R²", v.rSquared),
                        KeyValue("Validation RMSE", v.rmse)]
        }
        if let ls { metrics.append(KeyValue("Least-squares \(lossName)", ls.loss)) }
        if let statistics {
            metrics += [KeyValue("Least-squares residual SD", statistics.residualStandardDeviation),
                        KeyValue("Least-squares R²", statistics.rSquared),
                        KeyValue("Least-squares adjusted R²", statistics.adjustedRSquared),
                        KeyValue("Least-squares AIC", statistics.aic), KeyValue("Least-squares BIC", statistics.bic)]
        }

        let status: RunStatus
        switch self.status {
        case .completed: status = .complete
        case .diverged(let epoch): status = .diverged(epoch: epoch)
        case .interrupted(let epoch): status = .interrupted(epoch: epoch)
        }
        var notes = referenceNotes()
        if let batch = c.batchSize, batch < trainingRows.count {
            notes.append("Mini-batches: each epoch is one pass over a fresh seeded shuffle of the \(trainingRows.count) "
                + "training rows in batches of \(batch) (one update per batch); the recorded training loss is the "
                + "mean of the batch losses over the epoch, each measured just before its batch's update.")
        }
        if validation != nil {
            notes.append("The validation loss of each epoch is measured at the parameters the epoch starts with"
                + (c.batchSize == nil ? ", the same parameters as the training loss beside it." : "."))
        }
        // Beside a validation curve the training curve says what it is; alone it keeps the blog's title (`MSE`).
        var series = [ScalarSeries(name: "loss", displayName: validationHistory.isEmpty ? lossName : "training \(lossName)",
                                   split: .train, lowerIsBetter: .some(true), values: history)]
        if !validationHistory.isEmpty {
            series.append(ScalarSeries(name: "val_loss", displayName: "validation \(lossName)", split: .validation,
                                       lowerIsBetter: .some(true), values: validationHistory))
        }
        if let first = learningRates.first, learningRates.contains(where: { $0 != first }) {
            series.append(ScalarSeries(name: "lr", displayName: "learning rate", split: .other,
                                       lowerIsBetter: .some(nil), values: learningRates))
        }
        let inputNames = dataset.inputs.count == 1 ? ["x"] : resolved.inputColumns
        let data = RunData(inputs: zip(inputNames, zip(dataset.inputs, extra.inputs)).map { Column($0, $1.0 + $1.1) },
                           target: Column("y", dataset.y + extra.y), predictions: predictions, split: split,
                           band: band)
        let variables = "f(" + c.model.inputNames.joined(separator: ", ") + ")"
        var record = RunRecord(
            title: "Fitting \(variables) = \(c.model.description)",
            source: RunSource(kind: .fitreport, toolVersion: fitreportVersion),
            model: "\(variables) = \(c.model.description)", settings: Self.settings(resolved.settings),
            overview: overview(resolved: resolved), stepAxis: .epoch, series: series,
            data: data, parameters: parameters,
            referenceName: ls == nil ? nil : "least squares", metrics: metrics, status: status,
            summary: ([stopSentence()].compactMap { $0 } + [convergenceSentence()]).joined(separator: " "),
            notes: notes,
            durations: [KeyValue("data", dataSeconds), KeyValue("training", trainingSeconds),
                        KeyValue("reference fit", referenceSeconds)])
        if let statistics, statistics.standardErrors != nil {
            record.correlations = statistics.correlations
            record.confidenceLevel = statistics.level
        }
        record.parameterHistory = parameterHistory()
        record.landscape = lossLandscape(figures: resolved.figures)
        if resolved.figures.animate { record.predictionHistory = predictionHistory() }
        return record
    }

    /// How the reference fit was found, why there is none, and what is poorly determined.
    func referenceNotes() -> [String] {
        guard let ls = leastSquares else {
            return referenceSkipped.map { ["No reference fit: \($0)."] } ?? []
        }
        var notes: [String] = []
        switch ls.method {
        case .householderQR:
            notes.append("The reference is the exact least-squares optimum of the training rows (the model is linear "
                + "in its parameters: Householder QR).")
        case .levenbergMarquardt(let start):
            let tries = ls.attempts.map { attempt -> String in
                switch attempt.outcome {
                case .success(let o):
                    "from the \(attempt.start) parameters, \(o.stopReason) after \(o.iterations) iterations "
                        + "(residual sum of squares \(NumberFormat.short(o.residualSumOfSquares, digits: 6)))"
                case .failure(let f): "from the \(attempt.start) parameters, no result: \(f)"
                }
            }
            notes.append("The reference is the least-squares optimum of the training rows found by Levenberg–Marquardt "
                + "(Moré's scaled trust region, Jacobian exact from the engine): " + tries.joined(separator: "; ")
                + ". The solve from the \(start) parameters is kept.")
        }
        if config.loss != .mse {
            notes.append("The reference minimizes the squared error; training minimized the \(config.loss.displayName).")
        }
        if let statistics = ls.statistics {
            if statistics.standardErrors == nil || !statistics.poorlyDetermined.isEmpty {
                notes += statistics.poorlyDetermined.map { "Poorly determined: \($0)" }
                if statistics.standardErrors == nil {
                    notes.append("No standard errors are shown: the data do not determine every parameter.")
                }
            }
            if statistics.standardErrors != nil {
                let level = statistics.level
                notes.append("Standard errors come from the QR factorization of the Jacobian at the optimum "
                    + "(s²·(RᵀR)⁻¹ with s² = RSS/(N − P), N − P = \(statistics.degreesOfFreedom)); intervals and the "
                    + "band are at \(NumberFormat.short(level * 100)) % with Student's t quantile "
                    + "\(NumberFormat.short(statistics.tQuantile, digits: 6)); the band is the delta method's.")
            }
        }
        return notes
    }

    /// Why training stopped, when it did not simply run every epoch; `nil` otherwise.
    func stopSentence() -> String? {
        let monitored = validation != nil ? "validation \(config.loss.displayName)" : "training \(config.loss.displayName)"
        var sentence: String
        switch stopReason {
        case .epochsExhausted:
            guard let restored = restoredEpoch else { return nil }
            return "Training ran all \(history.count) epochs; the parameters are those of epoch \(restored), which had "
                + "the best \(monitored)."
        case .earlyStop(let epoch, let best):
            let patience = config.earlyStopPatience ?? 0
            sentence = "Training stopped early after epoch \(epoch): the \(monitored) had not improved by more than "
                + "\(NumberFormat.short(config.minDelta)) for \(patience) epoch\(patience == 1 ? "" : "s") since its best "
                + "at epoch \(best)" + bestValue(best) + "."
        case .tolerance(let epoch):
            sentence = "Training stopped after epoch \(epoch): the training \(config.loss.displayName) changed by less "
                + "than \(NumberFormat.short(config.tolerance ?? 0)) (relative) over the last 100 epochs."
        case .diverged(let epoch):
            sentence = "Training diverged at epoch \(epoch): the loss became non-finite or grew more than a "
                + "million-fold; the history up to that point is kept."
        case .interrupted(let epoch):
            sentence = "Training was interrupted after epoch \(epoch) (Ctrl-C); the parameters and history up to "
                + "that point are kept."
        }
        if let restored = restoredEpoch {
            sentence += " The parameters are those of epoch \(restored), the best \(monitored) (--restore-best)."
        }
        return sentence
    }

    private func bestValue(_ epoch: Int) -> String {
        let values = validationHistory.isEmpty ? history : validationHistory
        guard epoch >= 0, epoch < values.count else { return "" }
        return " (\(NumberFormat.short(values[epoch], digits: 4)))"
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
        let variables = c.model.inputNames
        if variables.count > 1 {
            let named = zip(variables, resolved.inputColumns).map { $0 == $1 ? $0 : "\($0) (column \($1))" }
            out.append(KeyValue("Inputs", "\(variables.count): " + named.joined(separator: ", ")))
        }
        switch c.validation {
        case .none: break
        case .fraction(let f):
            out.append(KeyValue("Validation", "\(NumberFormat.short(f * 100)) % held out: \(validation?.count ?? 0) of "
                + "\(dataset.count) rows, chosen with the run's seed"))
        case .provided(let v):
            out.append(KeyValue("Validation", resolved.validationDescription ?? "\(v.count) rows"))
        }
        out += [
            KeyValue("Model", "f(\(variables.joined(separator: ", "))) = \(c.model.description)"),
            KeyValue("Parameters", parameterNames.joined(separator: ", ")),
            KeyValue("Loss", lossLabel(c.loss)),
            KeyValue("Optimizer", optimizerLabel(c.optimizer)),
            KeyValue("Learning rate", NumberFormat.short(c.learningRate)),
            KeyValue("Epochs", "\(c.epochs)"),
            KeyValue("Seed", "\(c.seed)"),
        ]
        if let batch = c.batchSize {
            out.append(KeyValue("Batch size", batch < trainingRows.count
                ? "\(batch) (\((trainingRows.count + batch - 1) / batch) updates per epoch, rows reshuffled every epoch)"
                : "\(batch) (all training rows: full batch)"))
        }
        if c.schedule != .constant || c.warmup > 0 {
            var text = scheduleLabel(c.schedule)
            if c.warmup > 0 { text = "linear warm-up over \(c.warmup) epochs, then " + text }
            out.append(KeyValue("Learning-rate schedule", text))
        }
        var stopping: [String] = []
        if let p = c.earlyStopPatience {
            stopping.append("early stop after \(p) epochs without improvement"
                + (c.minDelta > 0 ? " larger than \(NumberFormat.short(c.minDelta))" : "")
                + " of the \(validation != nil ? "validation" : "training") loss")
        }
        if let t = c.tolerance { stopping.append("stop when the loss changes by less than \(NumberFormat.short(t)) over 100 epochs") }
        if let g = c.clipGradNorm { stopping.append("gradient norm clipped to \(NumberFormat.short(g))") }
        if c.restoreBest { stopping.append("restore the best epoch's parameters") }
        if !stopping.isEmpty { out.append(KeyValue("Stopping", stopping.joined(separator: "; "))) }
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

    /// One or two sentences comparing the trained parameters with the least-squares optimum, in numbers and in
    /// standard errors.
    func convergenceSentence() -> String {
        let names = parameterNames
        func list(_ values: [Double]) -> String {
            // A network's hundreds of weights belong in the parameters table, not in a sentence.
            if names.count > 8 { return "its \(names.count) parameters" }
            return zip(names, values).map { "\($0) = \(NumberFormat.short($1, digits: 4))" }.joined(separator: ", ")
        }
        let lossName = config.loss.displayName
        guard let ls = leastSquares else {
            if history.isEmpty { return "Nothing was trained and no reference fit was found." }
            let trained = "\(list(finalParameters)) (\(lossName) \(NumberFormat.short(finalLoss, digits: 4)))"
            return "After \(history.count) epochs at learning rate \(NumberFormat.short(config.learningRate)), gradient "
                + "descent reached \(trained); there is no least-squares reference to compare with."
        }
        let exact = ls.method == .householderQR ? "exact " : ""
        var optimum = "\(list(ls.parameters)) (\(lossName) \(NumberFormat.short(ls.loss, digits: 4)))"
        if let errors = ls.statistics?.standardErrors, names.count <= 8 {
            optimum = zip(names, zip(ls.parameters, errors)).map {
                "\($0) = \(NumberFormat.short($1.0, digits: 4)) ± \(NumberFormat.short($1.1, digits: 2))"
            }.joined(separator: ", ") + " (\(lossName) \(NumberFormat.short(ls.loss, digits: 4)))"
        }
        guard !history.isEmpty else {
            return "The \(exact)least-squares optimum is \(optimum) (no training: --epochs 0)."
        }
        let trained = "\(list(finalParameters)) (\(lossName) \(NumberFormat.short(finalLoss, digits: 4)))"
        let epochs = "\(history.count) epochs at learning rate \(NumberFormat.short(config.learningRate))"
        if config.loss != .mse {
            return "After \(epochs), gradient descent reached \(trained); the least-squares fit \(optimum) is shown "
                + "for reference — it minimizes the squared error, not the \(lossName)."
        }
        // How far training is from the optimum, in standard errors of the estimates.
        var distance = ""
        var far = false
        if parameterUnits == .original, let errors = ls.statistics?.standardErrors {
            let z = names.indices.map { abs(finalParameters[$0] - ls.parameters[$0]) / max(errors[$0], 1e-300) }
            if let worst = z.indices.max(by: { z[$0] < z[$1] }) {
                far = z[worst] > 1
                distance = far
                    ? " \(names[worst]) is \(NumberFormat.short(z[worst], digits: 2)) standard errors away from it"
                    : " every parameter is within \(NumberFormat.short(z[worst], digits: 2)) standard errors of it"
            }
        }
        let gap = (finalLoss - ls.loss) / max(abs(ls.loss), 1e-300)
        if (distance.isEmpty && gap < 1e-3) || (!distance.isEmpty && !far) {
            return "After \(epochs), gradient descent reached \(trained); the \(exact)least-squares optimum is "
                + "\(optimum), and\(distance.isEmpty ? " they match" : distance): training has converged."
        }
        return "After \(epochs), gradient descent reached \(trained), while the \(exact)least-squares optimum is "
            + "\(optimum)" + (distance.isEmpty ? "" : ";" + distance) + ": training has not converged yet"
            + (ls.method == .householderQR
                ? " — the loss still falls slowly along the poorly conditioned direction of the problem, so the gap "
                    + "is slow convergence, not noise."
                : ".")
    }

    func scheduleLabel(_ schedule: LearningRateSchedule) -> String {
        switch schedule {
        case .constant: "constant"
        case .step(let every, let factor): "×\(NumberFormat.short(factor)) every \(every) epochs (StepLR)"
        case .exponential(let gamma): "×\(NumberFormat.short(gamma)) per epoch (ExponentialLR)"
        case .cosine(let minimum): "cosine annealing to \(NumberFormat.short(minimum)) (CosineAnnealingLR)"
        }
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
