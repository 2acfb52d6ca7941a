/// Errors from the least-squares solver.
public enum LeastSquaresError: Error, Equatable, CustomStringConvertible {
    case shapeMismatch(rows: Int, targets: Int)
    case underdetermined(rows: Int, columns: Int)
    /// Column `column` is (numerically) a combination of the others.
    case rankDeficient(column: Int)

    public var description: String {
        switch self {
        case .shapeMismatch(let r, let t): "design matrix has \(r) rows but there are \(t) targets"
        case .underdetermined(let r, let c): "\(r) data points cannot determine \(c) parameters; supply at least \(c)"
        case .rankDeficient(let c):
            "the least-squares problem is rank deficient: parameter \(c + 1) is not determined by the data"
        }
    }
}

/// Linear least squares min‖Aθ − y‖₂ by Householder QR with column scaling (never the normal equations).
public enum LeastSquares {
    /// Solves for θ.
    /// - Parameters:
    ///   - columns: the design matrix A as its columns (each of length m).
    ///   - targets: y (length m).
    public static func solve(columns: [[Double]], targets: [Double]) throws(LeastSquaresError) -> [Double] {
        let n = columns.count
        let m = targets.count
        guard columns.allSatisfy({ $0.count == m }) else {
            throw .shapeMismatch(rows: columns.first?.count ?? 0, targets: m)
        }
        guard m >= n, n > 0 else { throw .underdetermined(rows: m, columns: n) }

        // Scale each column to unit 2-norm so badly scaled problems (x ~ 1e6, x² ~ 1e12) keep their digits.
        var a = columns
        var scale = [Double](repeating: 1, count: n)
        for j in 0..<n {
            let norm = euclideanNorm(a[j][...])
            guard norm > 0, norm.isFinite else { throw .rankDeficient(column: j) }
            scale[j] = norm
            for i in 0..<m { a[j][i] /= norm }
        }
        var b = targets

        // Householder QR, column-major: for each k reflect rows k..<m of columns k..<n and of b.
        var diagonal = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let alpha = euclideanNorm(a[k][k...])
            guard alpha > 1e-13 else { throw .rankDeficient(column: k) }
            let r = a[k][k] > 0 ? -alpha : alpha
            // v = x − r·e₁, stored in a[k][k...]; H = I − 2vvᵀ/(vᵀv).
            a[k][k] -= r
            let v = Array(a[k][k..<m])
            var vtv = 0.0
            for e in v { vtv += e * e }
            func reflect(_ c: inout [Double]) {
                var dot = 0.0
                for i in k..<m { dot += v[i - k] * c[i] }
                let f = 2 * dot / vtv
                for i in k..<m { c[i] -= f * v[i - k] }
            }
            for j in (k + 1)..<n { reflect(&a[j]) }
            reflect(&b)
            diagonal[k] = r
        }

        // Back substitution R z = Qᵀb, then undo the scaling.
        var z = [Double](repeating: 0, count: n)
        for k in stride(from: n - 1, through: 0, by: -1) {
            var s = b[k]
            for j in (k + 1)..<n { s -= a[j][k] * z[j] }
            z[k] = s / diagonal[k]
        }
        return (0..<n).map { z[$0] / scale[$0] }
    }

    /// ‖v‖₂ computed with scaling against overflow and underflow.
    static func euclideanNorm(_ v: ArraySlice<Double>) -> Double {
        let biggest = v.reduce(0) { max($0, Swift.abs($1)) }
        guard biggest > 0, biggest.isFinite else { return biggest }
        var s = 0.0
        for e in v { let t = e / biggest; s += t * t }
        return biggest * s.squareRoot()
    }
}
