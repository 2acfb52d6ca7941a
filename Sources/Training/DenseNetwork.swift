/// A built-in MLP (``BuiltinModel/mlp(widths:activation:)``) under a loss, described as dense layers so that
/// ``ObjectiveKernel`` can run it layer by layer (`DenseNetworkStrategy`) instead of instruction by instruction.
///
/// The network's parameters keep their places in the objective's parameter list: `weightIndex[l][k·fanIn + j]`
/// and `biasIndex[l][k]` say where weight (unit k, input j) and bias k of layer l are.
public struct DenseNetwork: Sendable, Equatable {
    /// Inputs of the first layer, then the width of every layer (the last is the single linear output).
    public let sizes: [Int]
    public let activation: Activation
    public let loss: Loss
    /// Per layer, the parameter index of each weight, row by row (unit k's weights for inputs 0, 1, …).
    let weightIndex: [[Int]]
    /// Per layer, the parameter index of each bias.
    let biasIndex: [[Int]]

    /// Layers (hidden ones and the output).
    var layerCount: Int { sizes.count - 1 }

    /// The dense description of `model` under `loss`, for an objective whose parameters are `parameterNames`; nil
    /// when the model is not a built-in MLP or a parameter is missing (the kernel then runs the formula).
    public init?(model: Model, loss: Loss, parameterNames: [String]) {
        guard case .mlp(let widths, let activation)? = model.builtin else { return nil }
        let position = Dictionary(parameterNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let sizes = [model.inputNames.count] + widths + [1]
        var weightIndex: [[Int]] = []
        var biasIndex: [[Int]] = []
        for l in 1..<sizes.count {
            var weights: [Int] = []
            var biases: [Int] = []
            for k in 1...sizes[l] {
                for j in 1...sizes[l - 1] {
                    guard let p = position[BuiltinModel.weight(l, k, j)] else { return nil }
                    weights.append(p)
                }
                guard let p = position[BuiltinModel.bias(l, k)] else { return nil }
                biases.append(p)
            }
            weightIndex.append(weights)
            biasIndex.append(biases)
        }
        self.sizes = sizes
        self.activation = activation
        self.loss = loss
        self.weightIndex = weightIndex
        self.biasIndex = biasIndex
    }
}
