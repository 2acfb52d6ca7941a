/// Everything a report needs to know about one training run, and nothing about how it was produced.
///
/// A run record is the centre of fitreport: the built-in trainer, the Swift logging API and the importers of other
/// tools' files each produce one, and the report renders any record the same way. It is a plain value: build it,
/// adjust it, compare it.
///
/// ```swift
/// var record = RunRecord(title: "My loop", source: RunSource(kind: .swiftAPI, toolVersion: "1.0"))
/// record.series.append(ScalarSeries(name: "loss", values: losses))
/// ```
public struct RunRecord: Sendable, Equatable, Codable {
    /// A one-line title for the page (`Fitting f(x) = a*x^2 + b*x + c`).
    public var title: String
    /// When the run was made (ISO 8601, UTC), when the producer knows it.
    public var createdAt: String?
    public var source: RunSource
    /// The model, in whatever words the producer has (`f(x) = a*x^2 + b*x + c`, `LightningModule`).
    public var model: String?
    /// Hyper-parameters as logged: key → JSON value, in logging order.
    public var settings: [KeyValue<JSONValue>]
    /// Readable facts shown first on the page (`Data`, `Loss`, `Optimizer`, …), in order.
    public var overview: [KeyValue<String>]
    /// What the step axis counts.
    public var stepAxis: StepAxis
    /// Every named scalar series, in logging order.
    public var series: [ScalarSeries]
    /// Data and predictions, for the data figures.
    public var data: RunData?
    public var parameters: [Parameter]
    /// What `Parameter.reference` and `PredictionRole.reference` are (`least squares`).
    public var referenceName: String?
    /// Correlations between the reference estimates, in `parameters` order (a symmetric matrix with ones on the
    /// diagonal); `nil` when there is no reference fit with error bars.
    public var correlations: [[Double]]?
    /// The level of the parameters' confidence intervals and of the data's band (0.95).
    public var confidenceLevel: Double?
    /// Final numbers (`R²`, `RMSE`, `final_acc`), in order.
    public var metrics: [KeyValue<Double>]
    public var status: RunStatus
    /// One or two sentences on the outcome; the report writes one from the series when `nil`.
    public var summary: String?
    /// Further remarks shown on the page.
    public var notes: [String]
    /// Seconds spent in the producer's phases (`data`, `training`), in order.
    public var durations: [KeyValue<Double>]
    /// Parameter snapshots during training (`params_history.csv`), when the producer kept them.
    public var parameterHistory: ParameterHistory?
    /// The loss over a plane through the parameters, when the producer could evaluate it.
    public var landscape: LossLandscape?
    /// The fitted curve at chosen steps, for the animation of the fit.
    public var predictionHistory: PredictionHistory?

    public init(title: String, createdAt: String? = nil, source: RunSource, model: String? = nil,
                settings: [KeyValue<JSONValue>] = [], overview: [KeyValue<String>] = [], stepAxis: StepAxis = .step,
                series: [ScalarSeries] = [], data: RunData? = nil, parameters: [Parameter] = [],
                referenceName: String? = nil, metrics: [KeyValue<Double>] = [], status: RunStatus = .complete,
                summary: String? = nil, notes: [String] = [], durations: [KeyValue<Double>] = []) {
        self.title = title
        self.createdAt = createdAt
        self.source = source
        self.model = model
        self.settings = settings
        self.overview = overview
        self.stepAxis = stepAxis
        self.series = series
        self.data = data
        self.parameters = parameters
        self.referenceName = referenceName
        self.metrics = metrics
        self.status = status
        self.summary = summary
        self.notes = notes
        self.durations = durations
    }

    /// The series named `name`.
    public func series(named name: String) -> ScalarSeries? { series.first { $0.name == name } }

    /// The loss a run is judged by: the first training loss-like series, else the first loss-like one.
    public var primaryLoss: ScalarSeries? {
        SeriesNaming.primaryLossIndex(series.map { ($0.name, $0.split) }).map { series[$0] }
    }

    /// The value of setting `key`, looked up by its exact name, then by its last dotted component.
    public func setting(_ key: String) -> JSONValue? {
        if let hit = settings.first(where: { $0.key == key }) { return hit.value }
        return settings.first { $0.key.split(separator: ".").last.map(String.init) == key }?.value
    }

    /// Everything that makes the record unusable for a report, in words a user can act on; empty when it is fine.
    public var problems: [String] {
        var out: [String] = []
        var names: Set<String> = []
        for s in series {
            if !names.insert(s.name).inserted { out.append("two series are named '\(s.name)'") }
            out += s.problems
        }
        if let data { out += data.problems }
        if let parameterHistory { out += parameterHistory.problems }
        return out
    }
}

/// What a record's steps count.
public enum StepAxis: String, Sendable, Codable {
    /// One step per epoch (Keras' `CSVLogger`, the built-in trainer).
    case epoch
    /// Optimizer steps (TensorBoard's `global_step`, Lightning's `step`).
    case step

    /// The axis label: `Epoch` or `Step`.
    public var label: String { self == .epoch ? "Epoch" : "Step" }
}
