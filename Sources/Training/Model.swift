/// A model f(inputs; θ): a formula in the input variables whose other names are trainable parameters.
public struct Model: Sendable, Equatable {
    public var formula: Expr
    /// Parameter names in order of first appearance in the formula.
    public var parameterNames: [String]
    /// The input variables, in the order of the data's input columns (`["x"]` for one input).
    public var inputNames: [String]
    /// The built-in model the formula was expanded from (`poly:3`, `mlp:16,16`), which also chooses the initial
    /// values; `nil` for a formula written by the user.
    public var builtin: BuiltinModel?

    public init(formula: Expr, inputs: [String] = ["x"], builtin: BuiltinModel? = nil) {
        self.formula = formula
        self.parameterNames = formula.parameterNames
        self.inputNames = inputs
        self.builtin = builtin
    }

    /// The blog's model f(x) = a·x² + b·x + c.
    public static let quadratic = Model(
        formula: .parameter("a") * .variable("x") ** 2 + .parameter("b") * .variable("x") + .parameter("c"))

    /// The formula as text, or the built-in model's summary (an MLP's formula runs to thousands of characters).
    public var description: String {
        builtin.map { "\($0.text): \($0.summary(inputs: inputNames.count))" } ?? "\(formula)"
    }

    /// Predictions at every x (single-input models).
    public func predict(_ x: [Double], parameters: [Double]) throws(EngineError) -> [Double] {
        try predict(inputs: [x], parameters: parameters)
    }

    /// Predictions for every row of `inputs` (one column per input, in `inputNames` order).
    public func predict(inputs: [[Double]], parameters: [Double]) throws(EngineError) -> [Double] {
        let program = try Program(formula, variables: inputNames, parameters: parameterNames)
        return Evaluator(program).evaluate(columns: inputs, parameters: parameters)
    }

    /// Initial values: the built-in model's initialisation, else one N(0, 1) draw per parameter; `overrides` then
    /// replaces the named ones.
    public func initialValues(using rng: inout Xoshiro256StarStar, overrides: [String: Double]) -> [Double] {
        var values = builtin.map { $0.initialValues(inputs: inputNames, using: &rng) }
            ?? rng.gaussians(parameterNames.count)
        for (i, name) in parameterNames.enumerated() {
            if let value = overrides[name] { values[i] = value }
        }
        return values
    }
}
