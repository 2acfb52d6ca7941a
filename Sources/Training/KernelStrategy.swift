/// One way of evaluating Σ weight·f(pointᵢ) and its gradient block by block, run by `BlockScheduler`.
///
/// Per call the scheduler asks for the per-call scalars (`evaluateUniform`), then runs every block of the range —
/// in any order, on any worker — each writing only its own row of `partialWidth` partial sums, adds the rows in
/// block order and hands the total to `finish`. A strategy owns its planned program and its per-worker scratch; the
/// data belong to `KernelData`, the partition, partial sums and threads to the scheduler.
///
/// Conforming types are `final class`es used as the scheduler's generic argument, so every call is direct.
protocol KernelStrategy: AnyObject {
    /// Points per block: the fixed partition that partial sums follow.
    var blockSize: Int { get }
    /// Doubles per block row of partial sums (the value first).
    var partialWidth: Int { get }
    /// Computes this call's scalars from `parameters` (in `program.parameterNames` order), before any block runs.
    func evaluateUniform(parameters: UnsafePointer<Double>)
    /// Evaluates points `start..<start + count` into `row`, using the scratch of `worker` (0 is the calling thread).
    /// With `valueOnly`, only `row[0]` need be right.
    func runBlock(start: Int, count: Int, worker: Int, row: UnsafeMutablePointer<Double>, weight: Double,
                  valueOnly: Bool)
    /// Turns the rows' total `sums` into the value and, unless `valueOnly`, into the gradient (`gradient` comes
    /// zeroed, one entry per parameter).
    func finish(sums: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>, weight: Double,
                valueOnly: Bool) -> Double
}
