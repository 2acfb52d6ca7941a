/// Why a nonlinear least-squares fit (`LevenbergMarquardt.fit`) or its statistics (`FitStatistics.compute`) could
/// not be computed. Rows are 0-based indices into the data; the descriptions count rows from 1.
public enum LevenbergMarquardtError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Inputs, targets or parameter values do not fit the model or each other; the text says how.
    case shapeMismatch(String)
    /// Fewer data rows than parameters: the parameters cannot be determined.
    case tooFewRows(rows: Int, parameters: Int)
    /// An option or argument is out of range (a negative tolerance, a level outside (0, 1), a non-finite start).
    case invalidArgument(String)
    /// The model does not compile against its own parameter and input names.
    case model(String)
    /// The residual f(inputs; θ) − y is NaN or infinite at this row (at the start, or at the given parameters).
    case nonFiniteResidual(row: Int)
    /// ∂f/∂θ of this parameter is NaN or infinite at this row (at the start, or at the given parameters).
    case nonFiniteJacobian(row: Int, parameter: String)

    public var description: String {
        switch self {
        case .shapeMismatch(let text): text
        case .tooFewRows(let rows, let parameters):
            "\(rows) data row\(rows == 1 ? "" : "s") cannot determine \(parameters) parameters; supply at least "
                + "\(parameters)"
        case .invalidArgument(let text): text
        case .model(let text): "the model cannot be evaluated: \(text)"
        case .nonFiniteResidual(let row):
            "the residual (model minus target) is not a finite number at data row \(row + 1); check that row's "
                + "values and the starting parameters"
        case .nonFiniteJacobian(let row, let parameter):
            "the derivative of the model with respect to \(parameter) is not a finite number at data row \(row + 1)"
        }
    }
}
