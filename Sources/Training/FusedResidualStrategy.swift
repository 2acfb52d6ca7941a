/// The SIMD path: a squared, absolute or Huber penalty of a residual r = Σⱼ θⱼ·cⱼ + bias − target that is affine in
/// the parameters (the losses of every model linear in its parameters, such as the default quadratic).
///
/// Each block is one `FusedKernels` pass computing residual, penalty and gradient sums with everything in
/// registers. The per-point coefficients cⱼ and the target are read in place from data columns (a squared column is
/// squared in registers), from precomputed columns, or — when cheap and the data large — from the scratch where the
/// plan's feature program writes them per block. A block's row is Σ penalty(r), Σ slope·cⱼ per coefficient, then
/// Σ slope (for the parameters with a constant coefficient); `finish` scales them by weight·slopeScale.
final class FusedResidualStrategy: KernelStrategy {
    let blockSize = ObjectiveKernel.fusedBlockSize
    let partialWidth: Int
    private let data: KernelData
    private let columns: UnsafePointer<UnsafePointer<Double>>
    private let hoisted: UnsafePointer<UnsafePointer<Double>>
    /// Computes the coefficients and target that are not read in place.
    private let features: BlockProgram
    /// The feature program has per-block steps (coefficients computed per block, not read from columns).
    private let featureSteps: Bool
    private let residual: ResidualLoss
    /// Per-point coefficients.
    private let featureCount: Int
    /// Per coefficient, then the target: kind (0 column, 1 precomputed, 2 scratch slot) and index, flattened.
    private let sourceCodes: UnsafeMutablePointer<Int>
    private let squaredMask: Int
    /// The parameter of each per-point coefficient.
    private let featureParameters: [Int]
    /// Parameters with a constant coefficient.
    private let scalarTerms: [(parameter: Int, value: Double)]
    /// Coefficient parameters for this call, then the bias Σ θ·constant.
    private let theta: UnsafeMutablePointer<Double>
    /// The feature program's constants (it has no parameters, so they are computed once).
    private let constants: UnsafeMutablePointer<Double>
    /// Per worker: the feature program's scratch, then 2·blockSize doubles for the kernel.
    private let scratch: UnsafeMutablePointer<Double>
    private let scratchPerWorker: Int
    /// Per worker: the coefficient columns of the current block.
    private let featurePointers: UnsafeMutablePointer<UnsafePointer<Double>>

    /// Sets up `plan` over `data` for `workers` threads, precomputing the plan's data expressions into `data`.
    init(_ plan: FusedPlan, data: KernelData, workers: Int) {
        self.data = data
        data.precompute(plan.program)
        columns = UnsafePointer(data.columnBases)
        hoisted = UnsafePointer(data.hoistedBases)
        features = plan.program
        featureSteps = !plan.program.steps.isEmpty
        residual = plan.loss
        featureCount = plan.features.count
        partialWidth = 2 + featureCount
        squaredMask = plan.squaredMask
        featureParameters = plan.parameters
        scalarTerms = plan.scalarTerms.map { (parameter: $0.0, value: $0.1) }
        let codes = (plan.features + [plan.target]).flatMap { source -> [Int] in
            switch source {
            case .column(let k): [0, k]
            case .hoisted(let h): [1, h]
            case .slot(let s): [2, s]
            case .uniform: [0, 0]
            }
        }
        sourceCodes = .allocate(capacity: codes.count)
        sourceCodes.initialize(from: codes, count: codes.count)
        theta = .allocate(capacity: featureParameters.count + 1)
        theta.initialize(repeating: 0, count: featureParameters.count + 1)
        let instructionCount = max(features.program.instructions.count, 1)
        constants = .allocate(capacity: instructionCount)
        constants.initialize(repeating: 0, count: instructionCount)
        scratchPerWorker = features.scratchCount + 2 * blockSize
        scratch = .allocateAligned(capacity: scratchPerWorker * workers)
        featurePointers = .allocate(capacity: max(featureCount, 1) * workers)
        let none = [Double](repeating: 0, count: 1)
        none.withUnsafeBufferPointer { features.evaluateUniform(parameters: $0.baseAddress!, into: constants) }
    }

    deinit {
        sourceCodes.deallocate()
        theta.deallocate()
        constants.deallocate()
        scratch.deallocate()
        featurePointers.deallocate()
    }

    func evaluateUniform(parameters: UnsafePointer<Double>) {
        for (j, p) in featureParameters.enumerated() { theta[j] = parameters[p] }
        var s = 0.0
        for term in scalarTerms { s += parameters[term.parameter] * term.value }
        theta[featureParameters.count] = s
    }

    /// The full row always (the kernel computes the gradient sums along with the value at no extra pass).
    func runBlock(start: Int, count n: Int, worker: Int, row: UnsafeMutablePointer<Double>, weight: Double,
                  valueOnly: Bool)
    {
        let k = featureCount
        let workerScratch = scratch + worker * scratchPerWorker
        if featureSteps {
            features.forward(BlockContext(columns: columns, hoisted: hoisted, uniform: constants,
                                          scratch: workerScratch, start: start, count: n))
        }
        @inline(__always) func pointer(_ j: Int) -> UnsafePointer<Double> {
            let index = sourceCodes[2 * j + 1]
            switch sourceCodes[2 * j] {
            case 0: return columns[index] + start
            case 1: return hoisted[index] + start
            default: return UnsafePointer(workerScratch + index * blockSize)
            }
        }
        let pointers = featurePointers + worker * max(k, 1)
        for j in 0..<k { pointers[j] = pointer(j) }
        let block = FusedBlock(count: n, features: pointers, featureCount: k, squared: squaredMask,
                               target: pointer(k), theta: theta, bias: theta[k], row: row,
                               scratch: workerScratch + features.scratchCount)
        switch residual {
        case .squared: FusedKernels.run(SquaredResidual(), block)
        case .absolute: FusedKernels.run(AbsoluteResidual(), block)
        case .huber(let delta): FusedKernels.run(HuberResidual(delta: delta), block)
        }
    }

    func finish(sums: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>, weight: Double,
                valueOnly: Bool) -> Double
    {
        if valueOnly { return weight * sums[0] }
        let scale: Double
        switch residual {
        case .squared: scale = weight * SquaredResidual().slopeScale
        case .absolute: scale = weight * AbsoluteResidual().slopeScale
        case .huber(let delta): scale = weight * HuberResidual(delta: delta).slopeScale
        }
        let k = featureParameters.count
        for (j, p) in featureParameters.enumerated() { gradient[p] = scale * sums[1 + j] }
        for term in scalarTerms { gradient[term.parameter] = scale * (term.value * sums[1 + k]) }
        return weight * sums[0]
    }
}
