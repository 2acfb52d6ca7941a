/// Householder QR of a tall matrix A (m×n) and Qᵀb, accumulated over blocks of rows (TSQR), as `LeastSquares`
/// does: each block is stacked under the R so far and reduced by Householder reflections, so memory is
/// O(block × n) however many rows there are, and the result is that of one Householder QR of the whole matrix
/// (up to the signs of R's rows).
///
/// The reflections exploit the structure of [R; block]: reflection k touches row k of R and the block's rows only
/// (R's rows below k are zero in column k), so a block of b rows costs about 2·b·n² flops.
struct StreamedQR {
    /// Columns n.
    let n: Int
    /// R, column-major: `r[j * n + i]` = R[i][j] (zero below the diagonal).
    private(set) var r: [Double]
    /// The first n entries of Qᵀb.
    private(set) var qtb: [Double]
    /// Rows folded in so far.
    private(set) var rows = 0

    init(columns n: Int) {
        self.n = n
        r = [Double](repeating: 0, count: n * n)
        qtb = [Double](repeating: 0, count: n)
    }

    /// R[i][j].
    subscript(i: Int, j: Int) -> Double { r[j * n + i] }

    /// Folds in one block of rows: `columns[j]` is column j of A over the block, `rhs` b over the block (`rhs` is
    /// overwritten: it is scratch afterwards).
    mutating func add(columns: [[Double]], rhs: inout [Double]) {
        precondition(columns.count == n && columns.allSatisfy { $0.count == rhs.count })
        let m = rhs.count
        rows += m
        guard m > 0 else { return }
        let n = self.n
        var block = [Double](repeating: 0, count: m * n)  // column-major copy of the block
        block.withUnsafeMutableBufferPointer { copy in
            for j in 0..<n { for i in 0..<m { copy[j * m + i] = columns[j][i] } }
        }
        r.withUnsafeMutableBufferPointer { r in
            qtb.withUnsafeMutableBufferPointer { z in
                rhs.withUnsafeMutableBufferPointer { b in
                    block.withUnsafeMutableBufferPointer { a in
                        for k in 0..<n {
                            let ak = a.baseAddress! + k * m
                            let sigma = StreamedQR.norm(UnsafeBufferPointer(start: ak, count: m))
                            guard sigma > 0 else { continue }  // nothing to eliminate in this block
                            let rkk = r[k * n + k]
                            let alpha = StreamedQR.hypot(rkk, sigma)
                            let beta = rkk > 0 ? -alpha : alpha
                            let v0 = rkk - beta
                            // vᵀv = v0² + σ² = 2α(α + |rkk|), without overflow in the squares.
                            let vtv = 2 * alpha * (alpha + Swift.abs(rkk))
                            for j in (k + 1)..<n {
                                let aj = a.baseAddress! + j * m
                                var dot = v0 * r[j * n + k]
                                for i in 0..<m { dot += ak[i] * aj[i] }
                                let f = 2 * dot / vtv
                                r[j * n + k] -= f * v0
                                for i in 0..<m { aj[i] -= f * ak[i] }
                            }
                            var dot = v0 * z[k]
                            for i in 0..<m { dot += ak[i] * b[i] }
                            let f = 2 * dot / vtv
                            z[k] -= f * v0
                            for i in 0..<m { b[i] -= f * ak[i] }
                            r[k * n + k] = beta
                        }
                    }
                }
            }
        }
    }

    /// ‖v‖₂ with scaling against overflow and underflow only when the plain sum of squares needs it.
    static func norm(_ v: UnsafeBufferPointer<Double>) -> Double {
        var s = 0.0
        for e in v { s += e * e }
        if s.isFinite && s > 1e-280 { return s.squareRoot() }
        var biggest = 0.0
        for e in v { biggest = max(biggest, Swift.abs(e)) }
        guard biggest > 0, biggest.isFinite else { return biggest.isNaN ? .nan : biggest }
        s = 0
        for e in v { let t = e / biggest; s += t * t }
        return biggest * s.squareRoot()
    }

    /// √(a² + b²) without overflow or underflow.
    static func hypot(_ a: Double, _ b: Double) -> Double {
        let x = Swift.abs(a), y = Swift.abs(b)
        let big = max(x, y), small = min(x, y)
        guard big > 0, big.isFinite else { return big }
        let t = small / big
        return big * (1 + t * t).squareRoot()
    }

    /// ‖v‖₂ of an array.
    static func norm(_ v: [Double]) -> Double { v.withUnsafeBufferPointer { norm($0) } }
}

/// Householder QR with column pivoting of a small square matrix (the R of a `StreamedQR`): A·P = Q₂·R₂ with
/// |R₂[0][0]| ≥ |R₂[1][1]| ≥ …, as MINPACK's `qrfac` with pivoting. Column norms of the remaining rows are
/// recomputed at each step (n is small), so no norm downdating is needed.
struct PivotedQR {
    let n: Int
    /// R₂, column-major n×n (zero below the diagonal): `r[j * n + i]` = R₂[i][j].
    var r: [Double]
    /// Column j of A·P is column `permutation[j]` of A.
    var permutation: [Int]
    /// ‖column j of A‖ (original order).
    var columnNorms: [Double]

    /// Factors A (column-major n×n, `a[j * n + i]` = A[i][j]) and applies Q₂ᵀ to each vector in `vectors`.
    init(_ a: [Double], n: Int, applyingTo vectors: inout [[Double]]) {
        self.n = n
        var a = a
        var perm = Array(0..<n)
        var norms = [Double](repeating: 0, count: n)
        for j in 0..<n { norms[j] = StreamedQR.norm(Array(a[(j * n)..<(j * n + n)])) }
        columnNorms = norms
        for k in 0..<n {
            // Pivot: the remaining column with the largest norm below row k.
            var best = k, bestNorm = -1.0
            for j in k..<n {
                let c = StreamedQR.norm(Array(a[(j * n + k)..<(j * n + n)]))
                if c > bestNorm { bestNorm = c; best = j }
            }
            if best != k {
                for i in 0..<n { a.swapAt(k * n + i, best * n + i) }
                perm.swapAt(k, best)
            }
            let alpha = bestNorm
            guard alpha > 0 else { continue }
            let akk = a[k * n + k]
            let beta = akk > 0 ? -alpha : alpha
            // v = (a[k] − β, a[k+1], …, a[n−1]); vᵀv = 2α(α + |akk|).
            a[k * n + k] = akk - beta
            let vtv = 2 * alpha * (alpha + Swift.abs(akk))
            func reflect(_ c: inout [Double], base: Int) {
                var dot = 0.0
                for i in k..<n { dot += a[k * n + i] * c[base + i] }
                let f = 2 * dot / vtv
                for i in k..<n { c[base + i] -= f * a[k * n + i] }
            }
            for j in (k + 1)..<n {
                var dot = 0.0
                for i in k..<n { dot += a[k * n + i] * a[j * n + i] }
                let f = 2 * dot / vtv
                for i in k..<n { a[j * n + i] -= f * a[k * n + i] }
            }
            for v in vectors.indices { reflect(&vectors[v], base: 0) }
            a[k * n + k] = beta
            for i in (k + 1)..<n { a[k * n + i] = 0 }
        }
        r = a
        permutation = perm
    }

    /// R₂[i][j].
    subscript(i: Int, j: Int) -> Double { r[j * n + i] }
}
