/// The fallback: objectives that are not per-point functions of both data and parameters (a parameter-only penalty,
/// a data-only expression, no data at all) run on `Evaluator` over copies of the requested rows.
///
/// Not a `KernelStrategy`: there is no block partition to share among threads, and `Evaluator` decides itself how
/// many points a program without data columns has. It runs on the calling thread only.
final class ReferenceStrategy {
    private let evaluator: Evaluator
    private let data: KernelData

    init(_ program: Program, data: KernelData) {
        evaluator = Evaluator(program)
        self.data = data
    }

    /// Σ over `rows` of `weight`·f(pointᵢ); writes the gradient to `gradient` (already one entry per parameter).
    func valueAndGradient(parameters: [Double], gradient: inout [Double], rows: Range<Int>, weight: Double)
        -> Double
    {
        let (value, g) = evaluator.sumAndGradient(columns: data.columnArrays(rows), parameters: parameters,
                                                  weight: weight)
        for i in g.indices { gradient[i] = g[i] }
        return value
    }

    /// Σ over `rows` of `weight`·f(pointᵢ) alone.
    func value(parameters: [Double], rows: Range<Int>, weight: Double) -> Double {
        evaluator.sumAndGradient(columns: data.columnArrays(rows), parameters: parameters, weight: weight).0
    }
}
