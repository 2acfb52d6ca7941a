/// A logging call that could not be honoured.
///
/// Logging never stops a training loop: a call that would make the record inconsistent is dropped, and the problem
/// is kept in ``RunLogger/problems``, written to standard error (unless the logger was made with
/// `warnings: false`) and listed in the report's notes.
public enum RunLogProblem: Sendable, Equatable, CustomStringConvertible {
    /// A series, setting, metric, prediction or parameter was given an empty name (`what` says which).
    case emptyName(what: String)
    /// `log(name, value, step:)` with a step not greater than the series' previous one; the value was dropped.
    case stepNotIncreasing(series: String, step: Int, previous: Int)
    /// `attachData(x:y:)` with columns of different lengths; the data was dropped.
    case dataLengthMismatch(x: Int, y: Int)
    /// `attachData(…, validationRows:)` with a row index outside the data; the data was dropped.
    case validationRowOutOfRange(row: Int, rows: Int)
    /// A prediction whose length is not the data's row count; the prediction was dropped.
    case predictionLengthMismatch(name: String, count: Int, rows: Int)
    /// A prediction named like an input or target column of the data (`x`, `y`); the prediction was dropped.
    case duplicateColumn(String)
    /// `setParameters` with a list (`initial`, `final` or `reference`) whose length is not the number of names;
    /// that list was dropped.
    case parameterCountMismatch(list: String, count: Int, names: Int)
    /// A logging call (`what`) after `finish()`; it was ignored.
    case afterFinish(what: String)

    /// The problem in one sentence.
    public var description: String {
        switch self {
        case .emptyName(let what): "a \(what) needs a non-empty name; the call was ignored"
        case .stepNotIncreasing(let series, let step, let previous):
            "series '\(series)': step \(step) does not come after step \(previous); the value was dropped"
        case .dataLengthMismatch(let x, let y):
            "attachData: x has \(x) values but y has \(y); the data was dropped"
        case .validationRowOutOfRange(let row, let rows):
            "attachData: validation row \(row) is outside the \(rows) data rows (rows count from 0); the data was dropped"
        case .predictionLengthMismatch(let name, let count, let rows):
            "prediction '\(name)' has \(count) values but the data has \(rows) rows; the prediction was dropped"
        case .duplicateColumn(let name):
            "prediction '\(name)' has the name of a data column; the prediction was dropped"
        case .parameterCountMismatch(let list, let count, let names):
            "setParameters: '\(list)' has \(count) values for \(names) names; the \(list) values were dropped"
        case .afterFinish(let what): "\(what) after finish(); the call was ignored"
        }
    }
}

/// Why ``RunLogger/finish(status:summary:)`` could not write the run.
///
/// Errors from writing the run folder itself (an unwritable output root, missing templates, a record the report
/// cannot render) are passed on as the report writer throws them (`ReportError`).
public enum RunLogError: Error, Equatable, CustomStringConvertible {
    /// `finish` was called again after a successful write to `reportPath`.
    case alreadyFinished(reportPath: String)
    /// `finish` was called while another `finish` call was still writing the run.
    case finishInProgress

    /// The error in words.
    public var description: String {
        switch self {
        case .alreadyFinished(let path): "the run was already finished and written to \(path)"
        case .finishInProgress: "the run is being written by another finish() call"
        }
    }
}
