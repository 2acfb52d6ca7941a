/// A named column of numbers.
public struct Column: Sendable, Equatable, Codable {
    public var name: String
    public var values: [Double]

    public init(_ name: String, _ values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// What a prediction column is to the report.
public enum PredictionRole: String, Sendable, Codable, CaseIterable {
    /// The model before training (the `before` figure).
    case before
    /// The trained model (the `after` and `residuals` figures).
    case after
    /// An independent reference such as the least-squares optimum, drawn dashed in the `after` figure.
    case reference
    /// Any other prediction, drawn as a further line in the `after` figure.
    case other
}

extension PredictionRole {
    private static let names: [(PredictionRole, Set<String>)] = [
        (.before, ["before", "y_before", "initial"]),
        (.after, ["after", "y_after", "prediction", "pred", "y_pred", "yhat"]),
        (.reference, ["reference", "y_ref", "least_squares", "least squares"]),
    ]

    /// The role a prediction's name suggests (case-insensitive): `before`, `y_before`, `initial`; `after`,
    /// `y_after`, `prediction`, `pred`, `y_pred`, `yhat`; `reference`, `y_ref`, `least_squares`; or any name ending
    /// in `_before`, `_after` or `_reference`. Anything else is `.other`.
    public init(suggestedBy name: String) {
        let lower = name.lowercased()
        for (role, names) in Self.names where names.contains(lower) || lower.hasSuffix("_" + role.rawValue) {
            self = role
            return
        }
        self = .other
    }
}

/// A named prediction column.
public struct Prediction: Sendable, Equatable, Codable {
    public var name: String
    public var role: PredictionRole
    public var values: [Double]

    public init(name: String, role: PredictionRole, values: [Double]) {
        self.name = name
        self.role = role
        self.values = values
    }
}

/// Data and predictions: one or more input columns, the target, and named predictions, row by row.
public struct RunData: Sendable, Equatable, Codable {
    /// Input columns; figures use the first.
    public var inputs: [Column]
    public var target: Column
    public var predictions: [Prediction]
    /// Which rows were trained on and which held out for validation, row by row; `nil` when every row is a training
    /// row (or the producer does not say).
    public var split: [Split]?
    /// The confidence band of the reference prediction (the fitted curve), row by row.
    public var band: ConfidenceBand?

    public init(inputs: [Column], target: Column, predictions: [Prediction] = [], split: [Split]? = nil,
                band: ConfidenceBand? = nil) {
        self.inputs = inputs
        self.target = target
        self.predictions = predictions
        self.split = split
        self.band = band
    }

    /// One input `x` and target `y`.
    public init(x: [Double], y: [Double], predictions: [Prediction] = []) {
        self.init(inputs: [Column("x", x)], target: Column("y", y), predictions: predictions)
    }

    public var rowCount: Int { target.values.count }

    /// The first input column's values.
    public var x: [Double] { inputs.first?.values ?? [] }
    public var y: [Double] { target.values }

    /// Row indices of the validation rows (empty without a split).
    public var validationRows: [Int] {
        guard let split else { return [] }
        return split.indices.filter { split[$0] == .validation }
    }

    /// The first prediction with `role`.
    public func prediction(_ role: PredictionRole) -> Prediction? { predictions.first { $0.role == role } }

    /// Problems that make the table unusable (columns of different lengths, no input, duplicate names).
    public var problems: [String] {
        var out: [String] = []
        if inputs.isEmpty { out.append("the data has no input column") }
        for column in inputs where column.values.count != rowCount {
            out.append("input column '\(column.name)' has \(column.values.count) rows, the target has \(rowCount)")
        }
        for p in predictions where p.values.count != rowCount {
            out.append("prediction '\(p.name)' has \(p.values.count) rows, the target has \(rowCount)")
        }
        if let split, split.count != rowCount {
            out.append("the split column has \(split.count) rows, the target has \(rowCount)")
        }
        if let band, band.lower.count != rowCount || band.upper.count != rowCount {
            out.append("the confidence band has \(band.lower.count) lower and \(band.upper.count) upper bounds for "
                + "\(rowCount) rows")
        }
        if split != nil, (inputs.map(\.name) + [target.name] + predictions.map(\.name)).contains("split") {
            out.append("a column is named 'split', the name data.csv gives the column of training and validation rows")
        }
        var seen: Set<String> = []
        for name in inputs.map(\.name) + [target.name] + predictions.map(\.name) where !seen.insert(name).inserted {
            out.append("the data has two columns named '\(name)'")
        }
        return out
    }
}

/// One trainable parameter: where it started, where training left it, and an independent reference value with its
/// uncertainty.
public struct Parameter: Sendable, Equatable, Codable {
    public var name: String
    public var initial: Double?
    public var final: Double?
    /// For example the least-squares optimum.
    public var reference: Double?
    /// The reference estimate's standard error.
    public var standardError: Double?
    /// The reference estimate's confidence interval (at `RunRecord.confidenceLevel`, 95 % by default).
    public var lower: Double?
    public var upper: Double?

    public init(name: String, initial: Double? = nil, final: Double? = nil, reference: Double? = nil,
                standardError: Double? = nil, lower: Double? = nil, upper: Double? = nil) {
        self.name = name
        self.initial = initial
        self.final = final
        self.reference = reference
        self.standardError = standardError
        self.lower = lower
        self.upper = upper
    }

    enum CodingKeys: String, CodingKey {
        case name, initial, final, reference, standardError = "standard_error", lower, upper
    }
}

/// A pointwise confidence band around the reference prediction, one bound per data row.
public struct ConfidenceBand: Sendable, Equatable, Codable {
    /// The confidence level, e.g. 0.95.
    public var level: Double
    public var lower: [Double]
    public var upper: [Double]

    public init(level: Double, lower: [Double], upper: [Double]) {
        self.level = level
        self.lower = lower
        self.upper = upper
    }
}

/// How a run ended.
public enum RunStatus: Sendable, Equatable, Codable {
    case complete
    /// The loss became non-finite or exploded at `epoch`.
    case diverged(epoch: Int)
    /// Stopped by the user (Ctrl-C, `finish(interrupted:)`) at `epoch`.
    case interrupted(epoch: Int)
    /// Read from another tool's files, which do not say how the run ended.
    case imported

    /// `complete`, `diverged`, `interrupted` or `imported` (run.json's `status`).
    public var name: String {
        switch self {
        case .complete: "complete"
        case .diverged: "diverged"
        case .interrupted: "interrupted"
        case .imported: "imported"
        }
    }

    /// The epoch a diverged or interrupted run stopped at.
    public var epoch: Int? {
        switch self {
        case .diverged(let e), .interrupted(let e): e
        case .complete, .imported: nil
        }
    }

    /// The status from run.json's `status` and its epoch (`cancelled` is the name version 1 used).
    public init?(name: String, epoch: Int?) {
        switch name {
        case "complete": self = .complete
        case "diverged": self = .diverged(epoch: epoch ?? 0)
        case "interrupted", "cancelled": self = .interrupted(epoch: epoch ?? 0)
        case "imported": self = .imported
        default: return nil
        }
    }

    enum CodingKeys: String, CodingKey { case name, epoch }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        guard let status = RunStatus(name: name, epoch: try c.decodeIfPresent(Int.self, forKey: .epoch)) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "unknown status '\(name)'")
        }
        self = status
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(epoch, forKey: .epoch)
    }
}
