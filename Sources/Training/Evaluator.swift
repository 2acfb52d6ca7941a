/// Runs a `Program` over columns of data, forward for values and backward (one reverse sweep) for the gradient
/// with respect to the parameters. Holds its scratch buffers, so repeated calls (one per epoch) do not allocate.
///
/// This is the straightforward reference path, kept simple on purpose: predictions, data generation and tests use
/// it, and `ObjectiveKernel` (the training fast path) is checked against it.
///
/// Points are processed in blocks of `blockSize`: each instruction runs over a whole block before the next one,
/// and sums are accumulated block by block in a fixed order, so results do not depend on how work is split.
public final class Evaluator {
    public let program: Program
    public let blockSize: Int
    /// Per-instruction values of the current block (instruction i at `i * blockSize`); read by the Jacobian sweep.
    var values: [Double]
    /// Per-instruction adjoints of the current block, laid out as `values`.
    var adjoints: [Double]
    private var gradient: [Double]

    public init(_ program: Program, blockSize: Int = 256) {
        self.program = program
        self.blockSize = blockSize
        values = Array(repeating: 0, count: program.instructions.count * blockSize)
        adjoints = Array(repeating: 0, count: program.instructions.count * blockSize)
        gradient = Array(repeating: 0, count: program.parameterNames.count)
    }

    /// The program's output at every data point.
    /// - Parameters:
    ///   - columns: one array per variable, in `program.variableNames` order, all of the same length.
    ///   - parameters: values in `program.parameterNames` order.
    public func evaluate(columns: [[Double]], parameters: [Double]) -> [Double] {
        let count = columns.first?.count ?? 1
        var out = [Double](repeating: 0, count: count)
        let last = program.instructions.count - 1
        var start = 0
        while start < count {
            let n = min(blockSize, count - start)
            forward(columns: columns, parameters: parameters, start: start, count: n)
            for lane in 0..<n { out[start + lane] = values[last * blockSize + lane] }
            start += n
        }
        return out
    }

    /// Σᵢ weight·f(pointᵢ) and its gradient Σᵢ weight·∇f(pointᵢ) with respect to the parameters.
    public func sumAndGradient(columns: [[Double]], parameters: [Double], weight: Double)
        -> (value: Double, gradient: [Double])
    {
        let count = columns.first?.count ?? 1
        for p in gradient.indices { gradient[p] = 0 }
        var total = 0.0
        var start = 0
        while start < count {
            let n = min(blockSize, count - start)
            forward(columns: columns, parameters: parameters, start: start, count: n)
            total += backward(count: n, weight: weight)
            start += n
        }
        return (total, gradient)
    }

    /// Runs every instruction over rows `start ..< start + n` into `values`.
    func forward(columns: [[Double]], parameters: [Double], start: Int, count n: Int) {
        let bs = blockSize
        values.withUnsafeMutableBufferPointer { v in
            for (i, inst) in program.instructions.enumerated() {
                let o = i * bs
                switch inst {
                case .constant(let c):
                    for l in 0..<n { v[o + l] = c }
                case .parameter(let p):
                    let c = parameters[p]
                    for l in 0..<n { v[o + l] = c }
                case .variable(let k):
                    columns[k].withUnsafeBufferPointer { col in
                        for l in 0..<n { v[o + l] = col[start + l] }
                    }
                case .square(let a):
                    let oa = a * bs
                    for l in 0..<n { v[o + l] = v[oa + l] * v[oa + l] }
                case .unary(let op, let a):
                    let oa = a * bs
                    for l in 0..<n { v[o + l] = op.forward(v[oa + l]) }
                case .binary(let op, let a, let b):
                    let oa = a * bs, ob = b * bs
                    switch op {
                    case .add: for l in 0..<n { v[o + l] = v[oa + l] + v[ob + l] }
                    case .sub: for l in 0..<n { v[o + l] = v[oa + l] - v[ob + l] }
                    case .mul: for l in 0..<n { v[o + l] = v[oa + l] * v[ob + l] }
                    default: for l in 0..<n { v[o + l] = op.forward(v[oa + l], v[ob + l]) }
                    }
                }
            }
        }
    }

    /// Seeds the output's adjoints with `weight`, sweeps the instructions in reverse, adds each parameter's
    /// adjoints into `gradient`, and returns Σ weight·output over the block.
    private func backward(count n: Int, weight: Double) -> Double {
        let bs = blockSize
        let insts = program.instructions
        let needs = program.dependsOnParameters
        let last = insts.count - 1
        var blockSum = 0.0
        values.withUnsafeBufferPointer { v in
            adjoints.withUnsafeMutableBufferPointer { adj in
                for l in 0..<n { blockSum += weight * v[last * bs + l] }
                for i in 0...last where needs[i] { for l in 0..<n { adj[i * bs + l] = 0 } }
                guard needs[last] else { return }
                for l in 0..<n { adj[last * bs + l] = weight }
                for i in stride(from: last, through: 0, by: -1) where needs[i] {
                    let o = i * bs
                    switch insts[i] {
                    case .constant, .variable: break
                    case .parameter(let p):
                        var s = 0.0
                        for l in 0..<n { s += adj[o + l] }
                        gradient[p] += s
                    case .square(let a):
                        let oa = a * bs
                        for l in 0..<n { adj[oa + l] += adj[o + l] * 2 * v[oa + l] }
                    case .unary(let op, let a):
                        let oa = a * bs
                        for l in 0..<n { adj[oa + l] += adj[o + l] * op.derivative(v[oa + l], result: v[o + l]) }
                    case .binary(let op, let a, let b):
                        let oa = a * bs, ob = b * bs
                        let na = needs[a], nb = needs[b]
                        for l in 0..<n {
                            let (da, db) = op.partials(v[oa + l], v[ob + l], result: v[o + l])
                            if na { adj[oa + l] += adj[o + l] * da }
                            if nb { adj[ob + l] += adj[o + l] * db }
                        }
                    }
                }
            }
        }
        return blockSum
    }
}
