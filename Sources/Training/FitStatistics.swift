import Foundation

/// The statistics of a least-squares fit at given parameters: goodness of fit, the parameters' standard errors,
/// covariance, correlations and confidence intervals, and a confidence band for the fitted curve.
///
/// Everything comes from the QR factor of the Jacobian J = ∂f/∂θ at the parameters, never from JᵀJ: the Jacobian is
/// streamed in row blocks into a Householder TSQR (as in `LevenbergMarquardt`), its n×n R is column-equilibrated
/// (every column scaled to unit norm, so units do not matter) and factored again with column pivoting,
/// J·D⁻¹·P = Q·R₂. The covariance is s²·(JᵀJ)⁻¹ = s²·W·Wᵀ with W = D⁻¹·P·R₂⁻¹ (R₂ inverted as a triangle) and
/// s² = RSS/(N − P).
///
/// **Rank.** The Jacobian is judged rank deficient when a diagonal entry of the equilibrated, pivoted R₂ is at most
/// 10⁻¹² times the first (|R₂[k][k]| ≤ 10⁻¹²·|R₂[0][0]|): the equilibrated Jacobian's condition number then exceeds
/// about 10¹², so even the well-determined standard errors would keep fewer than about four correct digits. The
/// parameters whose pivoted columns fall at or beyond that point are reported as not determined, and there are no
/// standard errors, covariance, correlations or intervals.
public struct FitStatistics: Sendable, Equatable {
    /// Σᵢ rᵢ², rᵢ = f(inputsᵢ; θ) − yᵢ.
    public var residualSumOfSquares: Double
    /// s = √(RSS/(N − P)); NaN when N = P.
    public var residualStandardDeviation: Double
    /// N − P.
    public var degreesOfFreedom: Int
    /// 1 − RSS/Σ(yᵢ − ȳ)² (the centered R²; NaN when every y is the same).
    public var rSquared: Double
    /// 1 − (1 − R²)(N − 1)/(N − P).
    public var adjustedRSquared: Double
    /// Akaike's information criterion for Gaussian errors without constants: N·ln(RSS/N) + 2P.
    public var aic: Double
    /// Schwarz's Bayesian information criterion: N·ln(RSS/N) + ln(N)·P.
    public var bic: Double
    /// s·√((JᵀJ)⁻¹)ⱼⱼ per parameter; nil when the parameters are poorly determined (rank deficient Jacobian) or N = P.
    public var standardErrors: [Double]?
    /// s²·(JᵀJ)⁻¹; nil as `standardErrors`.
    public var covariance: [[Double]]?
    /// Covariance scaled to unit diagonal; nil as `standardErrors`.
    public var correlations: [[Double]]?
    /// estimate ± t·SE, t the two-sided `level` quantile of Student's t with N − P degrees of freedom; nil as
    /// `standardErrors`.
    public var intervals: [ClosedRange<Double>]?
    /// t_{(1+level)/2, N−P} (NaN when N = P).
    public var tQuantile: Double
    /// The confidence level of `intervals` and `band`, such as 0.95.
    public var level: Double
    /// Plain sentences naming the parameters that the data do not determine (a rank-deficient Jacobian) and the pairs
    /// whose estimates are correlated beyond ±0.999; empty when all is well.
    public var poorlyDetermined: [String]
    /// W with covariance = W·Wᵀ (row per parameter), kept for the band: Var f = ‖Wᵀg‖², without cancellation.
    private var covarianceFactor: [[Double]]?

    /// Correlations beyond this (in absolute value) are reported in `poorlyDetermined`.
    public static let correlationLimit = 0.999
    /// Relative size of R₂'s diagonal at or below which the Jacobian is judged rank deficient (see the type's notes).
    public static let rankTolerance = 1e-12

    /// The statistics of `model` at `parameters`.
    /// - Parameters:
    ///   - model: f(inputs; θ), parameters in `model.parameterNames` order.
    ///   - inputs: one column per `model.inputNames` entry.
    ///   - targets: y.
    ///   - parameters: θ, usually a least-squares optimum (the statistics assume one).
    ///   - level: the confidence level of the intervals, in (0, 1).
    /// - Throws: on mismatched shapes, a model without parameters, fewer rows than parameters, a level outside
    ///   (0, 1), or residuals or derivatives that are not finite at `parameters` (naming the first such row).
    public static func compute(_ model: Model, inputs: [[Double]], targets: [Double], parameters: [Double],
                               level: Double = 0.95) throws(LevenbergMarquardtError) -> FitStatistics
    {
        guard level > 0, level < 1 else {
            throw .invalidArgument("the confidence level must lie strictly between 0 and 1, not \(level)")
        }
        let stream = try ResidualStream(model, inputs: inputs, targets: targets)
        let n = stream.parameterCount, m = stream.rows
        guard parameters.count == n else {
            throw .shapeMismatch("\(parameters.count) parameter value\(parameters.count == 1 ? "" : "s") for \(n) "
                                 + "parameters (\(model.parameterNames.joined(separator: ", ")))")
        }
        guard n > 0 else { throw .invalidArgument("the model has no parameters: there are no statistics to compute") }
        guard m >= n else { throw .tooFewRows(rows: m, parameters: n) }
        let factored: (qr: StreamedQR, norm: Double)
        switch stream.factor(at: parameters) {
        case .success(let value): factored = value
        case .failure(let problem): throw stream.error(problem)
        }
        return FitStatistics(names: model.parameterNames, parameters: parameters, targets: targets,
                             factor: factored.qr, residualNorm: factored.norm, level: level)
    }

    private init(names: [String], parameters: [Double], targets: [Double], factor: StreamedQR, residualNorm: Double,
                 level: Double)
    {
        let n = names.count, m = targets.count
        let N = Double(m), P = Double(n)
        let rss = residualNorm * residualNorm
        residualSumOfSquares = rss
        degreesOfFreedom = m - n
        let dof = Double(m - n)
        residualStandardDeviation = m > n ? (rss / dof).squareRoot() : .nan
        let mean = targets.reduce(0, +) / N
        var tss = 0.0
        for y in targets { tss += (y - mean) * (y - mean) }
        rSquared = tss > 0 ? 1 - rss / tss : .nan
        adjustedRSquared = 1 - (1 - rSquared) * (N - 1) / dof
        aic = N * Foundation.log(rss / N) + 2 * P
        bic = N * Foundation.log(rss / N) + Foundation.log(N) * P
        self.level = level
        tQuantile = m > n ? StudentT.quantile((1 + level) / 2, degreesOfFreedom: dof) : .nan
        var notes: [String] = []

        // Equilibrate R's columns, factor with pivoting, and judge the rank.
        let norms = (0..<n).map { j in StreamedQR.norm((0..<n).map { factor[$0, j] }) }
        var scaled = factor.r
        for j in 0..<n where norms[j] > 0 { for i in 0..<n { scaled[j * n + i] /= norms[j] } }
        var none: [[Double]] = []
        let pivoted = PivotedQR(scaled, n: n, applyingTo: &none)
        let largest = Swift.abs(pivoted[0, 0])
        var rank = 0
        while rank < n, Swift.abs(pivoted[rank, rank]) > Self.rankTolerance * largest { rank += 1 }

        if rank < n {
            let undetermined = pivoted.permutation[rank...].sorted().map { names[$0] }
            let determined = pivoted.permutation[..<rank].sorted().map { names[$0] }
            let which = Self.list(undetermined)
            let pronoun = undetermined.count == 1 ? "it" : "them"
            notes.append(determined.isEmpty
                ? "The data do not determine \(which): the model does not change with \(pronoun) at these parameter "
                    + "values, so there are no standard errors."
                : "The data do not determine \(which) separately from \(Self.list(determined)): the Jacobian has rank "
                    + "\(rank) of \(n) at these parameter values, so there are no standard errors.")
        } else if m == n {
            notes.append("\(m) data points leave no degrees of freedom for \(n) parameters, so there are no standard "
                         + "errors.")
        }

        if rank == n && m > n {
            // W = D⁻¹·P·R₂⁻¹·s: invert the triangle column by column.
            var inverse = [Double](repeating: 0, count: n * n)  // column-major R₂⁻¹
            for j in 0..<n {
                inverse[j * n + j] = 1 / pivoted[j, j]
                for i in stride(from: j - 1, through: 0, by: -1) {
                    var sum = 0.0
                    for k in (i + 1)...j { sum += pivoted[i, k] * inverse[j * n + k] }
                    inverse[j * n + i] = -sum / pivoted[i, i]
                }
            }
            let s = residualStandardDeviation
            var w = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for a in 0..<n {
                let p = pivoted.permutation[a]
                for k in 0..<n { w[p][k] = s * inverse[k * n + a] / norms[p] }
            }
            var cov = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n {
                for j in 0...i {
                    var sum = 0.0
                    for k in 0..<n { sum += w[i][k] * w[j][k] }
                    cov[i][j] = sum
                    cov[j][i] = sum
                }
            }
            let se = (0..<n).map { cov[$0][$0].squareRoot() }
            // Typed closures: the nested maps with an untyped ternary took the type checker 18 s.
            let corr: [[Double]] = (0..<n).map { (i: Int) -> [Double] in
                (0..<n).map { (j: Int) -> Double in i == j ? 1.0 : cov[i][j] / (se[i] * se[j]) }
            }
            covarianceFactor = w
            covariance = cov
            standardErrors = se
            correlations = corr
            let t = tQuantile
            intervals = (0..<n).map { (i: Int) -> ClosedRange<Double> in
                let half: Double = t * se[i]
                return (parameters[i] - half)...(parameters[i] + half)
            }
            for i in 0..<n {
                for j in (i + 1)..<n where Swift.abs(corr[i][j]) > Self.correlationLimit {
                    let r = corr[i][j]
                    notes.append("\(names[i]) and \(names[j]) are poorly determined separately: their estimates are "
                                 + "correlated at \(String(format: "%.4f", r)), so the data constrain "
                                 + (r > 0 ? "their difference" : "their sum") + " far less than either alone.")
                }
            }
        } else {
            covarianceFactor = nil
            covariance = nil
            standardErrors = nil
            correlations = nil
            intervals = nil
        }
        poorlyDetermined = notes
    }

    private static func list(_ names: [String]) -> String {
        switch names.count {
        case 0: ""
        case 1: names[0]
        default: names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        }
    }

    /// The confidence band of the fitted curve at `inputs` by the delta method: f ± t·√(gᵀ·Cov·g) at each row, with
    /// g = ∂f/∂θ there (computed as ‖Wᵀg‖ with Cov = W·Wᵀ) and t = `tQuantile`. nil without a covariance, or when
    /// the model does not compile for these inputs and parameters.
    /// - Parameters:
    ///   - model: the model the statistics were computed for.
    ///   - inputs: one column per `model.inputNames` entry (any rows, such as a fine grid for a figure).
    ///   - parameters: the parameters the statistics were computed at.
    public func band(_ model: Model, inputs: [[Double]], parameters: [Double]) -> (lower: [Double], upper: [Double])? {
        guard let w = covarianceFactor, parameters.count == w.count, inputs.count == model.inputNames.count,
              let program = try? Program(model.formula, variables: model.inputNames, parameters: model.parameterNames)
        else { return nil }
        let rows = inputs.first?.count ?? 0
        guard inputs.allSatisfy({ $0.count == rows }) else { return nil }
        let n = w.count
        let evaluator = Evaluator(program)
        var lower = [Double](), upper = [Double]()
        lower.reserveCapacity(rows)
        upper.reserveCapacity(rows)
        var start = 0
        while start < rows {
            let range = start..<min(start + ResidualStream.blockRows, rows)
            let (values, jacobian) = evaluator.valuesAndJacobian(columns: inputs, parameters: parameters, rows: range)
            for i in values.indices {
                var variance = 0.0
                for k in 0..<n {
                    var u = 0.0
                    for j in 0..<n { u += w[j][k] * jacobian[j][i] }
                    variance += u * u
                }
                let half = tQuantile * variance.squareRoot()
                lower.append(values[i] - half)
                upper.append(values[i] + half)
            }
            start = range.upperBound
        }
        return (lower, upper)
    }
}

extension FitStatistics {
    /// The least-squares optimum of a model affine in its parameters, with its statistics, in one Jacobian pass.
    ///
    /// For an affine model the Jacobian is the design matrix whatever θ is, and r(θ) = r(0) + J·θ. One streamed
    /// Householder QR of J with Qᵀr(0) gives θ = −R⁻¹·Qᵀr(0) by back substitution, and the same R gives the
    /// statistics; only the residual norm at θ needs a second, forward-only pass. Householder QR is insensitive to
    /// the columns' scaling (its backward error is small column by column), so badly scaled designs such as NIST's
    /// Pontius keep their digits.
    /// - Throws: as `compute`, and `.invalidArgument` when the design is rank deficient (no unique optimum).
    static func linearFit(_ model: Model, inputs: [[Double]], targets: [Double], level: Double = 0.95)
        throws(LevenbergMarquardtError) -> (parameters: [Double], statistics: FitStatistics)
    {
        let (stream, qr, theta) = try linearSolve(model, inputs: inputs, targets: targets)
        let norm: Double
        switch stream.norm(at: theta) {
        case .success(let value): norm = value
        case .failure(let problem): throw stream.error(problem)
        }
        return (theta, FitStatistics(names: model.parameterNames, parameters: theta, targets: targets, factor: qr,
                                     residualNorm: norm, level: level))
    }

    /// θ minimizing ‖f(inputs; θ) − targets‖₂ for a model affine in its parameters, with the QR it came from: one
    /// streamed Householder QR of the design (the Jacobian at θ = 0) and Qᵀr(0), then back substitution.
    static func linearSolve(_ model: Model, inputs: [[Double]], targets: [Double])
        throws(LevenbergMarquardtError) -> (stream: ResidualStream, qr: StreamedQR, parameters: [Double])
    {
        let stream = try ResidualStream(model, inputs: inputs, targets: targets)
        let n = stream.parameterCount, m = stream.rows
        guard n > 0 else { throw .invalidArgument("the model has no parameters") }
        guard m >= n else { throw .tooFewRows(rows: m, parameters: n) }
        let zero = [Double](repeating: 0, count: n)
        let factored: (qr: StreamedQR, norm: Double)
        switch stream.factor(at: zero) {
        case .success(let value): factored = value
        case .failure(let problem): throw stream.error(problem)
        }
        let qr = factored.qr
        // Back substitution R·θ = −Qᵀr(0); a (numerically) zero pivot means the optimum is not unique.
        let largest = (0..<n).map { Swift.abs(qr[$0, $0]) }.max() ?? 0
        var theta = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let pivot = qr[i, i]
            guard Swift.abs(pivot) > rankTolerance * largest, pivot.isFinite else {
                throw .invalidArgument("the least-squares problem is rank deficient: "
                    + "\(model.parameterNames[i]) is not determined by the data")
            }
            var sum = -qr.qtb[i]
            for j in (i + 1)..<n { sum -= qr[i, j] * theta[j] }
            theta[i] = sum / pivot
        }
        return (stream, qr, theta)
    }
}
