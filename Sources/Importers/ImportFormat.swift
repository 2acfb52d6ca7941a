/// The formats `fitreport import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// Plain CSV/TSV history: a step or epoch column and one column per series.
    case csv
    /// JSON Lines: one object per step.
    case jsonl
    /// Keras `CSVLogger` output.
    case keras
    /// PyTorch Lightning `CSVLogger` folder (`version_N/`) or its `metrics.csv`.
    case lightning
    /// TensorBoard event files, or a log folder holding them.
    case tensorboard
    /// A dvclive folder.
    case dvclive
    /// An MLflow file-store run folder.
    case mlflow

    /// The names `--format` accepts, for help and errors.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
