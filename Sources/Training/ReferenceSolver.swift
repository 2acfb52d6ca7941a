/// The reference fit of a run: the least-squares optimum of the training rows, whatever loss trained the model.
///
/// Models linear in their parameters (read off the expression graph) are solved exactly by Householder QR. Any
/// other model is solved by Levenberg–Marquardt twice — from the parameters training ended with and from the
/// initial ones — and the converged solve with the smaller residual sum of squares is kept; both outcomes are
/// recorded. Standard errors, intervals and the confidence band come from the QR of the Jacobian at the optimum.
public enum ReferenceSolver {
    /// Networks and other models with more parameters than this get no Levenberg–Marquardt reference: each
    /// iteration costs rows × parameters², and the optimum found would only be a local one.
    public static let maximumParameters = 100

    /// The fit of `train`'s rows with predictions (and the band) for every row of `dataset` — then of `validation`'s
    /// rows when `validationIsFile` — or a sentence saying why there is none. `starts` are the labelled starting
    /// points of Levenberg–Marquardt (unused for linear models).
    public static func solve(_ model: Model, train: Dataset, dataset: Dataset, validation: Dataset?,
                      validationIsFile: Bool, loss: Loss, starts: [(label: String, parameters: [Double])])
        -> Result<LeastSquaresFit, ReferenceFailure>
    {
        let p = model.parameterNames.count
        guard train.count >= p else {
            return .failure(ReferenceFailure(description: "the \(train.count) training rows cannot determine \(p) "
                + "parameters, so there is no least-squares reference and no error bars"))
        }
        var fit: LeastSquaresFit
        var statistics: FitStatistics?
        if ParameterDependence(of: model.formula) == .linear {
            do {
                let solved = try FitStatistics.linearFit(model, inputs: train.inputs, targets: train.y)
                fit = LeastSquaresFit(parameters: solved.parameters, loss: 0, predictions: [])
                statistics = solved.statistics
            } catch {
                return .failure(ReferenceFailure(description: "the least-squares solve failed: \(error)"))
            }
        } else {
            guard p <= maximumParameters else {
                return .failure(ReferenceFailure(description: "the model has \(p) parameters; the Levenberg–Marquardt "
                    + "reference is computed for at most \(maximumParameters)"))
            }
            var attempts: [ReferenceAttempt] = []
            for start in starts {
                do {
                    let outcome = try LevenbergMarquardt.fit(model, inputs: train.inputs, targets: train.y,
                                                             start: start.parameters)
                    attempts.append(ReferenceAttempt(start: start.label, outcome: .success(outcome)))
                } catch {
                    attempts.append(ReferenceAttempt(start: start.label,
                                                     outcome: .failure(ReferenceFailure(description: "\(error)"))))
                }
            }
            let converged = attempts.compactMap { attempt -> (String, LevenbergMarquardt.Outcome)? in
                guard case .success(let o) = attempt.outcome, o.converged else { return nil }
                return (attempt.start, o)
            }
            guard let best = converged.min(by: { $0.1.residualSumOfSquares < $1.1.residualSumOfSquares }) else {
                let reasons = attempts.map { attempt -> String in
                    switch attempt.outcome {
                    case .success(let o): "from the \(attempt.start) parameters: \(o.stopReason)"
                    case .failure(let f): "from the \(attempt.start) parameters: \(f)"
                    }
                }
                return .failure(ReferenceFailure(description: "Levenberg–Marquardt found no optimum ("
                    + reasons.joined(separator: "; ") + "), so there is no reference fit"))
            }
            fit = LeastSquaresFit(parameters: best.1.parameters, loss: 0, predictions: [],
                                  method: .levenbergMarquardt(start: best.0), attempts: attempts)
        }
        do {
            fit.predictions = try model.predict(inputs: dataset.inputs, parameters: fit.parameters)
            let trainPredictions = train.count == dataset.count ? fit.predictions
                : try model.predict(inputs: train.inputs, parameters: fit.parameters)
            fit.loss = try loss.mean(predictions: trainPredictions, targets: train.y)
            if validationIsFile, let validation {
                fit.validationPredictions = try model.predict(inputs: validation.inputs, parameters: fit.parameters)
            }
        } catch {
            return .failure(ReferenceFailure(description: "the reference fit could not be evaluated: \(error)"))
        }
        fit.statistics = statistics ?? (try? FitStatistics.compute(model, inputs: train.inputs, targets: train.y,
                                                                   parameters: fit.parameters))
        if let statistics = fit.statistics,
           let band = statistics.band(model, inputs: dataset.inputs, parameters: fit.parameters)
        {
            fit.bandLower = band.lower
            fit.bandUpper = band.upper
            if validationIsFile, let validation,
               let extra = statistics.band(model, inputs: validation.inputs, parameters: fit.parameters)
            {
                fit.bandLower += extra.lower
                fit.bandUpper += extra.upper
            }
        }
        return .success(fit)
    }
}
