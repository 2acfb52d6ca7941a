/// Nonlinear least squares: the parameters θ minimising Σᵢ rᵢ(θ)², rᵢ = f(inputsᵢ; θ) − yᵢ, by Moré's scaled
/// trust-region Levenberg–Marquardt method — the algorithm of MINPACK's `lmder` (Moré 1978, "The Levenberg–Marquardt
/// algorithm: implementation and theory"), with the exact Jacobian from the engine's reverse sweep.
///
/// Each iteration:
/// 1. streams the Jacobian J in blocks of `ResidualStream.blockRows` rows into a Householder TSQR, keeping only the
///    n×n factor R and Qᵀr (memory O(block × n) whatever the number of rows), then factors that small R again with
///    column pivoting, J·P = Q·Q₂·R₂, so that everything below works on n×n matrices as in MINPACK;
/// 2. scales the parameters by D = the largest column norms of J seen so far (MINPACK's mode 1); the first trust
///    region radius is Δ = 100·‖D θ₀‖ (factor 100), or 100 when that is zero;
/// 3. finds the Levenberg–Marquardt parameter λ for which the step p, min ‖J p + r‖² + λ‖D p‖², has ‖D p‖ ≈ Δ
///    (`lmpar`), and tries θ + p;
/// 4. accepts it when the actual reduction of ‖r‖² is at least 10⁻⁴ of the predicted one, and updates Δ by that
///    ratio (shrinks it below 0.25, doubles ‖D p‖ above 0.75); a trial point where a residual is not finite counts as
///    no reduction and shrinks Δ tenfold.
///
/// It stops when (the `StopReason`): both the actual and the predicted relative reductions of ‖r‖² are at most
/// `ftol` (`reduction`); Δ ≤ `xtol`·‖D θ‖ (`step`); both (`reductionAndStep`); the largest cosine between r and a
/// column of J is at most `gtol` (`gradient`, also when the residuals are exactly zero). MINPACK's "tolerance too
/// small" endings (the same tests against machine epsilon) are reported as the corresponding reason: no further
/// progress is possible at double precision.
public enum LevenbergMarquardt {
    /// Tolerances and limits; the defaults ask for as much accuracy as double precision gives.
    public struct Options: Sendable, Equatable {
        /// Relative reduction of the sum of squares (actual and predicted) below which the fit has converged.
        public var ftol = 1e-15
        /// Relative size of the trust region (Δ ≤ xtol·‖Dθ‖) below which the fit has converged.
        public var xtol = 1e-15
        /// Largest cosine between the residuals and a column of the Jacobian below which the fit has converged.
        public var gtol = 1e-15
        /// The most iterations (Jacobian evaluations); each is followed by trial steps until one reduces the sum of
        /// squares or a convergence test is met.
        public var maxIterations = 1000

        public init() {}
    }

    /// Why the fit stopped.
    public enum StopReason: Sendable, Equatable, CustomStringConvertible {
        /// The actual and predicted relative reductions of the sum of squares are at most `ftol`.
        case reduction
        /// The trust region is at most `xtol` relative to the scaled parameters.
        case step
        /// Both `reduction` and `step`.
        case reductionAndStep
        /// The residuals are orthogonal to every column of the Jacobian within `gtol` (or are all zero).
        case gradient
        /// `maxIterations` iterations ran without meeting a convergence test.
        case iterationLimit
        /// A later Jacobian, or a step, was not finite; the text says where.
        case nonFinite(String)

        public var description: String {
            switch self {
            case .reduction: "the sum of squares stopped decreasing (relative reduction below ftol)"
            case .step: "the parameters stopped changing (relative step below xtol)"
            case .reductionAndStep:
                "the sum of squares stopped decreasing and the parameters stopped changing (below ftol and xtol)"
            case .gradient: "the residuals are orthogonal to the Jacobian's columns (cosine below gtol)"
            case .iterationLimit: "the iteration limit was reached before convergence"
            case .nonFinite(let what): "stopped because \(what)"
            }
        }
    }

    /// The result of a fit.
    public struct Outcome: Sendable, Equatable {
        /// θ at the end, in `model.parameterNames` order.
        public var parameters: [Double]
        /// Σᵢ rᵢ² at `parameters`.
        public var residualSumOfSquares: Double
        /// Iterations run: Jacobian evaluations (MINPACK's `njev`).
        public var iterations: Int
        /// Residual evaluations, the start included (MINPACK's `nfev`).
        public var evaluations: Int
        public var stopReason: StopReason
        /// True unless the fit stopped at the iteration limit or on a non-finite value.
        public var converged: Bool

        public init(parameters: [Double], residualSumOfSquares: Double, iterations: Int, evaluations: Int,
                    stopReason: StopReason)
        {
            self.parameters = parameters
            self.residualSumOfSquares = residualSumOfSquares
            self.iterations = iterations
            self.evaluations = evaluations
            self.stopReason = stopReason
            switch stopReason {
            case .iterationLimit, .nonFinite: converged = false
            default: converged = true
            }
        }
    }

    /// Trial steps allowed after one Jacobian before giving up (each failure shrinks Δ at least twofold, so the
    /// step test ends the loop long before this).
    static let maxTrialsPerIteration = 2000

    /// Fits `model` to the data from `start`.
    /// - Parameters:
    ///   - model: f(inputs; θ); θ in `model.parameterNames` order, inputs in `model.inputNames` order.
    ///   - inputs: one column per input, each as long as `targets`.
    ///   - targets: y.
    ///   - start: θ₀, finite, one value per parameter.
    /// - Throws: on mismatched shapes, fewer rows than parameters, a model that does not compile, invalid options,
    ///   or residuals or derivatives that are not finite at `start` (naming the first such row).
    public static func fit(_ model: Model, inputs: [[Double]], targets: [Double], start: [Double],
                           options: Options = Options()) throws(LevenbergMarquardtError) -> Outcome
    {
        for (name, value) in [("ftol", options.ftol), ("xtol", options.xtol), ("gtol", options.gtol)]
            where !(value >= 0)
        {
            throw .invalidArgument("\(name) must be zero or positive, not \(value)")
        }
        guard options.maxIterations >= 1 else {
            throw .invalidArgument("maxIterations must be at least 1, not \(options.maxIterations)")
        }
        let stream = try ResidualStream(model, inputs: inputs, targets: targets)
        let n = stream.parameterCount
        guard start.count == n else {
            throw .shapeMismatch("\(start.count) starting value\(start.count == 1 ? "" : "s") for \(n) parameters "
                                 + "(\(model.parameterNames.joined(separator: ", ")))")
        }
        guard n > 0 else { throw .invalidArgument("the model has no parameters to fit") }
        guard stream.rows >= n else { throw .tooFewRows(rows: stream.rows, parameters: n) }
        if let j = start.firstIndex(where: { !$0.isFinite }) {
            throw .invalidArgument("the starting value of \(model.parameterNames[j]) is \(start[j]), not a finite "
                                   + "number")
        }

        let epsmch = Double.ulpOfOne
        let factor = 100.0
        var x = start
        var fnorm: Double
        switch stream.norm(at: x) {
        case .success(let value): fnorm = value
        case .failure(let problem): throw stream.error(problem)
        }
        var evaluations = 1
        var iterations = 0
        var successes = 0
        var par = 0.0, delta = 0.0, xnorm = 0.0
        var diag = [Double](repeating: 1, count: n)

        func outcome(_ reason: StopReason) -> Outcome {
            Outcome(parameters: x, residualSumOfSquares: fnorm * fnorm, iterations: iterations,
                    evaluations: evaluations, stopReason: reason)
        }

        while true {
            if iterations >= options.maxIterations { return outcome(.iterationLimit) }
            // The Jacobian, reduced to R and Qᵀr, then factored with pivoting.
            let factored: (qr: StreamedQR, norm: Double)
            switch stream.factor(at: x) {
            case .success(let value): factored = value
            case .failure(let problem):
                if iterations == 0 { throw stream.error(problem) }
                return outcome(.nonFinite(stream.error(problem).description + " at the accepted parameters"))
            }
            iterations += 1
            var vectors = [factored.qr.qtb]
            let pivoted = PivotedQR(factored.qr.r, n: n, applyingTo: &vectors)
            let qtf = vectors[0]
            let acnorm = pivoted.columnNorms
            let perm = pivoted.permutation

            if iterations == 1 {
                for j in 0..<n { diag[j] = acnorm[j] == 0 ? 1 : acnorm[j] }
                xnorm = StreamedQR.norm((0..<n).map { diag[$0] * x[$0] })
                delta = factor * xnorm
                if delta == 0 { delta = factor }
            }

            // The scaled gradient: the largest cosine between r and a column of J.
            var gnorm = 0.0
            if fnorm != 0 {
                for j in 0..<n where acnorm[perm[j]] != 0 {
                    var sum = 0.0
                    for i in 0...j { sum += pivoted[i, j] * (qtf[i] / fnorm) }
                    gnorm = max(gnorm, Swift.abs(sum / acnorm[perm[j]]))
                }
            }
            if gnorm <= options.gtol { return outcome(.gradient) }
            for j in 0..<n { diag[j] = max(diag[j], acnorm[j]) }

            var subproblem = TrustRegionStep(pivoted)
            var trials = 0
            var ratio = 0.0
            repeat {
                trials += 1
                let direction = subproblem.step(diag: diag, qtb: qtf, delta: delta, par: &par)
                let step = direction.map { -$0 }
                let trial = (0..<n).map { x[$0] + step[$0] }
                let pnorm = StreamedQR.norm((0..<n).map { diag[$0] * step[$0] })
                guard pnorm.isFinite else { return outcome(.nonFinite("the Levenberg–Marquardt step is not finite")) }
                if successes == 0 { delta = min(delta, pnorm) }

                var fnorm1 = Double.infinity
                if trial.allSatisfy(\.isFinite) {
                    evaluations += 1
                    if case .success(let value) = stream.norm(at: trial), value.isFinite { fnorm1 = value }
                }

                // Actual and predicted reductions, relative to ‖r‖².
                var actred = -1.0
                if 0.1 * fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
                let jp = subproblem.multiplyR(step)
                let temp1 = StreamedQR.norm(jp) / fnorm
                let temp2 = par.squareRoot() * pnorm / fnorm
                let prered = temp1 * temp1 + temp2 * temp2 / 0.5
                let dirder = -(temp1 * temp1 + temp2 * temp2)
                ratio = prered != 0 ? actred / prered : 0

                // Trust-region update.
                if ratio <= 0.25 {
                    var temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred)
                    if 0.1 * fnorm1 >= fnorm || temp < 0.1 { temp = 0.1 }
                    delta = temp * min(delta, pnorm / 0.1)
                    par /= temp
                } else if par == 0 || ratio >= 0.75 {
                    delta = pnorm / 0.5
                    par *= 0.5
                }

                if ratio >= 1e-4 {
                    x = trial
                    xnorm = StreamedQR.norm((0..<n).map { diag[$0] * x[$0] })
                    fnorm = fnorm1
                    successes += 1
                }

                let reduced = Swift.abs(actred) <= options.ftol && prered <= options.ftol && 0.5 * ratio <= 1
                let small = delta <= options.xtol * xnorm
                if reduced && small { return outcome(.reductionAndStep) }
                if reduced { return outcome(.reduction) }
                if small { return outcome(.step) }
                // MINPACK's "tolerance too small" endings: nothing more can be gained in double precision.
                if Swift.abs(actred) <= epsmch && prered <= epsmch && 0.5 * ratio <= 1 { return outcome(.reduction) }
                if delta <= epsmch * xnorm { return outcome(.step) }
                if gnorm <= epsmch { return outcome(.gradient) }
                if trials >= maxTrialsPerIteration { return outcome(.iterationLimit) }
            } while ratio < 1e-4
        }
    }
}
