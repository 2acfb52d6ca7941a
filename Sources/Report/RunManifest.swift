import Configuration
import Foundation
import Plotting
import Training

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
    typealias Timings = RunTimings

    /// How the report files were written, so `reproduce` can write them the same way.
    struct ReportInfo: Codable, Equatable, Sendable {
        var formats: [String]
        var selfContained: Bool
        var durationsInPage: Bool

        enum CodingKeys: String, CodingKey {
            case formats, selfContained = "self_contained", durationsInPage = "durations_in_page"
        }

        init(_ settings: ReportSettings) {
            formats = settings.formats.map(\.rawValue)
            selfContained = settings.selfContained
            durationsInPage = settings.sourceDate == nil
        }
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
    var report: ReportInfo
    var environment: Environment
    /// Relative path → SHA-256 (hex) of every file of the run except run.json itself.
    var artifacts: [String: String]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", name, createdAt = "created_at", toolVersion = "tool_version", status
        case divergedAtEpoch = "diverged_at_epoch", seed, config, formula, params, loss, metrics
        case leastSquares = "least_squares", timings, report, environment, artifacts
    }
    var name: String?
    var seed: UInt64

    init(run: TrainingRun, config: RunConfig, identity: RunIdentity, timings: Timings, report: ReportInfo,
         artifacts: [String: String]) {
        self.report = report
        let runID = identity.runID, createdAt = identity.createdAt
        name = identity.name
        seed = config.seed
        environment = .current
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
        try Self.encoder(pretty: true).encode(self)
    }

    /// The settings alone, as canonical JSON (for the run id's hash and for comparing settings).
    static func configJSON(_ config: RunConfig) -> Data {
        (try? encoder(pretty: false).encode(config)) ?? Data()
    }

    /// Sorted keys, exact doubles, and NaN/±Infinity written as strings (a diverged run's losses).
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }
}

/// Seconds spent in each phase of a run.
public struct RunTimings: Codable, Equatable, Sendable {
    public var data: Double
    public var training: Double
    public var figures: Double
    public var report: Double

    public init(data: Double, training: Double, figures: Double, report: Double) {
        self.data = data
        self.training = training
        self.figures = figures
        self.report = report
    }
}

/// Where a run was made: tool, compiler, system, renderer and font.
struct Environment: Encodable {
    var toolVersion: String
    var swiftVersion: String
    var os: String
    var cairoVersion: String
    var font: String

    enum CodingKeys: String, CodingKey {
        case toolVersion = "tool_version", swiftVersion = "swift_version", os, cairoVersion = "cairo_version", font
    }

    static var current: Environment {
        Environment(toolVersion: fitreportVersion, swiftVersion: compilerVersion,
                    os: ProcessInfo.processInfo.operatingSystemVersionString,
                    cairoVersion: RendererInfo.cairoVersion, font: RendererInfo.resolvedFont())
    }

    static var compilerVersion: String {
        #if compiler(>=6.4)
        "6.4 or later"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #elseif compiler(>=6.1)
        "6.1"
        #else
        "6.0"
        #endif
    }
}

/// The tool's version, written into every run.
public let fitreportVersion = "0.2.0"
