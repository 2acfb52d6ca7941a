import Training

/// The minimiser of the MSE over the parameters off a landscape's plane, for a model linear in its parameters: at a
/// grid point (u, v) of the plane's two parameters the best values of the others are `intercept + u·slopeX +
/// v·slopeY`, from three least-squares solves with one QR factorisation. The landscape then shows the loss's profile
/// — the valley floor passes through the least-squares optimum — rather than a slice at the final values, which for
/// the seed problem cuts the narrow valley away from the optimum.
struct LandscapeProfile {
    /// The parameters minimised over (indices into the model's parameters), and their best values' coefficients.
    let others: [Int]
    let intercept: [Double]
    let slopeX: [Double]
    let slopeY: [Double]

    /// Nil unless `model` is linear in its parameters, there are parameters off the plane and the solves succeed.
    init?(model: Model, inputs: [[Double]], y: [Double], parameterCount: Int, x ix: Int, y iy: Int) {
        let others = (0..<parameterCount).filter { $0 != ix && $0 != iy }
        guard !others.isEmpty, ParameterDependence(of: model.formula) == .linear, !y.isEmpty else { return nil }
        // f(θ) = f(0) + Σ θⱼ·gⱼ: the columns from predictions at 0 and at each unit vector.
        func predict(_ theta: [Double]) -> [Double]? { try? model.predict(inputs: inputs, parameters: theta) }
        let zero = [Double](repeating: 0, count: parameterCount)
        guard let f0 = predict(zero) else { return nil }
        func column(_ j: Int) -> [Double]? {
            var unit = zero
            unit[j] = 1
            return predict(unit).map { zip($0, f0).map { $0 - $1 } }
        }
        guard let gx = column(ix), let gy = column(iy) else { return nil }
        var basis: [[Double]] = []
        for j in others {
            guard let g = column(j) else { return nil }
            basis.append(g)
        }
        guard let qr = ThinQR(basis) else { return nil }
        let target = zip(y, f0).map { $0 - $1 }
        // Others* = argmin ‖target − u·gx − v·gy − G·θ‖ = solve(target) − u·solve(gx) − v·solve(gy).
        intercept = qr.solve(target)
        slopeX = qr.solve(gx).map { -$0 }
        slopeY = qr.solve(gy).map { -$0 }
        guard (intercept + slopeX + slopeY).allSatisfy(\.isFinite) else { return nil }
        self.others = others
    }

    /// Sets the other parameters of `theta` to their best values at (`u`, `v`).
    func fill(_ theta: inout [Double], u: Double, v: Double) {
        for (k, j) in others.enumerated() { theta[j] = intercept[k] + u * slopeX[k] + v * slopeY[k] }
    }
}

/// A thin QR factorisation of a few columns by modified Gram–Schmidt with one reorthogonalisation pass, for small
/// least-squares solves.
struct ThinQR {
    private var q: [[Double]]
    private var r: [[Double]]

    /// Nil when the columns are (numerically) dependent or not finite.
    init?(_ columns: [[Double]]) {
        let m = columns.count
        var q: [[Double]] = []
        var r = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for (k, column) in columns.enumerated() {
            var v = column
            let original = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
            for _ in 0..<2 {
                for (i, qi) in q.enumerated() {
                    let dot = zip(qi, v).reduce(0) { $0 + $1.0 * $1.1 }
                    r[i][k] += dot
                    for t in v.indices { v[t] -= dot * qi[t] }
                }
            }
            let norm = (v.reduce(0) { $0 + $1 * $1 }).squareRoot()
            guard norm.isFinite, original > 0, norm > 1e-12 * original else { return nil }
            r[k][k] = norm
            q.append(v.map { $0 / norm })
        }
        self.q = q
        self.r = r
    }

    /// The least-squares solution of Q·R·β = b.
    func solve(_ b: [Double]) -> [Double] {
        let m = q.count
        var beta = q.map { qi in zip(qi, b).reduce(0) { $0 + $1.0 * $1.1 } }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for j in (i + 1)..<max(m, i + 1) { beta[i] -= r[i][j] * beta[j] }
            beta[i] /= r[i][i]
        }
        return beta
    }
}
