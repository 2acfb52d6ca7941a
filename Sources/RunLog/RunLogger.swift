import Foundation
import Report
// The record's types (`RunRecord`, `RunStatus`, `PredictionRole`, `JSONValue`, …) come with `import RunLog`.
@_exported import RunRecord

/// Logs a training loop you write yourself and turns it into a fitreport run folder: figures, `history.csv`,
/// `data.csv`, `run.json` and an HTML report.
///
/// In the spirit of TensorBoard's `SummaryWriter` and dvclive's `Live`: make one logger per run, log settings once,
/// log any number of named scalar series as the loop goes, attach the data and predictions, then call
/// ``finish(status:summary:)``.
///
/// ```swift
/// let run = RunLogger(title: "Fitting f(x) = a*x^2 + b*x + c")
/// run.logSettings(["lr": 1e-3, "epochs": 15000])
/// for epoch in 0..<15000 {
///     let (loss, gradient) = objective.lossAndGradient(at: theta)
///     run.log("loss", loss, step: epoch)
///     for i in theta.indices { theta[i] -= 1e-3 * gradient[i] }
/// }
/// print(try run.finish().reportPath)
/// ```
///
/// **Misuse never stops the loop.** A call that would make the record inconsistent (a step that does not increase,
/// a prediction of the wrong length, …) is dropped; the ``RunLogProblem`` is kept in ``problems``, written to
/// standard error (unless `warnings` is `false`) and listed in the report's notes.
///
/// The logger is `Sendable`: every call takes a lock, so a loop may log from several tasks or threads.
public final class RunLogger: Sendable {
    /// The report's one-line title.
    public let title: String
    /// Where runs are written: `<outputRoot>/runs/<run-id>/`.
    public let outputRoot: String
    /// What the series' steps count (epochs by default).
    public let stepAxis: StepAxis
    /// Figure formats, templates, run name and fixed timestamps for the written report.
    public let reportSettings: ReportSettings
    /// When the logger was made: the run's creation time (unless `reportSettings.sourceDate` fixes it).
    public let startDate: Date
    /// Whether problems are also written to standard error as they happen.
    public let warnings: Bool

    private let state = Locked(State())

    /// A logger for one run.
    ///
    /// - Parameters:
    ///   - title: the report's title, for example `Fitting f(x) = a*x^2 + b*x + c`.
    ///   - outputRoot: runs go to `<outputRoot>/runs/<run-id>/` (the same layout as `fitreport run --out`).
    ///   - stepAxis: what the steps of ``log(_:_:step:)`` count: `.epoch` (default) or `.step`.
    ///   - reportSettings: figure formats, templates and the like; by default `SOURCE_DATE_EPOCH` fixes timestamps,
    ///     as for `fitreport run`.
    ///   - warnings: write each problem to standard error when it happens.
    public init(title: String, outputRoot: String = "output", stepAxis: StepAxis = .epoch,
                reportSettings: ReportSettings = ReportSettings(sourceDate: ReportSettings.sourceDateFromEnvironment()),
                warnings: Bool = true) {
        self.title = title
        self.outputRoot = outputRoot
        self.stepAxis = stepAxis
        self.reportSettings = reportSettings
        self.startDate = Date()
        self.warnings = warnings
    }

    // MARK: - Settings and descriptions

    /// Logs hyper-parameters in the order written; a key logged again keeps its place and takes the new value.
    ///
    /// ```swift
    /// run.logSettings(["model": "a*x^2 + b*x + c", "optimizer": "sgd", "lr": lr, "epochs": epochs, "seed": 0])
    /// ```
    public func logSettings(_ settings: KeyValuePairs<String, any SettingValue>) {
        logSettings(settings.map { KeyValue($0.key, $0.value.settingValue) })
    }

    /// Logs hyper-parameters given as JSON values, in order.
    public func logSettings(_ settings: [KeyValue<JSONValue>]) {
        update("logSettings") { s in
            for pair in settings {
                guard !pair.key.isEmpty else {
                    s.problems.append(.emptyName(what: "setting"))
                    continue
                }
                if let i = s.settings.firstIndex(where: { $0.key == pair.key }) {
                    s.settings[i].value = pair.value
                } else {
                    s.settings.append(pair)
                }
            }
        }
    }

    /// Logs one hyper-parameter (as `logSettings(_:)` does for several).
    public func logSetting(_ key: String, _ value: any SettingValue) {
        logSettings([KeyValue(key, value.settingValue)])
    }

    /// Describes the model in words for the page (`f(x) = a*x^2 + b*x + c`).
    public func setModel(_ description: String) {
        update("setModel") { $0.model = description }
    }

    /// Adds a readable fact shown first on the page (`"Data"`, `"100 points of 20x² + 5x − 3 + N(0, 1)"`); a key
    /// given again takes the new text.
    public func describe(_ key: String, _ text: String) {
        update("describe") { s in
            guard !key.isEmpty else { return s.problems.append(.emptyName(what: "description")) }
            if let i = s.overview.firstIndex(where: { $0.key == key }) {
                s.overview[i].value = text
            } else {
                s.overview.append(KeyValue(key, text))
            }
        }
    }

    /// Adds a remark shown on the page.
    public func note(_ text: String) {
        update("note") { $0.notes.append(text) }
    }

    // MARK: - Series

    /// Appends `value` to the series `name` at `step`.
    ///
    /// Steps must increase within a series (series are independent: `loss` may be logged every epoch and `val_loss`
    /// every tenth). Without `step`, the series' next step is used (0 for the first value). A step that does not
    /// increase is a ``RunLogProblem/stepNotIncreasing(series:step:previous:)``: the value is dropped. Non-finite
    /// values are kept (a diverging loss is worth seeing).
    ///
    /// The name decides how the report treats the series: `loss`, `val_loss`, `train/mse` are losses (lower is
    /// better), `accuracy` a score, `lr` a learning rate.
    public func log(_ name: String, _ value: Double, step: Int? = nil) {
        update("log") { s in s.append(name, value, step: step) }
    }

    /// Appends several series' values at one step (for example `["loss": l, "val_loss": v]`).
    public func log(_ values: KeyValuePairs<String, Double>, step: Int? = nil) {
        update("log") { s in
            for (name, value) in values { s.append(name, value, step: step) }
        }
    }

    /// Sets how the report labels and judges the series `name` (logged before or after this call): a display name
    /// for figures and tables (`MSE`), its split (`.train`, `.validation`), and whether lower values are better.
    /// By default all three are read off the name (`val_loss` is a validation loss, `accuracy` a score).
    ///
    /// - Parameters:
    ///   - name: the series, as passed to ``log(_:_:step:)``.
    ///   - displayName: the label for figures and tables; `nil` keeps the current one.
    ///   - split: the part of the data the series was measured on; `nil` keeps the current one.
    ///   - lowerIsBetter: `true` for losses, `false` for scores, `.some(nil)` for neither; `nil` keeps the current one.
    public func describeSeries(_ name: String, displayName: String? = nil, split: Split? = nil,
                               lowerIsBetter: Bool?? = nil) {
        update("describeSeries") { s in
            guard !name.isEmpty else { return s.problems.append(.emptyName(what: "series")) }
            let i = s.index(of: name)
            if let displayName { s.series[i].displayName = displayName }
            if let split { s.series[i].split = split }
            if let lowerIsBetter { s.series[i].lowerIsBetter = lowerIsBetter }
        }
    }

    /// A final number for the page's metrics table (`R²`, `RMSE`, `final_accuracy`); a name given again takes the
    /// new value.
    public func logMetric(_ name: String, _ value: Double) {
        update("logMetric") { s in
            guard !name.isEmpty else { return s.problems.append(.emptyName(what: "metric")) }
            if let i = s.metrics.firstIndex(where: { $0.key == name }) {
                s.metrics[i].value = value
            } else {
                s.metrics.append(KeyValue(name, value))
            }
        }
    }

    /// Records the seconds a phase of the run took (`data`, `training`), shown with the report's timings.
    public func logDuration(_ phase: String, seconds: Double) {
        update("logDuration") { s in
            guard !phase.isEmpty else { return s.problems.append(.emptyName(what: "duration")) }
            if let i = s.durations.firstIndex(where: { $0.key == phase }) {
                s.durations[i].value = seconds
            } else {
                s.durations.append(KeyValue(phase, seconds))
            }
        }
    }

    /// Runs `body`, records its wall-clock time as the duration of `phase`, and returns its result.
    public func time<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let (seconds, attoseconds) = (clock.now - start).components
        logDuration(phase, seconds: Double(seconds) + Double(attoseconds) * 1e-18)
        return result
    }

    // MARK: - Data, predictions, parameters

    /// Attaches the data the model was fitted to: one input column and the target, row by row (the `dataset`,
    /// `before`, `after` and `residuals` figures and `data.csv`). Columns of different lengths are a
    /// ``RunLogProblem/dataLengthMismatch(x:y:)`` and the data is dropped. Attaching again replaces the data.
    ///
    /// - Parameters:
    ///   - x: the input.
    ///   - y: the target.
    ///   - xName: the input column's name in `data.csv` and the figures.
    ///   - yName: the target column's name.
    ///   - validationRows: rows held out for validation (0-based); they are marked in `data.csv`'s `split` column
    ///     and drawn in orange. A row out of range is a ``RunLogProblem/validationRowOutOfRange(row:rows:)``.
    public func attachData(x: [Double], y: [Double], xName: String = "x", yName: String = "y",
                           validationRows: [Int] = []) {
        update("attachData") { s in
            guard x.count == y.count else { return s.problems.append(.dataLengthMismatch(x: x.count, y: y.count)) }
            guard !xName.isEmpty, !yName.isEmpty else { return s.problems.append(.emptyName(what: "data column")) }
            if let outside = validationRows.first(where: { !y.indices.contains($0) }) {
                return s.problems.append(.validationRowOutOfRange(row: outside, rows: y.count))
            }
            s.inputs = [Column(xName, x)]
            s.target = Column(yName, y)
            if validationRows.isEmpty {
                s.split = nil
            } else {
                var split = [Split](repeating: .train, count: y.count)
                for row in validationRows { split[row] = .validation }
                s.split = split
            }
            // Predictions attached before the data are checked now.
            s.predictions = s.predictions.filter { s.accepts($0) }
        }
    }

    /// Attaches the model's predictions for every data row.
    ///
    /// - Parameters:
    ///   - name: the column's name in `data.csv` (`y_before`, `y_after`, `least squares`); a name given again
    ///     replaces the earlier prediction.
    ///   - values: one value per data row; a different count is a
    ///     ``RunLogProblem/predictionLengthMismatch(name:count:rows:)`` and the prediction is dropped.
    ///   - role: what the report does with it: `.before` (the `before` figure), `.after` (the `after` and
    ///     `residuals` figures), `.reference` (drawn dashed, written to `reference.csv`), `.other`. By default
    ///     read off the name by `PredictionRole(suggestedBy:)`: `y_before` → `.before`, `y_after`/`y_pred` →
    ///     `.after`, `y_reference`/`least_squares` → `.reference`, anything else `.other`.
    public func attachPrediction(_ name: String, _ values: [Double], role: PredictionRole? = nil) {
        update("attachPrediction") { s in
            guard !name.isEmpty else { return s.problems.append(.emptyName(what: "prediction")) }
            let prediction = Prediction(name: name, role: role ?? PredictionRole(suggestedBy: name), values: values)
            guard s.accepts(prediction) else { return }
            if let i = s.predictions.firstIndex(where: { $0.name == name }) {
                s.predictions[i] = prediction
            } else {
                s.predictions.append(prediction)
            }
        }
    }

    /// Attaches the confidence band of the reference prediction (the fitted curve), one bound per data row: the
    /// `after` figure shades it and `reference.csv` holds it (`band_lower`, `band_upper`). Bounds of the wrong length
    /// are a ``RunLogProblem/predictionLengthMismatch(name:count:rows:)`` named `confidence band`, and are dropped.
    ///
    /// - Parameters:
    ///   - lower: the lower bound at each row.
    ///   - upper: the upper bound at each row.
    ///   - level: the confidence level, e.g. 0.95 (`FitStatistics.level`).
    public func attachBand(lower: [Double], upper: [Double], level: Double = 0.95) {
        update("attachBand") { s in
            let rows = s.target?.values.count ?? 0
            guard lower.count == rows, upper.count == rows else {
                return s.problems.append(.predictionLengthMismatch(name: "confidence band",
                                                                   count: min(lower.count, upper.count), rows: rows))
            }
            s.band = ConfidenceBand(level: level, lower: lower, upper: upper)
        }
    }

    /// Sets the trainable parameters: names, and optionally their initial, trained and reference values (each list
    /// in `names` order). A list of the wrong length is a
    /// ``RunLogProblem/parameterCountMismatch(list:count:names:)`` and only that list is dropped.
    ///
    /// - Parameters:
    ///   - names: the parameters' names.
    ///   - initial: values before training.
    ///   - final: values after training.
    ///   - reference: independent values to compare with, such as the least-squares optimum.
    ///   - referenceName: what the reference is (`least squares`), for the page.
    public func setParameters(names: [String], initial: [Double]? = nil, final: [Double]? = nil,
                              reference: [Double]? = nil, referenceName: String? = nil) {
        update("setParameters") { s in
            guard !names.contains("") else { return s.problems.append(.emptyName(what: "parameter")) }
            func checked(_ list: String, _ values: [Double]?) -> [Double]? {
                guard let values else { return nil }
                guard values.count == names.count else {
                    s.problems.append(.parameterCountMismatch(list: list, count: values.count, names: names.count))
                    return nil
                }
                return values
            }
            let (i, f, r) = (checked("initial", initial), checked("final", final), checked("reference", reference))
            s.parameters = names.indices.map {
                Parameter(name: names[$0], initial: i?[$0], final: f?[$0], reference: r?[$0])
            }
            if let referenceName { s.referenceName = referenceName }
        }
    }

    /// Sets the trainable parameters from ready-made values.
    public func setParameters(_ parameters: [Parameter], referenceName: String? = nil) {
        update("setParameters") { s in
            guard !parameters.contains(where: { $0.name.isEmpty }) else {
                return s.problems.append(.emptyName(what: "parameter"))
            }
            s.parameters = parameters
            if let referenceName { s.referenceName = referenceName }
        }
    }

    /// Logs a snapshot of the parameters at `step` (parameter trajectories, the loss landscape's path and
    /// `params_history.csv`; for long runs log about 2,000 steps spaced on a log scale — fitreport's own trainer
    /// uses `SnapshotSchedule` in Training — and always the first and the last).
    ///
    /// `names` defaults to the names of the first snapshot, else those set with ``setParameters(names:initial:final:reference:referenceName:)``.
    /// A snapshot with another number of values is a ``RunLogProblem/parameterCountMismatch(list:count:names:)``,
    /// one at a step that does not increase a ``RunLogProblem/stepNotIncreasing(series:step:previous:)``; either is
    /// dropped. Without `step`, the step after the previous snapshot's is used (0 for the first).
    public func logParameters(_ values: [Double], names: [String]? = nil, step: Int? = nil) {
        update("logParameters") { s in
            let names = names ?? s.parameterHistory?.names ?? s.parameters.map(\.name)
            guard !names.isEmpty, !names.contains("") else { return s.problems.append(.emptyName(what: "parameter")) }
            var history = s.parameterHistory ?? ParameterHistory(names: names)
            guard history.names == names, values.count == names.count else {
                return s.problems.append(.parameterCountMismatch(list: "snapshot", count: values.count,
                                                                  names: history.names.count))
            }
            let previous = history.steps.last
            let next = step ?? previous.map { $0 + 1 } ?? 0
            if let previous, next <= previous {
                return s.problems.append(.stepNotIncreasing(series: "parameters", step: next, previous: previous))
            }
            history.steps.append(next)
            history.values.append(values)
            s.parameterHistory = history
        }
    }

    // MARK: - The record and finishing

    /// Every problem so far, in order.
    public var problems: [RunLogProblem] { state.withLock { $0.problems } }

    /// The run record as it stands, for a complete run without a summary (see ``makeRecord(status:summary:)``).
    public var record: RunRecord { makeRecord() }

    /// The run record as it stands: what ``finish(status:summary:)`` would write, without writing anything.
    ///
    /// Its source is `.swiftAPI`, its settings, series, metrics and durations are in logging order, and every
    /// problem is one of its notes (`Logging problem: …`) after your own.
    public func makeRecord(status: RunStatus = .complete, summary: String? = nil) -> RunRecord {
        let createdAt = Timestamp.iso8601(reportSettings.sourceDate ?? startDate)
        return state.withLock { s in
            s.record(title: title, createdAt: createdAt, stepAxis: stepAxis, status: status, summary: summary)
        }
    }

    /// Writes the run folder and returns where it went; the report is `WrittenRun.reportPath`.
    ///
    /// - Parameters:
    ///   - status: how the run ended: `.complete`, `.interrupted(epoch:)` (stopped early, for example on Ctrl-C) or
    ///     `.diverged(epoch:)`.
    ///   - summary: one or two sentences on the outcome; `nil` lets the report write one from the series.
    /// - Throws: ``RunLogError/alreadyFinished(reportPath:)`` when the run was already written,
    ///   ``RunLogError/finishInProgress`` while another `finish` call is writing it, or the report
    ///   writer's `ReportError` when the folder cannot be written (the logger then stays open, so `finish` may be
    ///   called again).
    @discardableResult
    public func finish(status: RunStatus = .complete, summary: String? = nil) throws -> WrittenRun {
        let createdAt = Timestamp.iso8601(reportSettings.sourceDate ?? startDate)
        let record = try state.withLock { s throws(RunLogError) in
            if let path = s.finishedAt { throw .alreadyFinished(reportPath: path) }
            if s.finishing { throw .finishInProgress }
            s.finishing = true
            return s.record(title: title, createdAt: createdAt, stepAxis: stepAxis, status: status, summary: summary)
        }
        do {
            let written = try ReportWriter(outputRoot: outputRoot, settings: reportSettings)
                .write(record, date: startDate)
            state.withLock { s in
                s.finishing = false
                s.finishedAt = written.reportPath
            }
            return written
        } catch {
            state.withLock { $0.finishing = false }
            throw error
        }
    }

    // MARK: - Internals

    /// Applies `change` under the lock, unless the run is finished; prints new problems when `warnings` is on.
    private func update(_ what: String, _ change: (inout State) -> Void) {
        let fresh: [RunLogProblem] = state.withLock { s in
            let before = s.problems.count
            if s.finishedAt != nil {
                s.problems.append(.afterFinish(what: what))
            } else {
                change(&s)
            }
            return Array(s.problems[before...])
        }
        if warnings {
            for problem in fresh {
                FileHandle.standardError.write(Data("RunLogger: \(problem)\n".utf8))
            }
        }
    }
}

/// What a logger has collected; only touched under the logger's lock.
private struct State: Sendable {
    var settings: [KeyValue<JSONValue>] = []
    var overview: [KeyValue<String>] = []
    var model: String?
    var series: [ScalarSeries] = []
    var seriesIndex: [String: Int] = [:]
    var inputs: [Column]?
    var target: Column?
    var split: [Split]?
    var band: ConfidenceBand?
    var predictions: [Prediction] = []
    var parameters: [Parameter] = []
    var parameterHistory: ParameterHistory?
    var referenceName: String?
    var metrics: [KeyValue<Double>] = []
    var notes: [String] = []
    var durations: [KeyValue<Double>] = []
    var problems: [RunLogProblem] = []
    var finishing = false
    var finishedAt: String?

    /// The index of the series `name`, made (empty) if it is new.
    mutating func index(of name: String) -> Int {
        if let i = seriesIndex[name] { return i }
        seriesIndex[name] = series.count
        series.append(ScalarSeries(name: name, steps: [], values: []))
        return series.count - 1
    }

    mutating func append(_ name: String, _ value: Double, step: Int?) {
        guard !name.isEmpty else { return problems.append(.emptyName(what: "series")) }
        let i = index(of: name)
        let previous = series[i].steps.last
        let next = step ?? previous.map { $0 + 1 } ?? 0
        if let previous, next <= previous {
            return problems.append(.stepNotIncreasing(series: name, step: next, previous: previous))
        }
        series[i].steps.append(next)
        series[i].values.append(value)
    }

    /// Whether `prediction` fits the attached data (always, before data is attached); records the problem if not.
    mutating func accepts(_ prediction: Prediction) -> Bool {
        guard let target else { return true }
        if prediction.values.count != target.values.count {
            problems.append(.predictionLengthMismatch(name: prediction.name, count: prediction.values.count,
                                                      rows: target.values.count))
            return false
        }
        if (inputs ?? []).contains(where: { $0.name == prediction.name }) || target.name == prediction.name {
            problems.append(.duplicateColumn(prediction.name))
            return false
        }
        return true
    }

    func record(title: String, createdAt: String, stepAxis: StepAxis, status: RunStatus, summary: String?)
        -> RunRecord
    {
        var data: RunData?
        var allNotes = notes
        if let inputs, let target {
            data = RunData(inputs: inputs, target: target, predictions: predictions, split: split,
                           band: band?.lower.count == target.values.count ? band : nil)
        } else if !predictions.isEmpty {
            allNotes.append("Predictions " + predictions.map { "'\($0.name)'" }.joined(separator: ", ")
                + " were attached without data and are not shown.")
        }
        allNotes += problems.map { "Logging problem: \($0)" }
        var record = RunRecord(
            title: title, createdAt: createdAt, source: RunSource(kind: .swiftAPI, toolVersion: fitreportVersion),
            model: model, settings: settings, overview: overview, stepAxis: stepAxis,
            series: series.filter { !$0.values.isEmpty }, data: data,
            parameters: parameters, referenceName: referenceName, metrics: metrics, status: status,
            summary: summary, notes: allNotes, durations: durations)
        record.parameterHistory = parameterHistory
        return record
    }
}
