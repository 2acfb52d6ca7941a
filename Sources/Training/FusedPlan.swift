/// How the fused kernel gets its inputs.
struct FusedPlan {
    /// Computes the coefficients and the target that are not read in place.
    let program: BlockProgram
    /// Per per-point coefficient: where its values (or, for squared ones, the column) are.
    let features: [LaneSource]
    let target: LaneSource
    /// Bit j: coefficient j is the square of its column.
    let squaredMask: Int
    /// The parameter of each per-point coefficient.
    let parameters: [Int]
    /// Parameters with a constant coefficient: (parameter, coefficient).
    let scalarTerms: [(Int, Double)]
    let loss: ResidualLoss

    /// The fused plan for an affine residual: coefficients that are a data column or its square are read in place;
    /// the others, and the target, are compiled into one data-only program (precomputed or run per block). Nil
    /// when the residual has no per-point target (then the block program is used).
    init?(_ form: AffineResidual, _ objective: Program, pointCount: Int) {
        // r = Σ θ·c + offset = Σ θ·c − target.
        let targetExpr: Expr
        switch form.offset {
        case .unary(.neg, let t)?: targetExpr = t
        case let offset?: targetExpr = .unary(.neg, offset)
        case nil: return nil
        }
        guard !targetExpr.variableNames.isEmpty else { return nil }
        var vectorTerms: [(Int, Expr)] = []
        var scalarTerms: [(Int, Double)] = []
        for (p, c) in form.terms {
            if c.variableNames.isEmpty {
                guard let value = try? Program(c, variables: [], parameters: []) else { return nil }
                let v = Evaluator(value).evaluate(columns: [], parameters: []).first ?? .nan
                scalarTerms.append((p, v))
            } else {
                vectorTerms.append((p, c))
            }
        }
        guard let (featureProgram, outputs) = try? Program.compiling(
            vectorTerms.map(\.1) + [targetExpr], variables: objective.variableNames, parameters: [])
        else { return nil }
        let insts = featureProgram.instructions
        let variations = featureProgram.variations
        guard outputs.allSatisfy({ variations[$0] != .uniform }) else { return nil }
        // Squares of columns are computed in the kernel's registers.
        var squaredMask = 0
        var direct: [Int: LaneSource] = [:]
        for (j, o) in outputs.dropLast().enumerated() {
            if case .square(let a) = insts[o], case .variable(let k) = insts[a] {
                squaredMask |= 1 << j
                direct[j] = .column(k)
            }
        }
        let rest = outputs.enumerated().filter { direct[$0.offset] == nil }.map(\.element)
        let hoist = ObjectiveKernel.hoistable(featureProgram, candidates: Set(rest), pointCount: pointCount)
        let plan = BlockProgram(featureProgram, outputs: rest, hoist: hoist,
                                blockSize: ObjectiveKernel.fusedBlockSize)
        let sources = outputs.enumerated().map { direct[$0.offset] ?? plan.sources[$0.element] }
        self.program = plan
        features = Array(sources.dropLast())
        target = sources[sources.count - 1]
        self.squaredMask = squaredMask
        parameters = vectorTerms.map(\.0)
        self.scalarTerms = scalarTerms
        loss = form.loss
    }
}
