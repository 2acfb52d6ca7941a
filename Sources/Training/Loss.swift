/// A loss: the mean over data points of a pointwise penalty ℓ(prediction, target), written as an expression so the
/// engine differentiates it together with the model.
public enum Loss: Sendable, Equatable, Hashable {
    /// Mean squared error: mean((ŷ − y)²).
    case mse
    /// Mean absolute error: mean(|ŷ − y|).
    case mae
    /// Huber loss with threshold δ (torch.nn.HuberLoss): ½r² where |r| ≤ δ, δ(|r| − ½δ) beyond.
    case huber(delta: Double)

    /// The name used in flags and files: `mse`, `mae`, `huber`.
    public var name: String {
        switch self {
        case .mse: "mse"
        case .mae: "mae"
        case .huber: "huber"
        }
    }

    /// Upper-case name used in titles ("MSE vs. Epoch").
    public var displayName: String {
        switch self {
        case .mse, .mae: name.uppercased()
        case .huber: "Huber"
        }
    }

    /// ℓ(prediction, target) for one data point.
    public func pointwise(prediction: Expr, target: Expr) -> Expr {
        let r = prediction - target
        switch self {
        case .mse:
            return r ** 2
        case .mae:
            return .abs(r)
        case .huber(let delta):
            // With m = min(|r|, δ): ½m² + δ(|r| − m) is ½r² inside the threshold and δ(|r| − ½δ) outside.
            let size = Expr.abs(r)
            let m = Expr.binary(.min, size, .constant(delta))
            return 0.5 * m ** 2 + .constant(delta) * (size - m)
        }
    }

    /// The per-point loss of `model` against the data variable `y`, as one expression in `x`, `y` and the
    /// model's parameters.
    public func objective(for model: Model) -> Expr {
        objective(for: model, target: "y")
    }

    /// The per-point loss of `model` against the data variable named `target`.
    public func objective(for model: Model, target: String) -> Expr {
        pointwise(prediction: model.formula, target: .variable(target))
    }

    /// The loss of `predictions` against `targets`: the mean of the pointwise penalty, evaluated by the engine.
    public func mean(predictions: [Double], targets: [Double]) throws(EngineError) -> Double {
        let program = try Program(pointwise(prediction: .variable("p"), target: .variable("y")),
                                  variables: ["p", "y"], parameters: [])
        let values = Evaluator(program).evaluate(columns: [predictions, targets], parameters: [])
        return values.reduce(0, +) / Double(max(targets.count, 1))
    }
}
