import Foundation
import RunArtifacts
import RunRecord

/// A finished run read back from its folder: `run.json` (schema version 2, or version 1 as fitreport 0.2 wrote it)
/// and, on request, the whole `RunRecord` with its series and data from `history.csv` and `data.csv`.
public struct StoredRun: Sendable {
    /// The run folder.
    public let directory: String
    /// 1 for runs of fitreport 0.2 and earlier, 2 since.
    public let schemaVersion: Int
    let manifest: RunManifest

    public var runID: String { manifest.runID }
    public var name: String? { manifest.name }
    public var createdAt: String { manifest.createdAt }
    /// The fitreport version that wrote the folder.
    public var toolVersion: String { manifest.toolVersion }
    public var title: String { manifest.title }
    public var model: String? { manifest.model }
    public var source: RunSource { manifest.source }
    /// `complete`, `diverged`, `interrupted` or `imported`.
    public var status: String { manifest.status }
    /// The epoch a diverged or interrupted run stopped at.
    public var statusEpoch: Int? { manifest.statusEpoch }
    public var settings: [KeyValue<JSONValue>] { manifest.settings }
    /// Relative path → recorded SHA-256.
    public var artifacts: [String: String] { manifest.artifacts }
    /// Recorded seconds per phase.
    public var timings: [KeyValue<Double>] { manifest.timings }
    /// Formats, self-containment and whether durations were shown, as recorded.
    public var reportFormats: [String] { manifest.report.formats }
    public var selfContained: Bool { manifest.report.selfContained }
    public var durationsInPage: Bool { manifest.report.durationsInPage }
    /// Number of steps of the longest series.
    public var stepCount: Int { manifest.series.map(\.count).max() ?? 0 }
    public var stepAxis: StepAxis { manifest.stepAxis }

    /// The primary loss series' name and last value (from run.json alone).
    public var finalLoss: (name: String, value: Double)? {
        let infos = manifest.series
        guard let index = SeriesNaming.primaryLossIndex(infos.map { ($0.name, $0.split) }),
              let last = infos[index].last else { return nil }
        let info = infos[index]
        return (info.displayName ?? info.name, last.value)
    }

    /// Final parameter values by name.
    public var finalParameters: [String: Double] {
        Dictionary(manifest.parameters.compactMap { p in p.final.map { (p.name, $0) } }, uniquingKeysWith: { a, _ in a })
    }
    public var parameterNames: [String] { manifest.parameters.map(\.name) }

    /// Reads `<directory>/run.json`.
    public init(directory: String) throws(ReportError) {
        if let problem = Self.linkProblem(directory) { throw .notARun(path: directory, reason: problem) }
        let path = directory + "/run.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .notARun(path: directory, reason: "it has no readable run.json")
        }
        let decoder = RunManifest.decoder()
        struct Version: Decodable {
            var schemaVersion: Int?
            enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
        }
        let version: Int
        do {
            version = try decoder.decode(Version.self, from: data).schemaVersion ?? 1
        } catch {
            throw .notARun(path: directory, reason: "its run.json is not a JSON object: \(Self.describe(error))")
        }
        do {
            switch version {
            case 1: manifest = try decoder.decode(ManifestV1.self, from: data).upgraded()
            case RunManifest.schemaVersion: manifest = try decoder.decode(RunManifest.self, from: data)
            default:
                throw ReportError.notARun(path: directory, reason: "its run.json has schema version \(version); this "
                    + "fitreport (\(fitreportVersion)) reads versions 1 and 2. Use a newer fitreport.")
            }
        } catch let error as ReportError {
            throw error
        } catch {
            throw .notARun(path: directory, reason: "its run.json cannot be read: \(Self.describe(error))")
        }
        schemaVersion = version
        self.directory = directory
    }

    /// The whole record: run.json's description with the series from `history.csv` and the data from `data.csv`
    /// (reference predictions and the confidence band from `reference.csv`).
    public func loadRecord() throws(ReportError) -> RunRecord {
        let m = manifest
        let series = try HistoryFile.read(directory + "/history.csv", infos: m.series)
        let data = try m.data.map { info throws(ReportError) in try DataFiles.read(directory: directory, info: info) }
        var record = RunRecord(
            title: m.title, createdAt: m.createdAt, source: m.source, model: m.model, settings: m.settings,
            overview: m.overview, stepAxis: m.stepAxis, series: series, data: data, parameters: m.parameters,
            referenceName: m.referenceName, metrics: m.metrics,
            status: RunStatus(name: m.status, epoch: m.statusEpoch) ?? .imported, summary: m.summary, notes: m.notes,
            durations: m.timings.filter { $0.key != "figures" && $0.key != "report" })
        record.correlations = m.correlations
        record.confidenceLevel = m.confidenceLevel
        if m.artifacts[ParamsHistoryFile.fileName] != nil {
            record.parameterHistory = try ParamsHistoryFile.read(directory + "/" + ParamsHistoryFile.fileName)
        }
        return record
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

    /// Why the folder `directory` is not read as a run because of a symbolic link, or `nil`: a run folder inside an
    /// output folder's `runs/` that is itself a link (it could lead anywhere; a link named on the command line
    /// elsewhere is the user's choice and followed), or a `run.json` that is a link.
    static func linkProblem(_ directory: String) -> String? {
        var trimmed = directory
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        if let target = FileOps.linkTarget(trimmed),
           (trimmed as NSString).deletingLastPathComponent.split(separator: "/").last == "runs"
        {
            return "it is a symbolic link (to \(target)) inside runs/, where fitreport reads only real run folders, "
                + "never through links; compare or reproduce the folder it points to instead"
        }
        if let target = FileOps.linkTarget(trimmed + "/run.json") {
            return "its run.json is a symbolic link (to \(target)); fitreport reads a run's files only from inside "
                + "its folder"
        }
        return nil
    }

    /// The entries of `<outputRoot>/runs` that are symbolic links (path, target): never read, and skipped by
    /// `all(in:)` (the index warns about them).
    public static func links(in outputRoot: String) -> [(path: String, target: String)] {
        let runs = outputRoot + "/runs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            FileOps.linkTarget(runs + "/" + name).map { (runs + "/" + name, $0) }
        }
    }

    /// Every finished run under `<outputRoot>/runs` (staging folders and symbolic links are skipped), newest first.
    public static func all(in outputRoot: String) -> [StoredRun] {
        let runs = outputRoot + "/runs"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: runs)) ?? []
        return names.filter { !$0.hasPrefix(".") && FileOps.linkTarget(runs + "/" + $0) == nil }
            .compactMap { try? StoredRun(directory: runs + "/" + $0) }
            .sorted { ($0.createdAt, $0.runID) > ($1.createdAt, $1.runID) }
    }
}

/// `run.json` as fitreport 0.2 wrote it (no `schema_version`): the trainer's settings, formula, parameters, loss,
/// metrics and least-squares optimum.
struct ManifestV1: Decodable {
    struct Loss: Decodable { var name: String; var initial: Double?; var final: Double }
    struct Params: Decodable {
        var names: [String]
        var initial: [String: Double]?
        var final: [String: Double]
        var units: String?
    }
    struct LeastSquares: Decodable { var params: [String: Double]?; var loss: Double?; var note: String? }
    struct Metrics: Decodable { var r2: Double?; var rmse: Double? }
    struct Timings: Decodable { var data: Double; var training: Double; var figures: Double; var report: Double }
    var runID: String
    var name: String?
    var createdAt: String
    var toolVersion: String?
    var status: String
    var divergedAtEpoch: Int?
    var config: JSONValue
    var formula: String
    var params: Params
    var loss: Loss
    var metrics: Metrics?
    var leastSquares: LeastSquares?
    var timings: Timings
    var report: RunManifest.ReportInfo
    var environment: Environment?
    var artifacts: [String: String]

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", name, createdAt = "created_at", toolVersion = "tool_version", status
        case divergedAtEpoch = "diverged_at_epoch", config, formula, params, loss, metrics
        case leastSquares = "least_squares", timings, report, environment, artifacts
    }

    /// The same run described as schema version 2.
    func upgraded() -> RunManifest {
        let lossLabel = ["mse": "MSE", "mae": "MAE", "huber": "Huber"][loss.name] ?? loss.name
        // history.csv holds the points; run.json of version 1 knows only the final loss.
        let series = SeriesInfo(name: "loss", displayName: lossLabel, split: .train, lowerIsBetter: true, count: 0,
                                hasEpochs: false, last: SeriesInfo.Point(step: 0, value: loss.final), best: nil)
        let ls = leastSquares?.params
        let parameters = params.names.map {
            Parameter(name: $0, initial: params.initial?[$0], final: params.final[$0], reference: ls?[$0])
        }
        var settings: [KeyValue<JSONValue>] = []
        if case .object(let pairs) = config { settings = pairs.sorted { $0.key < $1.key } }
        let predictions = [DataInfo.PredictionInfo(name: "y_before", role: .before, file: "data.csv"),
                           DataInfo.PredictionInfo(name: "y_after", role: .after, file: "data.csv")]
        var metricList: [KeyValue<Double>] = []
        if let initial = loss.initial { metricList.append(KeyValue("Initial \(lossLabel)", initial)) }
        metricList.append(KeyValue("Final \(lossLabel)", loss.final))
        if let r2 = metrics?.r2 { metricList.append(KeyValue("R²", r2)) }
        if let rmse = metrics?.rmse { metricList.append(KeyValue("RMSE", rmse)) }
        if let l = leastSquares?.loss { metricList.append(KeyValue("Least-squares \(lossLabel)", l)) }
        let statusName = status == "cancelled" ? "interrupted" : status
        return RunManifest(
            schemaVersion: 1, runID: runID, name: name, createdAt: createdAt, toolVersion: toolVersion ?? "0.2.0",
            title: "Fitting f(x) = \(formula)", model: "f(x) = \(formula)", summary: nil,
            source: RunSource(kind: .fitreport, toolVersion: toolVersion ?? "0.2.0"), status: statusName,
            statusEpoch: divergedAtEpoch, stepAxis: .epoch, settings: settings, overview: [], series: [series],
            data: DataInfo(rows: 0, inputs: ["x"], target: "y", predictions: predictions),
            parameters: parameters, referenceName: ls == nil ? nil : "least squares", metrics: metricList,
            notes: leastSquares?.note.map { [$0] } ?? [],
            timings: [KeyValue("data", timings.data), KeyValue("training", timings.training),
                      KeyValue("figures", timings.figures), KeyValue("report", timings.report)],
            report: report, environment: environment ?? .current, artifacts: artifacts)
    }
}
