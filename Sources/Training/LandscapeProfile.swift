/// The minimiser of the squared error over all parameters but two, for a model linear in its parameters: at (u, v)
/// of the two the best values of the others are `intercept + u·slopeX + v·slopeY`. The landscape figure then shows
/// the loss's profile — its valley floor passes through the least-squares optimum — rather than a slice at the final
/// values, which for the seed problem cuts the narrow valley away from the optimum.
///
/// The best values at a point are a linear least-squares fit of the model with the two parameters fixed
/// (`FitStatistics.linearSolve`); they are affine in (u, v), so three fits — at (0, 0), (1, 0) and (0, 1) — give them
/// everywhere.
public struct LandscapeProfile: Sendable {
    /// The parameters minimised over (indices into the model's parameters), and their best values' coefficients.
    public let others: [Int]
    let intercept: [Double]
    let slopeX: [Double]
    let slopeY: [Double]

    /// Nil unless `model` is linear in its parameters, there are parameters off the plane and the fits succeed.
    public init?(model: Model, inputs: [[Double]], y: [Double], x ix: Int, y iy: Int) {
        let names = model.parameterNames
        let others = names.indices.filter { $0 != ix && $0 != iy }
        guard !others.isEmpty, ParameterDependence(of: model.formula) == .linear else { return nil }
        /// The others' best values with the plane's parameters at (u, v), in `others` order.
        func best(_ u: Double, _ v: Double) -> [Double]? {
            let fixed = model.formula.substituting(.parameter(names[ix]), with: .constant(u))
                .substituting(.parameter(names[iy]), with: .constant(v))
            let reduced = Model(formula: fixed, inputs: model.inputNames)
            guard let theta = try? FitStatistics.linearSolve(reduced, inputs: inputs, targets: y).parameters
            else { return nil }
            let value = Dictionary(uniqueKeysWithValues: zip(reduced.parameterNames, theta))
            return others.map { value[names[$0]] ?? 0 }
        }
        guard let at0 = best(0, 0), let atX = best(1, 0), let atY = best(0, 1) else { return nil }
        intercept = at0
        slopeX = zip(atX, at0).map { $0 - $1 }
        slopeY = zip(atY, at0).map { $0 - $1 }
        self.others = others
    }

    /// Sets the other parameters of `theta` to their best values at (`u`, `v`).
    public func fill(_ theta: inout [Double], u: Double, v: Double) {
        for (k, j) in others.enumerated() { theta[j] = intercept[k] + u * slopeX[k] + v * slopeY[k] }
    }
}
