/// The path for built-in MLPs: each layer as a dense matrix over a block of points (`DenseLoops`), forward through
/// the activations, the loss's slope per point, then back through the layers — the weight gradients as sums of
/// outer products, the inputs' adjoints through the transposed weights.
///
/// An MLP written out as a formula has one instruction per weight, so the block program would make one pass over
/// the block per weight and again per weight in reverse; here every activation row is read once per four units.
/// A block's row is Σ weight·loss, then one gradient sum per parameter (by parameter index).
final class DenseNetworkStrategy: KernelStrategy {
    let blockSize = ObjectiveKernel.denseBlockSize
    let partialWidth: Int
    private let network: DenseNetwork
    private let layers: Int
    private let sizes: [Int]
    private let columns: UnsafePointer<UnsafePointer<Double>>
    /// Per layer: weights (rows × fan-in), their transpose, biases — this call's values.
    private let weights: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    private let transposed: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    private let biases: UnsafeMutablePointer<UnsafeMutablePointer<Double>>
    /// Per worker: every layer's outputs (block rows), two adjoint buffers, a gradient buffer, input pointers.
    private let scratch: UnsafeMutablePointer<Double>
    private let scratchPerWorker: Int
    private let layerOffset: [Int]
    private let adjointOffset: (Int, Int)
    private let gradientOffset: Int
    private let pointers: UnsafeMutablePointer<UnsafePointer<Double>>
    private let pointersPerWorker: Int

    init(_ network: DenseNetwork, data: KernelData, parameterCount: Int, workers: Int) {
        self.network = network
        sizes = network.sizes
        layers = network.layerCount
        columns = UnsafePointer(data.columnBases)
        partialWidth = 1 + parameterCount
        weights = .allocate(capacity: layers)
        transposed = .allocate(capacity: layers)
        biases = .allocate(capacity: layers)
        for l in 0..<layers {
            let count = sizes[l] * sizes[l + 1]
            weights[l] = .allocateAligned(capacity: count)
            weights[l].initialize(repeating: 0, count: count)
            transposed[l] = .allocateAligned(capacity: count)
            transposed[l].initialize(repeating: 0, count: count)
            biases[l] = .allocate(capacity: sizes[l + 1])
            biases[l].initialize(repeating: 0, count: sizes[l + 1])
        }
        let bs = ObjectiveKernel.denseBlockSize
        var offset = 0
        var layerOffset: [Int] = []
        for l in 0..<layers {
            layerOffset.append(offset)
            offset += sizes[l + 1] * bs
        }
        self.layerOffset = layerOffset
        let widest = sizes.max() ?? 1
        adjointOffset = (offset, offset + widest * bs)
        offset += 2 * widest * bs
        gradientOffset = offset
        let sizes = network.sizes
        offset += (0..<network.layerCount).map { sizes[$0] * sizes[$0 + 1] + sizes[$0 + 1] }.max() ?? 0
        scratchPerWorker = (offset + 7) / 8 * 8  // each worker's part starts on a cache line
        scratch = .allocateAligned(capacity: scratchPerWorker * workers)
        scratch.initialize(repeating: 0, count: max(scratchPerWorker * workers, 1))
        pointersPerWorker = widest
        pointers = .allocate(capacity: widest * workers)
    }

    deinit {
        for l in 0..<layers {
            weights[l].deallocate()
            transposed[l].deallocate()
            biases[l].deallocate()
        }
        weights.deallocate()
        transposed.deallocate()
        biases.deallocate()
        scratch.deallocate()
        pointers.deallocate()
    }

    func evaluateUniform(parameters: UnsafePointer<Double>) {
        for l in 0..<layers {
            let rows = sizes[l + 1], fanIn = sizes[l]
            let index = network.weightIndex[l]
            let w = weights[l], t = transposed[l], b = biases[l]
            for k in 0..<rows {
                for j in 0..<fanIn {
                    let value = parameters[index[k * fanIn + j]]
                    w[k * fanIn + j] = value
                    t[j * rows + k] = value
                }
                b[k] = parameters[network.biasIndex[l][k]]
            }
        }
    }

    func runBlock(start: Int, count n: Int, worker: Int, row: UnsafeMutablePointer<Double>, weight: Double,
                  valueOnly: Bool)
    {
        let bs = blockSize
        let base = scratch + worker * scratchPerWorker
        let input = pointers + worker * pointersPerWorker
        let inputCount = sizes[0]
        // Forward: each layer's outputs, activated except the last.
        for l in 0..<layers {
            if l == 0 {
                for j in 0..<inputCount { input[j] = columns[j] + start }
            } else {
                let previous = base + layerOffset[l - 1]
                for j in 0..<sizes[l] { input[j] = UnsafePointer(previous + j * bs) }
            }
            let out = base + layerOffset[l]
            DenseLoops.affine(rows: sizes[l + 1], inputs: sizes[l], matrix: weights[l], bias: biases[l],
                              input: input, output: out, stride: bs, count: n)
            if l < layers - 1 {
                for k in 0..<sizes[l + 1] { activate(out + k * bs, n) }
            }
        }
        // The loss and its slope per point: weight·ℓ′(f − y) into the first adjoint buffer.
        let f = UnsafePointer(base + layerOffset[layers - 1])
        let y = columns[inputCount] + start
        var slope = base + adjointOffset.0
        var other = base + adjointOffset.1
        row[0] = lossAndSlope(f, y, n, weight: weight, slope: valueOnly ? nil : slope)
        if valueOnly { return }
        // Backward: layer l's adjoints are in `slope` (rows × block).
        let gradient = base + gradientOffset
        for l in stride(from: layers - 1, through: 0, by: -1) {
            let rows = sizes[l + 1], fanIn = sizes[l]
            if l == 0 {
                for j in 0..<inputCount { input[j] = columns[j] + start }
            } else {
                let previous = base + layerOffset[l - 1]
                for j in 0..<fanIn { input[j] = UnsafePointer(previous + j * bs) }
            }
            DenseLoops.outer(rows: rows, inputs: fanIn, adjoints: slope, stride: bs, input: input, count: n,
                             into: gradient, sums: gradient + rows * fanIn)
            let index = network.weightIndex[l]
            for i in 0..<rows * fanIn { row[1 + index[i]] = gradient[i] }
            for k in 0..<rows { row[1 + network.biasIndex[l][k]] = gradient[rows * fanIn + k] }
            guard l > 0 else { break }
            // Adjoints of the previous layer's outputs, then through its activation.
            for k in 0..<rows { input[k] = UnsafePointer(slope + k * bs) }
            DenseLoops.affine(rows: fanIn, inputs: rows, matrix: transposed[l], bias: nil, input: input,
                              output: other, stride: bs, count: n)
            let previous = base + layerOffset[l - 1]
            for j in 0..<fanIn { activationSlope(other + j * bs, UnsafePointer(previous + j * bs), n) }
            swap(&slope, &other)
        }
    }

    func finish(sums: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>, weight: Double,
                valueOnly: Bool) -> Double
    {
        if !valueOnly {
            for p in 0..<(partialWidth - 1) { gradient[p] = sums[1 + p] }
        }
        return sums[0]
    }

    /// Applies the activation in place (the same functions as the formula's).
    private func activate(_ z: UnsafeMutablePointer<Double>, _ n: Int) {
        switch network.activation {
        case .tanh: VectorMath.tanh(z, z, count: n)
        case .sigmoid: VectorMath.sigmoid(z, z, count: n)
        case .relu: for l in 0..<n { z[l] = Swift.max(0, z[l]) }
        }
    }

    /// adjoint[l] ·= act′ at the activation's output h[l] (the formula's derivative rules).
    private func activationSlope(_ adjoint: UnsafeMutablePointer<Double>, _ h: UnsafePointer<Double>, _ n: Int) {
        switch network.activation {
        case .tanh: for l in 0..<n { adjoint[l] = adjoint[l] * (1 - h[l] * h[l]) }
        case .sigmoid: for l in 0..<n { adjoint[l] = adjoint[l] * (h[l] * (1 - h[l])) }
        // max(0, z): the slope is 1 where z > 0, i.e. where h > 0, else 0.
        case .relu: for l in 0..<n { adjoint[l] = h[l] > 0 ? adjoint[l] : 0 }
        }
    }

    /// Σ weight·ℓ(f − y) over the block, in lane order; writes weight·∂ℓ/∂f to `slope` when given.
    private func lossAndSlope(_ f: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int, weight: Double,
                              slope: UnsafeMutablePointer<Double>?) -> Double
    {
        var total = 0.0
        switch network.loss {
        case .mse:
            for l in 0..<n {
                let r = f[l] - y[l]
                total += weight * (r * r)
            }
            if let slope { for l in 0..<n { slope[l] = weight * 2 * (f[l] - y[l]) } }
        case .mae:
            for l in 0..<n { total += weight * Swift.abs(f[l] - y[l]) }
            if let slope {
                for l in 0..<n {
                    let r = f[l] - y[l]
                    slope[l] = r > 0 ? weight : (r < 0 ? -weight : 0)
                }
            }
        case .huber(let delta):
            for l in 0..<n {
                let size = Swift.abs(f[l] - y[l])
                let m = Swift.min(size, delta)
                total += weight * (0.5 * (m * m) + delta * (size - m))
            }
            if let slope {
                for l in 0..<n {
                    let r = f[l] - y[l]
                    let size = Swift.abs(r)
                    let inner = size <= delta ? size : delta
                    slope[l] = r > 0 ? weight * inner : (r < 0 ? -(weight * inner) : 0)
                }
            }
        }
        return total
    }
}
