/// The residuals rᵢ = f(inputsᵢ; θ) − yᵢ of a model over a data set, evaluated a block of rows at a time so that
/// the Jacobian is never held whole: its blocks go straight into a `StreamedQR`.
final class ResidualStream {
    /// Rows per block of the Jacobian (memory O(blockRows × parameters)).
    static let blockRows = 4096

    let evaluator: Evaluator
    let inputs: [[Double]]
    let targets: [Double]
    let parameterNames: [String]
    var rows: Int { targets.count }
    var parameterCount: Int { parameterNames.count }

    /// Where the residuals or the Jacobian first stop being finite.
    enum Problem: Error, Equatable {
        case residual(row: Int)
        case jacobian(row: Int, parameter: Int)
    }

    /// Compiles `model` for `inputs` (one column per `model.inputNames` entry) and `targets`.
    init(_ model: Model, inputs: [[Double]], targets: [Double]) throws(LevenbergMarquardtError) {
        guard inputs.count == model.inputNames.count else {
            let wanted = model.inputNames.count
            throw .shapeMismatch("the model reads \(wanted) input\(wanted == 1 ? "" : "s") "
                                 + "(\(model.inputNames.joined(separator: ", "))) but \(inputs.count) input "
                                 + "column\(inputs.count == 1 ? " was" : "s were") given")
        }
        for (name, column) in zip(model.inputNames, inputs) where column.count != targets.count {
            throw .shapeMismatch("input '\(name)' has \(column.count) rows but there are \(targets.count) targets")
        }
        let program: Program
        do {
            program = try Program(model.formula, variables: model.inputNames, parameters: model.parameterNames)
        } catch {
            throw .model(error.description)
        }
        evaluator = Evaluator(program)
        self.inputs = inputs
        self.targets = targets
        parameterNames = model.parameterNames
    }

    private func blocks() -> [Range<Int>] {
        stride(from: 0, to: rows, by: Self.blockRows).map { $0..<min($0 + Self.blockRows, rows) }
    }

    /// ‖r(θ)‖₂, or the first row whose residual is not finite.
    func norm(at parameters: [Double]) -> Result<Double, Problem> {
        var sum = 0.0
        for range in blocks() {
            let values = evaluator.values(columns: inputs, parameters: parameters, rows: range)
            var s = 0.0
            for i in values.indices {
                let r = values[i] - targets[range.lowerBound + i]
                s += r * r
            }
            if !s.isFinite, let bad = firstNonFinite(values, range) { return .failure(.residual(row: bad)) }
            sum += s
        }
        if sum.isFinite && sum > 1e-280 { return .success(sum.squareRoot()) }
        // Overflow or underflow of the plain sum of squares: accumulate with scaling instead.
        var accumulator = LeastSquares.NormAccumulator()
        for range in blocks() {
            let values = evaluator.values(columns: inputs, parameters: parameters, rows: range)
            if let bad = firstNonFinite(values, range) { return .failure(.residual(row: bad)) }
            accumulator.add(values.indices.map { values[$0] - targets[range.lowerBound + $0] })
        }
        return .success(accumulator.value)
    }

    private func firstNonFinite(_ values: [Double], _ range: Range<Int>) -> Int? {
        values.indices.first { !(values[$0] - targets[range.lowerBound + $0]).isFinite }.map { range.lowerBound + $0 }
    }

    /// The QR factor of the Jacobian J = ∂r/∂θ with Qᵀr, and ‖r‖₂, at `parameters`; or the first row (in data
    /// order) where the residual or a derivative is not finite.
    func factor(at parameters: [Double]) -> Result<(qr: StreamedQR, norm: Double), Problem> {
        var qr = StreamedQR(columns: parameterCount)
        var sum = 0.0
        for range in blocks() {
            let (values, jacobian) = evaluator.valuesAndJacobian(columns: inputs, parameters: parameters,
                                                                    rows: range)
            var residuals = values
            var s = 0.0
            for i in residuals.indices {
                residuals[i] -= targets[range.lowerBound + i]
                s += residuals[i] * residuals[i]
            }
            var probe = 0.0  // v − v is 0 for finite v and NaN otherwise
            for column in jacobian { for v in column { probe += v - v } }
            if !s.isFinite || probe != 0 {
                for i in residuals.indices {
                    if !residuals[i].isFinite { return .failure(.residual(row: range.lowerBound + i)) }
                    for j in jacobian.indices where !jacobian[j][i].isFinite {
                        return .failure(.jacobian(row: range.lowerBound + i, parameter: j))
                    }
                }
            }
            sum += s
            qr.add(columns: jacobian, rhs: &residuals)
        }
        if sum.isFinite && sum > 1e-280 { return .success((qr, sum.squareRoot())) }
        return norm(at: parameters).map { (qr, $0) }
    }

    /// The error that `problem` amounts to when it happens where the caller supplied the parameters.
    func error(_ problem: Problem) -> LevenbergMarquardtError {
        switch problem {
        case .residual(let row): .nonFiniteResidual(row: row)
        case .jacobian(let row, let p): .nonFiniteJacobian(row: row, parameter: parameterNames[p])
        }
    }
}
