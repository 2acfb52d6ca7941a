import Configuration
import Foundation
import Training

/// Settings that shape the report but not the run.
public struct ReportSettings: Sendable, Equatable {
    /// Folder holding `report.html`; `nil` finds the project's `templates/`.
    public var templatesDirectory: String?

    public init(templatesDirectory: String? = nil) {
        self.templatesDirectory = templatesDirectory
    }
}

/// The contents of `run.json`: the resolved settings, parameters, losses, metrics, timings and artifacts.
struct RunManifest: Encodable {
    struct Params: Encodable {
        var names: [String]
        var initial: [String: Double]
        var final: [String: Double]
        /// `original`, or `standardized` when --normalize could not back-transform the parameters.
        var units: String
    }
    struct LossSummary: Encodable {
        var name: String
        var initial: Double
        var final: Double
    }
    struct LeastSquaresSummary: Encodable {
        var params: [String: Double]?
        var loss: Double?
        /// Why there is no closed form, when there is none.
        var note: String?
    }
    struct Metrics: Encodable {
        var rSquared: Double
        var rmse: Double
        enum CodingKeys: String, CodingKey { case rSquared = "r2", rmse }
    }
    struct Timings: Encodable {
        var data: Double
        var training: Double
        var figures: Double
        var report: Double
    }

    var runID: String
    var createdAt: String
    var toolVersion: String
    var status: String
    var divergedAtEpoch: Int?
    var config: RunConfig
    var formula: String
    var params: Params
    var loss: LossSummary
    var metrics: Metrics
    var leastSquares: LeastSquaresSummary
    var timings: Timings
    var artifacts: [String]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", createdAt = "created_at", toolVersion = "tool_version", status
        case divergedAtEpoch = "diverged_at_epoch", config, formula, params, loss, metrics
        case leastSquares = "least_squares", timings, artifacts
    }

    init(run: TrainingRun, config: RunConfig, runID: String, createdAt: String, timings: Timings,
         artifacts: [String]) {
        let names = run.parameterNames
        func named(_ values: [Double]) -> [String: Double] {
            Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
        }
        self.runID = runID
        self.createdAt = createdAt
        toolVersion = fitreportVersion
        status = run.status.name
        if case .diverged(let epoch) = run.status { divergedAtEpoch = epoch }
        self.config = config
        formula = run.config.model.formula.description
        params = Params(names: names, initial: named(run.initialParameters), final: named(run.finalParameters),
                        units: run.parameterUnits == .original ? "original" : "standardized")
        loss = LossSummary(name: run.config.loss.name, initial: run.history.first ?? .nan, final: run.finalLoss)
        let m = run.metrics
        metrics = Metrics(rSquared: m.rSquared, rmse: m.rmse)
        if let ls = run.leastSquares {
            leastSquares = LeastSquaresSummary(params: named(ls.parameters), loss: ls.loss, note: nil)
        } else {
            leastSquares = LeastSquaresSummary(
                params: nil, loss: nil, note: "the model is not linear in its parameters; no closed form applies")
        }
        self.timings = timings
        self.artifacts = artifacts
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }

    /// The settings alone, as canonical JSON (for the run id's hash).
    static func configJSON(_ config: RunConfig) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return (try? encoder.encode(config)) ?? Data()
    }
}

/// The tool's version, written into every run.
public let fitreportVersion = "0.2.0"
