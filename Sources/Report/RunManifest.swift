import Foundation
import Training

/// Settings that shape the report but not the training.
public struct ReportSettings: Sendable, Equatable {
    /// PNG pixel multiplier: 1 → 640×480, 2 → 1280×960.
    public var scale: Double
    /// Folder holding `report.html`; `nil` finds the project's `templates/`.
    public var templatesDirectory: String?

    public init(scale: Double = 1, templatesDirectory: String? = nil) {
        self.scale = scale
        self.templatesDirectory = templatesDirectory
    }
}

/// The contents of `run.json`: the config that determines the run, parameters, losses, timings.
struct RunManifest: Encodable {
    struct Config: Encodable {
        var seed: UInt64
        var points: Int?
        var noise: Double?
        var xRange: [Double]?
        var generate: String?
        var model: String
        var loss: String
        var optimizer: String
        var lr: Double
        var epochs: Int
        var scale: Double

        enum CodingKeys: String, CodingKey {
            case seed, points, noise, xRange = "x-range", generate, model, loss, optimizer, lr, epochs, scale
        }
    }
    struct Params: Encodable {
        var names: [String]
        var initial: [String: Double]
        var final: [String: Double]
    }
    struct LossSummary: Encodable {
        var name: String
        var initial: Double
        var final: Double
    }
    struct LeastSquaresSummary: Encodable {
        var params: [String: Double]
        var loss: Double
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
    var config: Config
    var params: Params
    var loss: LossSummary
    var leastSquares: LeastSquaresSummary?
    var timings: Timings
    var artifacts: [String]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", createdAt = "created_at", toolVersion = "tool_version", status, config, params, loss
        case leastSquares = "least_squares", timings, artifacts
    }

    static func config(_ run: TrainingRun, settings: ReportSettings) -> Config {
        let c = run.config
        let g = c.generator
        return Config(
            seed: c.seed, points: g?.points, noise: g?.noise,
            xRange: g.map { [$0.xRange.lowerBound, $0.xRange.upperBound] }, generate: g?.truth.description,
            model: c.model.formula.description, loss: c.loss.name, optimizer: c.optimizer.name, lr: c.learningRate,
            epochs: c.epochs, scale: settings.scale)
    }

    static func named(_ names: [String], _ values: [Double]) -> [String: Double] {
        Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try encoder.encode(self)
    }
}

/// The tool's version, written into every run.
public let fitreportVersion = "0.1.0"
