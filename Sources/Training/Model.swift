/// A model f(x; θ): a formula in the input variable `x` whose other names are trainable parameters.
public struct Model: Sendable, Equatable {
    public var formula: Expr
    /// Parameter names in order of first appearance in the formula.
    public var parameterNames: [String]

    public init(formula: Expr) {
        self.formula = formula
        self.parameterNames = formula.parameterNames
    }

    /// The blog's model f(x) = a·x² + b·x + c.
    public static let quadratic = Model(
        formula: .parameter("a") * .variable("x") ** 2 + .parameter("b") * .variable("x") + .parameter("c"))

    /// Predictions at every x.
    public func predict(_ x: [Double], parameters: [Double]) throws(EngineError) -> [Double] {
        let program = try Program(formula, variables: ["x"], parameters: parameterNames)
        return Evaluator(program).evaluate(columns: [x], parameters: parameters)
    }
}
