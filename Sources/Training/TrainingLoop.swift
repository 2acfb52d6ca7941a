/// The epoch loop of `Trainer.run`: learning-rate schedule, full batch or shuffled mini-batches, validation loss,
/// gradient clipping and the stopping rules, over an `ObjectiveKernel` of the (possibly standardized) training rows.
struct TrainingLoop {
    /// What the loop produced.
    struct Outcome {
        var parameters: [Double]
        var history: [Double] = []
        var validationHistory: [Double] = []
        var learningRates: [Double] = []
        var stopReason = StopReason.epochsExhausted
        var bestEpoch: Int?
        var restoredEpoch: Int?
        /// Parameter snapshots (`SnapshotSchedule`): the epochs, and their parameter vectors one after the other.
        var snapshotEpochs: [Int] = []
        var snapshotValues: [Double] = []
    }

    let config: TrainingConfig
    let kernel: ObjectiveKernel
    /// The validation rows' mean loss (value only), when there is a validation set.
    let validation: ObjectiveKernel?

    /// Runs every epoch from `initial`, drawing mini-batch shuffles from `rng`.
    ///
    /// Each epoch: set the scheduled learning rate; measure the validation loss at the parameters the epoch starts
    /// with; then either (full batch) record the training loss and gradient at those parameters and, unless a stop
    /// rule fires, take one step, or (mini-batches) shuffle the training rows in place (Fisher–Yates) and take one
    /// step per batch of consecutive rows, recording the row-weighted mean of the batch losses. Stop rules are
    /// checked after the epoch is recorded, in the order: divergence, interruption, early stop, tolerance.
    func run(from initial: [Double], rng: inout Xoshiro256StarStar, observer: Trainer.Observer?) -> Outcome {
        // Opening the existential once specializes the loop for the optimizer's concrete type.
        let optimizer = config.optimizer.make(learningRate: config.learningRate)
        return run(optimizer, from: initial, rng: &rng, observer: observer)
    }

    private func run<O: Optimizer>(_ optimizer: O, from initial: [Double], rng: inout Xoshiro256StarStar,
                                   observer: Trainer.Observer?) -> Outcome
    {
        var optimizer = optimizer
        var outcome = Outcome(parameters: initial)
        var parameters = initial
        var gradient = [Double](repeating: 0, count: initial.count)
        let plan = LearningRatePlan(base: config.learningRate, schedule: config.schedule, warmup: config.warmup,
                                    epochs: config.epochs)
        let tracksBest = config.earlyStopPatience != nil || config.restoreBest
        var early = tracksBest ? EarlyStopping(patience: config.earlyStopPatience ?? Int.max,
                                               minDelta: config.minDelta) : nil
        var tolerance = config.tolerance.map { ToleranceStop(tolerance: $0) }
        var bestParameters: [Double]?
        let rows = kernel.pointCount
        let batch = config.batchSize.flatMap { $0 < rows ? $0 : nil }
        outcome.history.reserveCapacity(config.epochs)
        outcome.learningRates.reserveCapacity(config.epochs)
        if validation != nil { outcome.validationHistory.reserveCapacity(config.epochs) }
        var startParameters = parameters
        // Snapshots of the parameters each scheduled epoch starts with; the final parameters are added at the end.
        let snapshots = SnapshotSchedule.epochs(config.epochs, limit: SnapshotSchedule.limit(parameterCount: initial.count))
        var nextSnapshot = 0
        var snapshotEpoch = snapshots.first ?? -1
        outcome.snapshotEpochs.reserveCapacity(snapshots.count)
        outcome.snapshotValues.reserveCapacity(snapshots.count * initial.count)

        for epoch in 0..<config.epochs {
            if epoch == snapshotEpoch {
                outcome.snapshotEpochs.append(epoch)
                for p in parameters { outcome.snapshotValues.append(p) }
                nextSnapshot += 1
                snapshotEpoch = nextSnapshot < snapshots.count ? snapshots[nextSnapshot] : -1
            }
            let rate = plan.rate(epoch: epoch)
            optimizer.learningRate = rate
            outcome.learningRates.append(rate)
            let validationLoss = validation?.value(parameters: parameters)
            if let validationLoss { outcome.validationHistory.append(validationLoss) }

            let loss: Double
            var finite = true
            if let batch {
                startParameters = parameters
                kernel.shuffleRows(using: &rng)
                var total = 0.0
                var start = 0
                var last = 0.0
                while start < rows {
                    let count = min(batch, rows - start)
                    last = kernel.valueAndGradient(parameters: parameters, gradient: &gradient,
                                                   rows: start..<start + count, weight: 1 / Double(count))
                    total += last * Double(count)
                    if !last.isFinite || !Self.allFinite(gradient) {
                        finite = false
                        break
                    }
                    step(&optimizer, &parameters, &gradient)
                    start += count
                }
                loss = finite ? total / Double(rows) : last
            } else {
                loss = kernel.valueAndGradient(parameters: parameters, gradient: &gradient)
                finite = Self.allFinite(gradient)
            }
            outcome.history.append(loss)

            if !finite || !loss.isFinite || loss > Trainer.divergenceFactor * max(outcome.history[0], 1e-300) {
                outcome.stopReason = .diverged(epoch: epoch)
                break
            }
            if let observer, !observer(Trainer.Progress(epoch: epoch, loss: loss, validationLoss: validationLoss,
                                                         learningRate: rate)) {
                outcome.stopReason = .interrupted(epoch: epoch)
                break
            }
            if early != nil {
                // The monitored value was measured at the epoch's starting parameters, except for a mini-batch
                // training loss, which belongs to the parameters the epoch ends with (as Keras keeps them).
                let monitored = validationLoss ?? loss
                let stop = early!.observe(epoch: epoch, value: monitored)
                if early!.bestEpoch == epoch {
                    bestParameters = batch != nil && validationLoss != nil ? startParameters : parameters
                }
                if stop, config.earlyStopPatience != nil {
                    outcome.stopReason = .earlyStop(epoch: epoch, bestEpoch: early!.bestEpoch ?? epoch)
                    break
                }
            }
            if tolerance != nil, tolerance!.observe(epoch: epoch, value: loss) {
                outcome.stopReason = .tolerance(epoch: epoch)
                break
            }
            if batch == nil { step(&optimizer, &parameters, &gradient) }
        }
        outcome.bestEpoch = early?.bestEpoch
        if config.restoreBest, let best = bestParameters, let epoch = early?.bestEpoch {
            parameters = best
            outcome.restoredEpoch = epoch
        }
        outcome.parameters = parameters
        outcome.snapshotEpochs.append(outcome.history.count)
        outcome.snapshotValues += parameters
        return outcome
    }

    /// Clips the gradient when asked, then applies the optimizer's update.
    @inline(__always)
    private func step<O: Optimizer>(_ optimizer: inout O, _ parameters: inout [Double], _ gradient: inout [Double]) {
        if let limit = config.clipGradNorm { _ = GradientClipping.clipNorm(&gradient, maxNorm: limit) }
        optimizer.step(parameters: &parameters, gradient: gradient)
    }

    static func allFinite(_ values: [Double]) -> Bool {
        for v in values where !v.isFinite { return false }
        return true
    }
}
