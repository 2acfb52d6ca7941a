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
///
/// Rows are processed in blocks (TSQR): each block is stacked under the R factor so far and reduced by Householder
/// reflections, keeping only R (n×n) and Qᵀy (n). Memory is O(block × n) however many rows there are, and the
/// result is that of one Householder QR of the whole column-scaled matrix.
public enum LeastSquares {
    /// Rows per block.
    public static let blockRows = 8192

    /// Solves for θ.
    /// - Parameters:
    ///   - columns: the design matrix A as its columns (each of length m).
    ///   - targets: y (length m).
    public static func solve(columns: [[Double]], targets: [Double]) throws(LeastSquaresError) -> [Double] {
        guard columns.allSatisfy({ $0.count == targets.count }) else {
            throw .shapeMismatch(rows: columns.first?.count ?? 0, targets: targets.count)
        }
        return try solve(rows: targets.count, columnCount: columns.count) { range in
            (columns.map { Array($0[range]) }, Array(targets[range]))
        }
    }

    /// Solves for θ with the design produced block by block: `block(range)` returns the columns of A and the
    /// targets for rows `range`. It is called twice per block (column norms first, then the reduction).
    public static func solve(rows m: Int, columnCount n: Int,
                             block: (Range<Int>) throws -> (columns: [[Double]], targets: [Double]))
        throws(LeastSquaresError) -> [Double]
    {
        guard m >= n, n > 0 else { throw .underdetermined(rows: m, columns: n) }
        func blocks() -> [Range<Int>] {
            stride(from: 0, to: m, by: blockRows).map { $0..<min($0 + blockRows, m) }
        }
        func design(_ range: Range<Int>) throws(LeastSquaresError) -> (columns: [[Double]], targets: [Double]) {
            let d: (columns: [[Double]], targets: [Double])
            do {
                d = try block(range)
            } catch {
                throw .shapeMismatch(rows: 0, targets: range.count)
            }
            guard d.columns.count == n, d.columns.allSatisfy({ $0.count == range.count }),
                  d.targets.count == range.count
            else { throw .shapeMismatch(rows: d.columns.first?.count ?? 0, targets: d.targets.count) }
            return d
        }

        // Pass 1: column norms, for scaling every column to unit length.
        var norms = [NormAccumulator](repeating: NormAccumulator(), count: n)
        for range in blocks() {
            let d = try design(range)
            for j in 0..<n { norms[j].add(d.columns[j]) }
        }
        var scale = [Double](repeating: 1, count: n)
        for j in 0..<n {
            let norm = norms[j].value
            guard norm > 0, norm.isFinite else { throw .rankDeficient(column: j) }
            scale[j] = norm
        }

        // Pass 2: reduce [R; block] by Householder reflections, block after block.
        var r = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)  // r[j][i] = R[i][j]
        var z = [Double](repeating: 0, count: n)
        for range in blocks() {
            let d = try design(range)
            var a = (0..<n).map { (j: Int) -> [Double] in r[j] + d.columns[j].map { (v: Double) -> Double in v / scale[j] } }
            var b = z + d.targets
            let rows = n + range.count
            var diagonal = [Double](repeating: 0, count: n)
            for k in 0..<n {
                let alpha = euclideanNorm(a[k][k..<rows])
                if alpha == 0 { continue }  // nothing below the diagonal; R[k][k] stays 0 for now
                let rkk = a[k][k] > 0 ? -alpha : alpha
                a[k][k] -= rkk
                let v = Array(a[k][k..<rows])
                var vtv = 0.0
                for e in v { vtv += e * e }
                func reflect(_ c: inout [Double]) {
                    var dot = 0.0
                    for i in k..<rows { dot += v[i - k] * c[i] }
                    let f = 2 * dot / vtv
                    for i in k..<rows { c[i] -= f * v[i - k] }
                }
                for j in (k + 1)..<n { reflect(&a[j]) }
                reflect(&b)
                diagonal[k] = rkk
            }
            for j in 0..<n {
                for i in 0..<n { r[j][i] = i < j ? a[j][i] : (i == j ? diagonal[j] : 0) }
            }
            z = Array(b[0..<n])
        }

        // Back substitution R w = Qᵀy, then undo the scaling.
        for k in 0..<n where !(abs(r[k][k]) > 1e-13) { throw .rankDeficient(column: k) }
        var w = [Double](repeating: 0, count: n)
        for k in stride(from: n - 1, through: 0, by: -1) {
            var s = z[k]
            for j in (k + 1)..<n { s -= r[j][k] * w[j] }
            w[k] = s / r[k][k]
        }
        return (0..<n).map { w[$0] / scale[$0] }
    }

    /// A 2-norm accumulated over pieces, scaled against overflow and underflow (as LAPACK's dnrm2).
    struct NormAccumulator {
        var scale = 0.0
        var sumOfSquares = 1.0

        mutating func add(_ values: [Double]) {
            for v in values where v != 0 {
                let a = abs(v)
                guard a.isFinite else { scale = .infinity; continue }
                if scale < a {
                    sumOfSquares = 1 + sumOfSquares * (scale / a) * (scale / a)
                    scale = a
                } else {
                    sumOfSquares += (a / scale) * (a / scale)
                }
            }
        }

        var value: Double { scale == 0 ? 0 : scale * sumOfSquares.squareRoot() }
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
