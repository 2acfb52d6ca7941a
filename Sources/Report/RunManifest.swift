import Foundation
import Plotting
import RunArtifacts
import RunRecord

/// The contents of `run.json` (schema version 2): the run record's description, where its series and data are
/// stored, timings, how the report was written, the environment, and the SHA-256 of every other file.
///
/// `schemas/run.schema.json` in the repository is its JSON Schema.
struct RunManifest: Codable, Sendable {
    static let schemaVersion = 2

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

    var schemaVersion: Int
    var runID: String
    var name: String?
    var createdAt: String
    var toolVersion: String
    var title: String
    var model: String?
    var summary: String?
    var source: RunSource
    var status: String
    var statusEpoch: Int?
    var stepAxis: StepAxis
    var settings: [KeyValue<JSONValue>]
    var overview: [KeyValue<String>]
    var series: [SeriesInfo]
    var data: DataInfo?
    var parameters: [Parameter]
    var referenceName: String?
    /// The reference estimates' correlation matrix, in parameter order (when the record has one).
    var correlations: [[Double]]?
    /// The level of the parameters' intervals and of the band (when the record says).
    var confidenceLevel: Double?
    var metrics: [KeyValue<Double>]
    var notes: [String]
    /// Seconds per phase: the producer's (`data`, `training`, …) then `figures` and `report`.
    var timings: [KeyValue<Double>]
    var report: ReportInfo
    var environment: Environment
    /// Relative path → SHA-256 (hex) of every file of the run except run.json itself.
    var artifacts: [String: String]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", runID = "run_id", name, createdAt = "created_at"
        case toolVersion = "tool_version", title, model, summary, source, status, statusEpoch = "status_epoch"
        case stepAxis = "step_axis", settings, overview, series, data, parameters, referenceName = "reference_name"
        case correlations, confidenceLevel = "confidence_level"
        case metrics, notes, timings, report, environment, artifacts
    }

    func json() throws -> Data {
        try Self.encoder(pretty: true).encode(self)
    }

    /// Canonical JSON of a value (for the run id's hash and for comparing settings).
    static func canonicalJSON<T: Encodable>(_ value: T) -> Data {
        (try? encoder(pretty: false).encode(value)) ?? Data()
    }

    /// Sorted keys, exact doubles, and NaN/±Infinity written as strings (a diverged run's losses).
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }
}

extension RunManifest {
    init(record: RunRecord, identity: RunIdentity, timings: [KeyValue<Double>], report: ReportInfo,
         artifacts: [String: String]) {
        schemaVersion = Self.schemaVersion
        runID = identity.runID
        name = identity.name
        createdAt = identity.createdAt
        toolVersion = fitreportVersion
        title = record.title
        model = record.model
        summary = record.summary
        source = record.source
        status = record.status.name
        statusEpoch = record.status.epoch
        stepAxis = record.stepAxis
        settings = record.settings
        overview = record.overview
        series = record.series.map(SeriesInfo.init)
        data = record.data.map(DataInfo.init)
        parameters = record.parameters
        referenceName = record.referenceName
        correlations = record.correlations
        confidenceLevel = record.confidenceLevel
        metrics = record.metrics
        notes = record.notes
        self.timings = timings
        self.report = report
        environment = .current
        self.artifacts = artifacts
    }
}

/// Where a run was made: tool, compiler, system, renderer and font.
struct Environment: Codable, Sendable {
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

