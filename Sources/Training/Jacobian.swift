extension Evaluator {
    /// The program's output and its exact Jacobian with respect to the parameters at every row of `rows`.
    ///
    /// Rows are run forward block by block exactly as `evaluate` does; then one reverse sweep per block, with each
    /// lane's output adjoint seeded with 1, leaves ∂f/∂θⱼ of every lane in the adjoint of parameter j — the same
    /// sweep as `sumAndGradient`, reading the parameter adjoints lane by lane instead of summing them. So the rows
    /// of the Jacobian add up to the gradient of Σᵢ f(rowᵢ), and nothing is approximated.
    ///
    /// Memory is O(`rows.count` × parameters): stream a long data set through it a range of rows at a time.
    ///
    /// - Parameters:
    ///   - columns: one array per variable, in `program.variableNames` order (as for `evaluate`).
    ///   - parameters: values in `program.parameterNames` order.
    ///   - rows: the rows to evaluate; must lie within the columns.
    /// - Returns: `values[i]`, the output at row `rows.lowerBound + i`, and `jacobian[j][i]`, ∂f/∂θⱼ there: one
    ///   array per parameter (column-major), each of `rows.count` entries. A parameter the output does not depend on
    ///   has a column of zeros.
    public func valuesAndJacobian(columns: [[Double]], parameters: [Double], rows: Range<Int>)
        -> (values: [Double], jacobian: [[Double]])
    {
        precondition(columns.allSatisfy { rows.upperBound <= $0.count }, "rows \(rows) lie outside the columns")
        precondition(parameters.count == program.parameterNames.count, "one value per parameter expected")
        let count = rows.count
        var out = [Double](repeating: 0, count: count)
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: count), count: parameters.count)
        var start = rows.lowerBound
        while start < rows.upperBound {
            let n = min(blockSize, rows.upperBound - start)
            forward(columns: columns, parameters: parameters, start: start, count: n)
            laneSweep(count: n, offset: start - rows.lowerBound, outputs: &out, jacobian: &jacobian)
            start += n
        }
        return (out, jacobian)
    }

    /// The program's output at every row of `rows` (forward only), as `evaluate` computes it.
    func values(columns: [[Double]], parameters: [Double], rows: Range<Int>) -> [Double] {
        var out = [Double](repeating: 0, count: rows.count)
        let last = program.instructions.count - 1
        var start = rows.lowerBound
        while start < rows.upperBound {
            let n = min(blockSize, rows.upperBound - start)
            forward(columns: columns, parameters: parameters, start: start, count: n)
            let o = start - rows.lowerBound
            for lane in 0..<n { out[o + lane] = values[last * blockSize + lane] }
            start += n
        }
        return out
    }

    /// After `forward` over `n` lanes: copies the outputs to `out[offset...]`, sweeps the instructions in reverse
    /// with every lane's output adjoint seeded with 1, and writes each parameter's per-lane adjoints to
    /// `jacobian[p][offset...]`.
    private func laneSweep(count n: Int, offset: Int, outputs out: inout [Double], jacobian: inout [[Double]]) {
        let bs = blockSize
        let insts = program.instructions
        let needs = program.dependsOnParameters
        let last = insts.count - 1
        values.withUnsafeBufferPointer { v in
            adjoints.withUnsafeMutableBufferPointer { adj in
                for l in 0..<n { out[offset + l] = v[last * bs + l] }
                guard needs[last] else { return }
                for i in 0...last where needs[i] { for l in 0..<n { adj[i * bs + l] = 0 } }
                for l in 0..<n { adj[last * bs + l] = 1 }
                for i in stride(from: last, through: 0, by: -1) where needs[i] {
                    let o = i * bs
                    switch insts[i] {
                    case .constant, .variable: break
                    case .parameter(let p):
                        jacobian[p].withUnsafeMutableBufferPointer { column in
                            for l in 0..<n { column[offset + l] += adj[o + l] }
                        }
                    case .square(let a):
                        let oa = a * bs
                        for l in 0..<n { adj[oa + l] += adj[o + l] * 2 * v[oa + l] }
                    case .unary(let op, let a):
                        let oa = a * bs
                        switch op {
                        // The common rules with the switch out of the lane loop; the same products as
                        // `derivative` (exp′ = the result, neg′ = −1), so the same bits.
                        case .exp: for l in 0..<n { adj[oa + l] += adj[o + l] * v[o + l] }
                        case .neg: for l in 0..<n { adj[oa + l] += adj[o + l] * -1 }
                        default:
                            for l in 0..<n { adj[oa + l] += adj[o + l] * op.derivative(v[oa + l], result: v[o + l]) }
                        }
                    case .binary(let op, let a, let b):
                        let oa = a * bs, ob = b * bs
                        let na = needs[a], nb = needs[b]
                        switch op {
                        // As `partials` gives them — (1, 1), (1, −1), (b, a) — multiplied the same way.
                        case .add:
                            if na { for l in 0..<n { adj[oa + l] += adj[o + l] * 1 } }
                            if nb { for l in 0..<n { adj[ob + l] += adj[o + l] * 1 } }
                        case .sub:
                            if na { for l in 0..<n { adj[oa + l] += adj[o + l] * 1 } }
                            if nb { for l in 0..<n { adj[ob + l] += adj[o + l] * -1 } }
                        case .mul:
                            if na { for l in 0..<n { adj[oa + l] += adj[o + l] * v[ob + l] } }
                            if nb { for l in 0..<n { adj[ob + l] += adj[o + l] * v[oa + l] } }
                        default:
                            for l in 0..<n {
                                let (da, db) = op.partials(v[oa + l], v[ob + l], result: v[o + l])
                                if na { adj[oa + l] += adj[o + l] * da }
                                if nb { adj[ob + l] += adj[o + l] * db }
                            }
                        }
                    }
                }
            }
        }
    }
}
