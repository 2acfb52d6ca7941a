import Configuration
import Foundation

/// A finished run read back from its folder's `run.json`.
public struct StoredRun: Sendable {
    struct Manifest: Decodable {
        struct Loss: Decodable { var name: String; var final: Double }
        struct Params: Decodable { var names: [String]; var final: [String: Double] }
        struct LeastSquares: Decodable { var params: [String: Double]? }
        var runID: String
        var name: String?
        var createdAt: String
        var status: String
        var config: RunConfig
        var formula: String
        var params: Params
        var loss: Loss
        var leastSquares: LeastSquares?
        var timings: RunTimings
        var report: RunManifest.ReportInfo
        var artifacts: [String: String]

        enum CodingKeys: String, CodingKey {
            case runID = "run_id", name, createdAt = "created_at", status, config, formula, params, loss
            case leastSquares = "least_squares", timings, report, artifacts
        }
    }

    /// The run folder.
    public let directory: String
    let manifest: Manifest

    public var runID: String { manifest.runID }
    public var name: String? { manifest.name }
    public var createdAt: String { manifest.createdAt }
    public var status: String { manifest.status }
    public var config: RunConfig { manifest.config }
    public var formula: String { manifest.formula }
    public var finalLoss: Double { manifest.loss.final }
    public var parameterNames: [String] { manifest.params.names }
    public var finalParameters: [String: Double] { manifest.params.final }
    /// Relative path → recorded SHA-256.
    public var artifacts: [String: String] { manifest.artifacts }

    /// Reads `<directory>/run.json`.
    public init(directory: String) throws(ReportError) {
        let path = directory + "/run.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notARun(path: directory, reason: "it has no readable run.json")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            manifest = try decoder.decode(Manifest.self, from: data)
        } catch {
            throw .notARun(path: directory, reason: "its run.json cannot be read: \(Self.describe(error))")
        }
        self.directory = directory
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let path = (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")
            return "missing key '\(path)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }

    /// Every finished run under `<outputRoot>/runs` (staging folders are skipped), newest first.
    public static func all(in outputRoot: String) -> [StoredRun] {
        let runs = outputRoot + "/runs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return names.filter { !$0.hasPrefix(".") }
            .compactMap { try? StoredRun(directory: runs + "/" + $0) }
            .sorted { ($0.createdAt, $0.runID) > ($1.createdAt, $1.runID) }
    }

    /// Reads two numeric columns of one of the run's CSV files.
    func columns(_ file: String, _ x: String, _ y: String) -> (x: [Double], y: [Double]) {
        guard let loaded = try? CSVColumns.read(directory + "/" + file, x, y) else { return ([], []) }
        return loaded
    }
}
