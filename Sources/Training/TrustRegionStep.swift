/// The Levenberg–Marquardt step for a trust region, on the small pivoted factor of the Jacobian: MINPACK's `lmpar`
/// and `qrsolv` (Moré 1978), written from their published description.
///
/// Given J·P = Q·R (R n×n upper triangular with non-increasing diagonal, P a permutation), the scaling D and Qᵀr,
/// `step` finds λ ≥ 0 ("par") such that x solving min ‖J x − r‖² + λ‖D x‖² has ‖D x‖ within 10 % of Δ (or λ = 0
/// when the Gauss–Newton step is already inside), by the safeguarded Newton iteration of Moré's paper (at most ten
/// solves). Every solve is an n×n Givens elimination of √λ·D against R; nothing m-sized is touched.
struct TrustRegionStep {
    let n: Int
    /// Column-major n×n: the upper triangle (with diagonal) is R and is never changed; the strict lower triangle is
    /// scratch for the factor S of `qrsolv` (Pᵀ(JᵀJ + λD²)P = SᵀS), stored transposed.
    private var r: [Double]
    /// Column j of J·P is column `pivot[j]` of J.
    let pivot: [Int]

    init(_ factor: PivotedQR) {
        n = factor.n
        r = factor.r
        pivot = factor.permutation
    }

    /// R[i][j] for i ≤ j; S's strict upper triangle (transposed) for i > j.
    @inline(__always) private func at(_ i: Int, _ j: Int) -> Double { r[j * n + i] }

    /// Rx for x in the original (unpivoted) order: Σⱼ R[i][j]·x[pivot[j]].
    func multiplyR(_ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        for j in 0..<n {
            let t = x[pivot[j]]
            for i in 0...j { out[i] += at(i, j) * t }
        }
        return out
    }

    /// The Levenberg–Marquardt solution x of J x ≈ r, √λ·D x ≈ 0 with ‖D x‖ ≈ Δ (`lmpar`). `par` is λ: read as the
    /// starting guess, written with the value used. The returned x is the negative of the step.
    mutating func step(diag: [Double], qtb: [Double], delta: Double, par: inout Double) -> [Double] {
        let dwarf = Double.leastNormalMagnitude
        // Gauss–Newton direction; a least-squares solution when R is singular.
        var wa1 = qtb
        var nsing = n
        for j in 0..<n {
            if at(j, j) == 0 && nsing == n { nsing = j }
            if nsing < n { wa1[j] = 0 }
        }
        for j in stride(from: nsing - 1, through: 0, by: -1) {
            wa1[j] /= at(j, j)
            let t = wa1[j]
            for i in 0..<j { wa1[i] -= at(i, j) * t }
        }
        var x = [Double](repeating: 0, count: n)
        for j in 0..<n { x[pivot[j]] = wa1[j] }

        var wa2 = (0..<n).map { diag[$0] * x[$0] }
        var dxnorm = StreamedQR.norm(wa2)
        var fp = dxnorm - delta
        if fp <= 0.1 * delta {
            par = 0
            return x
        }

        // Lower bound from the Newton step (zero when R is singular), upper bound from the gradient.
        var parl = 0.0
        if nsing >= n {
            for j in 0..<n { wa1[j] = diag[pivot[j]] * (wa2[pivot[j]] / dxnorm) }
            for j in 0..<n {
                var sum = 0.0
                for i in 0..<j { sum += at(i, j) * wa1[i] }
                wa1[j] = (wa1[j] - sum) / at(j, j)
            }
            let t = StreamedQR.norm(wa1)
            parl = ((fp / delta) / t) / t
        }
        for j in 0..<n {
            var sum = 0.0
            for i in 0...j { sum += at(i, j) * qtb[i] }
            wa1[j] = sum / diag[pivot[j]]
        }
        let gnorm = StreamedQR.norm(wa1)
        var paru = gnorm / delta
        if paru == 0 { paru = dwarf / min(delta, 0.1) }
        par = min(max(par, parl), paru)
        if par == 0 { par = gnorm / dxnorm }

        var iterations = 0
        while true {
            iterations += 1
            if par == 0 { par = max(dwarf, 0.001 * paru) }
            let root = par.squareRoot()
            let (solution, sdiag) = solve(diag: diag.map { root * $0 }, qtb: qtb)
            x = solution
            for j in 0..<n { wa2[j] = diag[j] * x[j] }
            dxnorm = StreamedQR.norm(wa2)
            let previous = fp
            fp = dxnorm - delta
            if Swift.abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iterations == 10 {
                break
            }
            // Newton correction of λ.
            for j in 0..<n { wa1[j] = diag[pivot[j]] * (wa2[pivot[j]] / dxnorm) }
            for j in 0..<n {
                wa1[j] /= sdiag[j]
                let t = wa1[j]
                if j + 1 < n { for i in (j + 1)..<n { wa1[i] -= at(i, j) * t } }
            }
            let t = StreamedQR.norm(wa1)
            let parc = ((fp / delta) / t) / t
            if fp > 0 { parl = max(parl, par) }
            if fp < 0 { paru = min(paru, par) }
            par = max(parl, par + parc)
        }
        return x
    }

    /// Least-squares solution of [R; D]·z = [Qᵀr; 0] in the pivoted order, by Givens rotations that eliminate D
    /// (`qrsolv`); returns x = P·z and the diagonal of S. R's upper triangle is restored afterwards.
    private mutating func solve(diag: [Double], qtb: [Double]) -> (x: [Double], sdiag: [Double]) {
        var x = [Double](repeating: 0, count: n)
        var wa = qtb
        var sdiag = [Double](repeating: 0, count: n)
        // Copy R's rows into the lower triangle (that becomes S transposed) and keep its diagonal.
        for j in 0..<n {
            for i in j..<n { r[j * n + i] = r[i * n + j] }
            x[j] = r[j * n + j]
        }
        for j in 0..<n {
            let d = diag[pivot[j]]
            if d != 0 {
                for k in j..<n { sdiag[k] = 0 }
                sdiag[j] = d
                // Rotations eliminate row j of D; they only touch Qᵀr entries j… and an extra one, qtbpj.
                var qtbpj = 0.0
                for k in j..<n where sdiag[k] != 0 {
                    let rkk = r[k * n + k]
                    let sin: Double, cos: Double
                    if Swift.abs(rkk) < Swift.abs(sdiag[k]) {
                        let cotan = rkk / sdiag[k]
                        sin = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                        cos = sin * cotan
                    } else {
                        let tan = sdiag[k] / rkk
                        cos = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                        sin = cos * tan
                    }
                    r[k * n + k] = cos * rkk + sin * sdiag[k]
                    let t = cos * wa[k] + sin * qtbpj
                    qtbpj = -sin * wa[k] + cos * qtbpj
                    wa[k] = t
                    if k + 1 < n {
                        for i in (k + 1)..<n {
                            let u = cos * r[k * n + i] + sin * sdiag[i]
                            sdiag[i] = -sin * r[k * n + i] + cos * sdiag[i]
                            r[k * n + i] = u
                        }
                    }
                }
            }
            sdiag[j] = r[j * n + j]
            r[j * n + j] = x[j]
        }
        // Solve S z = wa; a least-squares solution if S is singular.
        var nsing = n
        for j in 0..<n {
            if sdiag[j] == 0 && nsing == n { nsing = j }
            if nsing < n { wa[j] = 0 }
        }
        for j in stride(from: nsing - 1, through: 0, by: -1) {
            var sum = 0.0
            if j + 1 < nsing { for i in (j + 1)..<nsing { sum += r[j * n + i] * wa[i] } }
            wa[j] = (wa[j] - sum) / sdiag[j]
        }
        for j in 0..<n { x[pivot[j]] = wa[j] }
        return (x, sdiag)
    }
}
