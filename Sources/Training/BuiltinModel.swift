/// The nonlinearity of an MLP's hidden units.
public enum Activation: String, Sendable, CaseIterable {
    /// tanh(z), the default.
    case tanh
    /// max(0, z), written `max(0, z)` in the formula (derivative 0 at z = 0).
    case relu
    /// 1/(1 + e^(−z)).
    case sigmoid

    /// `act(z)` as an expression.
    func apply(_ z: Expr) -> Expr {
        switch self {
        case .tanh: .unary(.tanh, z)
        case .relu: .binary(.max, .constant(0), z)
        case .sigmoid: .unary(.sigmoid, z)
        }
    }
}

/// A model given by name instead of a formula (`poly:3`, `mlp:16,16:relu`). It becomes an ordinary ``Expr`` over the
/// input variables, so it trains, differentiates and reports like any formula.
///
/// **Polynomials** `poly:D`. One input x: a0 + a1·x + a2·x² + … + aD·x^D, parameters `a0` … `aD`. With k ≥ 2 inputs
/// x₁…x_k: every monomial of total degree ≤ D, as scikit-learn's `PolynomialFeatures(D)` lists them — by degree, and
/// within a degree by exponent tuple in descending lexicographic order (x₁², x₁x₂, x₂², …). The intercept is `a0`; the
/// coefficient of x₁^e₁…x_k^e_k is `a_e₁_…_e_k` (`a_1_0` for x₁, `a_0_1` for x₂, `a_1_1` for x₁x₂): C(k + D, D)
/// parameters. Initial values: one N(0, 1) draw per parameter, in parameter order.
///
/// **Multilayer perceptrons** `mlp:W1,W2,…[:ACT]`. k inputs → W1 → W2 → … → WL → 1 output: hidden unit j of layer l
/// is act(Σᵢ w·hᵢ + b) over the units hᵢ of the layer before (the inputs for l = 1), the output is linear. Weights
/// are named `wL_J_I` (layer L, unit J, input I, all 1-based; the output layer is L + 1), biases `bL_J`; so
/// `mlp:16` on x has `w1_1_1` … `w1_16_1`, `b1_1` … `b1_16`, `w2_1_1` … `w2_1_16` and `b2_1`. Initial values follow
/// Keras `Dense` defaults: Glorot (Xavier) uniform weights U(−a, a) with a = √(6/(fan_in + fan_out)), biases 0.
///
/// Each hidden unit's expression is built once and shared by every unit of the next layer (``Program`` computes
/// shared subexpressions once), so the compiled program grows with the number of weights. Long sums are grouped
/// pairwise beyond 32 terms so the expression stays shallow.
public enum BuiltinModel: Sendable, Equatable, Hashable {
    /// A polynomial of total degree `degree` (1 … 20) in the inputs.
    case polynomial(degree: Int)
    /// A multilayer perceptron with hidden layers of the given widths and a linear output.
    case mlp(widths: [Int], activation: Activation)

    /// The most parameters a built-in model may have (checked by ``expression(inputs:)``).
    public static let maximumParameters = 100_000
    /// The highest polynomial degree.
    static let maximumDegree = 20
    /// The most hidden layers of an MLP.
    static let maximumLayers = 32
    /// Sums of more terms than this are grouped pairwise.
    static let chainLength = 32
    /// The largest ``expandedSize(inputs:)`` accepted: the engine walks an expression as a tree (a shared hidden
    /// unit once per use), so deep MLPs cost time exponential in their depth; 4 million nodes take about a second per
    /// walk in a debug build.
    static let maximumExpandedSize = 4_000_000

    /// Parses `poly:DEGREE`, `mlp:W1,W2,…` or `mlp:W1,W2,…:ACTIVATION` (`tanh`, the default, `relu` or `sigmoid`);
    /// blanks around the text and its parts are ignored, names are read in any case.
    ///
    /// - Returns: nil when `text` does not start with `poly:` or `mlp:` — it is then a formula.
    /// - Throws: ``BuiltinModelError`` for a malformed spec: a degree that is not a whole number from 1 to 20; no
    ///   widths, an empty, zero or non-numeric width, a width above ``maximumParameters``, more than 32 hidden layers;
    ///   an unknown activation. (Too many parameters for the number of inputs is found by ``expression(inputs:)``.)
    public static func parse(_ text: String) throws(BuiltinModelError) -> BuiltinModel? {
        let trimmed = text.trimmedBlanks
        let lower = trimmed.lowercased()
        if lower.hasPrefix("poly:") {
            let value = String(trimmed.dropFirst(5)).trimmedBlanks
            guard let degree = Int(value), degree >= 1, degree <= maximumDegree else {
                throw BuiltinModelError("'\(trimmed)': the degree of poly:DEGREE must be a whole number from 1 to "
                    + "\(maximumDegree), got '\(value)'; e.g. poly:3")
            }
            return .polynomial(degree: degree)
        }
        guard lower.hasPrefix("mlp:") else { return nil }
        let parts = trimmed.dropFirst(4).split(separator: ":", omittingEmptySubsequences: false).map {
            String($0).trimmedBlanks
        }
        guard parts.count <= 2 else {
            throw BuiltinModelError("'\(trimmed)': write mlp:WIDTHS or mlp:WIDTHS:ACTIVATION, e.g. mlp:16,16 or "
                + "mlp:16,16:relu; found \(parts.count - 1) ':' after mlp:")
        }
        guard !parts[0].isEmpty else {
            throw BuiltinModelError("'\(trimmed)': mlp needs the widths of its hidden layers, comma-separated, e.g. "
                + "mlp:16,16 (two hidden layers of 16 units)")
        }
        var widths: [Int] = []
        for item in parts[0].split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmedBlanks }) {
            guard let width = Int(item), width >= 1 else {
                throw BuiltinModelError("'\(trimmed)': every hidden-layer width must be a whole number ≥ 1, got "
                    + "'\(item)'; widths are comma-separated, e.g. mlp:16,16")
            }
            guard width <= maximumParameters else {
                throw BuiltinModelError("'\(trimmed)': a layer of \(width) units alone exceeds the limit of "
                    + "\(maximumParameters) parameters; use narrower layers")
            }
            widths.append(width)
        }
        guard widths.count <= maximumLayers else {
            throw BuiltinModelError("'\(trimmed)': \(widths.count) hidden layers; at most \(maximumLayers) are "
                + "supported")
        }
        var activation = Activation.tanh
        if parts.count == 2 {
            guard let named = Activation(rawValue: parts[1].lowercased()) else {
                throw BuiltinModelError("'\(trimmed)': unknown activation '\(parts[1])'; choose "
                    + Activation.allCases.map(\.rawValue).joined(separator: ", ") + " (tanh when omitted)")
            }
            activation = named
        }
        return .mlp(widths: widths, activation: activation)
    }

    /// The canonical spec, which ``parse(_:)`` reads back to the same value: `poly:3`, `mlp:16,16:tanh` (the
    /// activation always written).
    public var text: String {
        switch self {
        case .polynomial(let degree): "poly:\(degree)"
        case .mlp(let widths, let activation):
            "mlp:" + widths.map(String.init).joined(separator: ",") + ":" + activation.rawValue
        }
    }

    /// A one-line description for one input, e.g. "MLP 1-16-16-1, tanh, Glorot-uniform weights, zero biases (321
    /// parameters)"; see ``summary(inputs:)``.
    public var summary: String { summary(inputs: 1) }

    /// A one-line description for `inputs` inputs: "MLP 2-16-1, relu, Glorot-uniform weights, zero biases (65
    /// parameters)", "polynomial of degree 3 in 1 input, N(0, 1) initial values (4 parameters)".
    public func summary(inputs: Int) -> String {
        let count = parameterCount(inputs: inputs)
        let parameters = count == 1 ? "1 parameter" : "\(count) parameters"
        switch self {
        case .polynomial(let degree):
            let what = inputs == 1 ? "1 input" : "\(inputs) inputs, all monomials"
            return "polynomial of degree \(degree) in \(what), N(0, 1) initial values (\(parameters))"
        case .mlp(let widths, let activation):
            let shape = ([inputs] + widths + [1]).map(String.init).joined(separator: "-")
            return "MLP \(shape), \(activation.rawValue), Glorot-uniform weights, zero biases (\(parameters))"
        }
    }

    /// The number of parameters with `inputs` inputs: C(inputs + D, D) for `poly:D`; Σ (fan_in + 1)·width over the
    /// layers, output included, for an MLP. Saturates at `Int.max` for absurd sizes.
    public func parameterCount(inputs: Int) -> Int {
        let k = max(0, inputs)
        switch self {
        case .polynomial(let degree):
            // C(k + D, D) = Π_{i=1..D} (k + i)/i, exact at every step.
            var count = 1
            for i in 1...max(1, degree) where degree >= 1 {
                let (factor, overflow1) = k.addingReportingOverflow(i)
                let (product, overflow2) = count.multipliedReportingOverflow(by: factor)
                if overflow1 || overflow2 { return .max }
                count = product / i
            }
            return count
        case .mlp(let widths, _):
            var total = 0
            var fanIn = k
            for width in widths + [1] {
                let (perUnit, o1) = fanIn.addingReportingOverflow(1)
                let (layer, o2) = perUnit.multipliedReportingOverflow(by: width)
                let (sum, o3) = total.addingReportingOverflow(layer)
                if o1 || o2 || o3 { return .max }
                total = sum
                fanIn = width
            }
            return total
        }
    }

    /// The model as an ordinary formula over the input variables `inputs` (e.g. `["x"]` or `["x1", "x2"]`), its
    /// parameters named as described on ``BuiltinModel``.
    ///
    /// - Throws: ``BuiltinModelError`` when there are no inputs, an input is listed twice or has the name of one of
    ///   the model's parameters, or the model would have more than ``maximumParameters`` parameters (the message
    ///   gives the count and the limit); when an MLP is so deep that its formula, read as a tree (each hidden unit
    ///   once per use, as the engine's recursive walks read it), would exceed 4 million nodes (e.g. five hidden
    ///   layers of 16); and for values built in code that ``parse(_:)`` rejects.
    public func expression(inputs: [String]) throws(BuiltinModelError) -> Expr {
        if let problem = invalidValue { throw BuiltinModelError("\(text): \(problem)") }
        guard !inputs.isEmpty else {
            throw BuiltinModelError("\(text) needs at least one input variable")
        }
        if let repeated = inputs.enumerated().first(where: { inputs[..<$0.offset].contains($0.element) }) {
            throw BuiltinModelError("\(text): the input '\(repeated.element)' is listed twice; list each input once")
        }
        let count = parameterCount(inputs: inputs.count)
        guard count <= Self.maximumParameters else {
            let shown = count == .max ? "more than \(Int.max)" : "\(count)"
            throw BuiltinModelError("\(text) with \(inputs.count) input\(inputs.count == 1 ? "" : "s") has \(shown) "
                + "parameters, above the limit of \(Self.maximumParameters); use "
                + (isPolynomial ? "a lower degree or fewer inputs" : "narrower or fewer layers"))
        }
        let size = expandedSize(inputs: inputs.count)
        guard size <= Double(Self.maximumExpandedSize) else {
            throw BuiltinModelError("\(text) with \(inputs.count) input\(inputs.count == 1 ? "" : "s") written out "
                + "as a formula has \(Self.millions(size)) million nodes (each hidden unit is repeated in every unit "
                + "of the next layer when the formula is read as a tree), above the limit of "
                + "\(Self.millions(Double(Self.maximumExpandedSize))) million; use fewer or narrower hidden layers")
        }
        let names = parameterNames(inputs: inputs.count)
        let nameSet = Set(names)
        if let clash = inputs.first(where: { nameSet.contains($0) }) {
            throw BuiltinModelError("\(text): the input '\(clash)' has the name of one of the model's parameters; "
                + "rename that input (parameters are named "
                + (isPolynomial ? "a0, a1, … or a_1_0, …" : "wL_J_I and bL_J") + ")")
        }
        switch self {
        case .polynomial(let degree):
            return polynomialExpression(degree: degree, inputs: inputs)
        case .mlp(let widths, let activation):
            return mlpExpression(widths: widths, activation: activation, inputs: inputs)
        }
    }

    /// Initial values for the parameters of ``expression(inputs:)``, in the order of its `parameterNames` (first
    /// appearance in the formula), drawn from `rng`: for a polynomial one N(0, 1) draw per parameter in that order;
    /// for an MLP one `nextUniform()` per weight, layer by layer, unit by unit, input by input (scaled to Glorot's
    /// U(−a, a)), and 0 for every bias.
    public func initialValues(inputs: [String], using rng: inout Xoshiro256StarStar) -> [Double] {
        switch self {
        case .polynomial:
            return rng.gaussians(parameterCount(inputs: inputs.count))
        case .mlp(let widths, _):
            var values: [String: Double] = [:]
            var fanIn = inputs.count
            for (l, width) in (widths + [1]).enumerated() {
                let limit = (6 / Double(fanIn + width)).squareRoot()
                for j in stride(from: 1, through: width, by: 1) {
                    for i in 0..<max(0, fanIn) {
                        values[Self.weight(l + 1, j, i + 1)] = (2 * rng.nextUniform() - 1) * limit
                    }
                }
                fanIn = width
            }
            return parameterNames(inputs: inputs.count).map { values[$0] ?? 0 }
        }
    }

    /// What is wrong with a value built in code that ``parse(_:)`` would reject, or nil.
    private var invalidValue: String? {
        switch self {
        case .polynomial(let degree):
            guard degree >= 1, degree <= Self.maximumDegree else {
                return "the degree must be from 1 to \(Self.maximumDegree), got \(degree)"
            }
        case .mlp(let widths, _):
            guard !widths.isEmpty else { return "an MLP needs at least one hidden layer" }
            guard widths.count <= Self.maximumLayers else {
                return "at most \(Self.maximumLayers) hidden layers are supported, got \(widths.count)"
            }
            if let bad = widths.first(where: { $0 < 1 || $0 > Self.maximumParameters }) {
                return "every width must be from 1 to \(Self.maximumParameters), got \(bad)"
            }
        }
        return nil
    }

    /// The number of nodes of ``expression(inputs:)`` counted as a tree (shared subexpressions once per use): what
    /// a recursive walk of the expression visits.
    func expandedSize(inputs: Int) -> Double {
        switch self {
        case .polynomial(let degree):
            var total = 0.0
            for tuple in Self.exponents(degree: degree, inputs: inputs) {
                let factors = tuple.filter { $0 > 0 }
                // The coefficient, each factor (x or x^p) and the multiplication that joins it.
                total += 1 + Double(factors.reduce(0) { $0 + ($1 == 1 ? 1 : 3) } + factors.count)
                total += 1  // the addition joining the term to the sum (one too many overall)
            }
            return total - 1
        case .mlp(let widths, let activation):
            // A unit over n inputs of size s: n products (×, w, input) joined by n additions, plus the bias.
            let activationNodes: Double = activation == .relu ? 2 : 1
            var size = 1.0
            var fanIn = Double(inputs)
            for width in widths {
                size = fanIn * (3 + size) + 1 + activationNodes
                fanIn = Double(width)
            }
            return fanIn * (3 + size) + 1
        }
    }

    /// `x` in millions with one decimal, e.g. "9.8".
    private static func millions(_ x: Double) -> String {
        guard x < 1e15 else { return "\(x / 1e6)" }
        let tenths = (x / 100_000).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10)"
    }

    private var isPolynomial: Bool {
        if case .polynomial = self { return true }
        return false
    }

    // MARK: Parameter names

    /// The parameter names of the model with `inputs` inputs, in order of first appearance in its expression
    /// (`Expr.parameterNames` order).
    func parameterNames(inputs: Int) -> [String] {
        switch self {
        case .polynomial(let degree):
            return Self.exponents(degree: degree, inputs: inputs).map { Self.coefficient($0) }
        case .mlp(let widths, _):
            // A pre-order walk of the expression that enters each unit once: a unit met again adds no new name.
            let fanIns = [inputs] + widths
            let layers = widths + [1]
            var visited = layers.map { [Bool](repeating: false, count: max(0, $0)) }
            var names: [String] = []
            names.reserveCapacity(parameterCount(inputs: inputs))
            // Iterative, with an explicit stack of (layer, unit, next input), so deep nets cannot exhaust the stack.
            var stack: [(layer: Int, unit: Int, input: Int)] = [(layers.count, 1, 1)]
            visited[layers.count - 1][0] = true
            while let top = stack.popLast() {
                let (l, j, i) = top
                if i > fanIns[l - 1] {
                    names.append(Self.bias(l, j))
                    continue
                }
                names.append(Self.weight(l, j, i))
                stack.append((l, j, i + 1))
                if l > 1, !visited[l - 2][i - 1] {
                    visited[l - 2][i - 1] = true
                    stack.append((l - 1, i, 1))
                }
            }
            return names
        }
    }

    static func weight(_ layer: Int, _ unit: Int, _ input: Int) -> String { "w\(layer)_\(unit)_\(input)" }
    static func bias(_ layer: Int, _ unit: Int) -> String { "b\(layer)_\(unit)" }

    /// `a0` for the intercept; `aE` with one input; `a_E1_…_Ek` with several.
    static func coefficient(_ exponents: [Int]) -> String {
        if exponents.allSatisfy({ $0 == 0 }) { return "a0" }
        if exponents.count == 1 { return "a\(exponents[0])" }
        return "a_" + exponents.map(String.init).joined(separator: "_")
    }

    /// Every exponent tuple of `inputs` entries with total ≤ `degree`: by total, then descending lexicographic.
    static func exponents(degree: Int, inputs: Int) -> [[Int]] {
        var all: [[Int]] = []
        func tuples(_ total: Int, _ length: Int, _ prefix: inout [Int]) {
            if length == 1 {
                prefix.append(total)
                all.append(prefix)
                prefix.removeLast()
                return
            }
            for first in stride(from: total, through: 0, by: -1) {
                prefix.append(first)
                tuples(total - first, length - 1, &prefix)
                prefix.removeLast()
            }
        }
        var prefix: [Int] = []
        for total in 0...max(0, degree) { tuples(total, max(1, inputs), &prefix) }
        return all
    }

    // MARK: Expressions

    private func polynomialExpression(degree: Int, inputs: [String]) -> Expr {
        let terms = Self.exponents(degree: degree, inputs: inputs.count).map { tuple -> Expr in
            // a·x₁^e₁·x₂^e₂…, multiplied left to right (written a_1_1*u*v).
            var term = Expr.parameter(Self.coefficient(tuple))
            for (name, power) in zip(inputs, tuple) where power > 0 {
                let factor: Expr = power == 1
                    ? .variable(name) : .binary(.pow, .variable(name), .constant(Double(power)))
                term = .binary(.mul, term, factor)
            }
            return term
        }
        return Self.sum(terms[...])
    }

    private func mlpExpression(widths: [Int], activation: Activation, inputs: [String]) -> Expr {
        var previous: [Expr] = inputs.map { .variable($0) }
        for (l, width) in (widths + [1]).enumerated() {
            let isOutput = l == widths.count
            previous = (1...width).map { j in
                let products = previous.enumerated().map { i, h in
                    Expr.binary(.mul, .parameter(Self.weight(l + 1, j, i + 1)), h)
                }
                let z = Self.sum((products + [.parameter(Self.bias(l + 1, j))])[...])
                return isOutput ? z : activation.apply(z)
            }
        }
        return previous[0]
    }

    /// t₁ + t₂ + … left to right; longer sums split in halves, so the depth stays small.
    static func sum(_ terms: ArraySlice<Expr>) -> Expr {
        if terms.count > chainLength {
            let middle = terms.startIndex + terms.count / 2
            return .binary(.add, sum(terms[..<middle]), sum(terms[middle...]))
        }
        var result = terms[terms.startIndex]
        for term in terms.dropFirst() { result = .binary(.add, result, term) }
        return result
    }

}

/// A built-in model spec that cannot be used: what is wrong and what to write instead.
public struct BuiltinModelError: Error, Equatable, CustomStringConvertible {
    /// The problem and what to do, in one or two sentences.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
