/// What produced a run record.
public enum SourceKind: String, Sendable, Codable, CaseIterable {
    /// `fitreport run`: the built-in trainer.
    case fitreport
    /// A Swift program through the logging API.
    case swiftAPI = "swift-api"
    /// Keras' `CSVLogger`.
    case kerasCSV = "keras-csv"
    /// PyTorch Lightning's `CSVLogger` (`metrics.csv`, `hparams.yaml`).
    case lightningCSV = "lightning-csv"
    /// TensorBoard event files (`events.out.tfevents.*`).
    case tensorboard
    /// A dvclive folder.
    case dvclive
    /// An MLflow local file store run folder.
    case mlflow
    /// A plain CSV/TSV history.
    case csv
    /// JSON Lines, one object per step.
    case jsonl

    /// A readable name for pages (`PyTorch Lightning CSVLogger`).
    public var displayName: String {
        switch self {
        case .fitreport: "fitreport"
        case .swiftAPI: "Swift logging API"
        case .kerasCSV: "Keras CSVLogger"
        case .lightningCSV: "PyTorch Lightning CSVLogger"
        case .tensorboard: "TensorBoard event files"
        case .dvclive: "dvclive"
        case .mlflow: "MLflow file store"
        case .csv: "CSV history"
        case .jsonl: "JSON Lines history"
        }
    }
}

/// A file a record was read from, with its SHA-256, so an archived report can be traced to its inputs.
public struct SourceFile: Sendable, Equatable, Codable {
    /// Path relative to what was imported (a folder's files keep their relative paths).
    public var path: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    public var bytes: Int

    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// Where a record came from.
public struct RunSource: Sendable, Equatable, Codable {
    public var kind: SourceKind
    /// The version of the program that produced the record (fitreport's, or the importer's).
    public var toolVersion: String
    /// The files read, for imported runs.
    public var files: [SourceFile]

    public init(kind: SourceKind, toolVersion: String, files: [SourceFile] = []) {
        self.kind = kind
        self.toolVersion = toolVersion
        self.files = files
    }

    enum CodingKeys: String, CodingKey { case kind, toolVersion = "tool_version", files }
}
