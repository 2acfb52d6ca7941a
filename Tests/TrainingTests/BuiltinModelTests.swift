import Foundation
import XCTest
@testable import Training

final class BuiltinModelTests: XCTestCase {
    func model(_ spec: String) throws -> BuiltinModel {
        guard let model = try BuiltinModel.parse(spec) else {
            throw XCTSkip("'\(spec)' did not parse as a built-in model")
        }
        return model
    }

    func inputNames(_ k: Int) -> [String] { k == 1 ? ["x"] : (1...k).map { "x\($0)" } }

    /// Nodes of `expr` counted as a tree (a shared subexpression once per use).
    func treeSize(_ expr: Expr) -> Int {
        switch expr {
        case .constant, .variable, .parameter: 1
        case .unary(_, let a): 1 + treeSize(a)
        case .binary(_, let a, let b): 1 + treeSize(a) + treeSize(b)
        }
    }

    /// `expr` evaluated at every row of `columns` (one array per input) with parameters by name.
    func evaluate(_ expr: Expr, inputs: [String], columns: [[Double]], parameters: [String: Double]) throws
        -> [Double]
    {
        let names = expr.parameterNames
        let program = try Program(expr, variables: inputs, parameters: names)
        return Evaluator(program, blockSize: 7).evaluate(columns: columns, parameters: names.map { parameters[$0]! })
    }

    // MARK: Polynomials

    func testPolynomialInOneInput() throws {
        let poly = try model("poly:3")
        XCTAssertEqual(poly, .polynomial(degree: 3))
        let expr = try poly.expression(inputs: ["x"])
        XCTAssertEqual(expr.description, "a0 + a1*x + a2*x^2 + a3*x^3")
        XCTAssertEqual(expr.parameterNames, ["a0", "a1", "a2", "a3"])
        // The formula text reads back to the same expression: parameter names are formula identifiers.
        XCTAssertEqual(try Formula.parse(expr.description), expr)
        XCTAssertEqual(ParameterDependence(of: expr), .linear)
        XCTAssertTrue(expr.isPolynomial(in: "x"))
        let values = try evaluate(expr, inputs: ["x"], columns: [[-2, 0.5, 3]],
                                  parameters: ["a0": 1, "a1": -2, "a2": 0.5, "a3": 0.25])
        let expected: [Double] = [5, 0.15625, 6.25]  // 1 + 4 + 2 − 2; 1 − 1 + 0.125 + 0.03125; 1 − 6 + 4.5 + 6.75
        XCTAssertEqual(values, expected)
    }

    /// scikit-learn's PolynomialFeatures order: by degree, then exponent tuples in descending lexicographic order.
    func testPolynomialInSeveralInputsFollowsPolynomialFeatures() throws {
        let two = try model("poly:2").expression(inputs: ["u", "v"])
        XCTAssertEqual(two.parameterNames, ["a0", "a_1_0", "a_0_1", "a_2_0", "a_1_1", "a_0_2"])
        XCTAssertEqual(two.description, "a0 + a_1_0*u + a_0_1*v + a_2_0*u^2 + a_1_1*u*v + a_0_2*v^2")
        XCTAssertEqual(try Formula.parse(two.description, variables: ["u", "v"]), two)
        let three = try model("poly:2").expression(inputs: ["x1", "x2", "x3"])
        // PolynomialFeatures(2) on x0, x1, x2: 1, x0, x1, x2, x0², x0x1, x0x2, x1², x1x2, x2².
        XCTAssertEqual(three.parameterNames, ["a0", "a_1_0_0", "a_0_1_0", "a_0_0_1", "a_2_0_0", "a_1_1_0", "a_1_0_1",
                                              "a_0_2_0", "a_0_1_1", "a_0_0_2"])
        // Values against the monomials computed here.
        var rng = Xoshiro256StarStar(seed: 21)
        let poly = try model("poly:3")
        let inputs = ["x1", "x2", "x3"]
        let expr = try poly.expression(inputs: inputs)
        let names = expr.parameterNames
        let coefficients = Dictionary(uniqueKeysWithValues: names.map { ($0, rng.nextGaussian()) })
        let columns = (0..<3).map { _ in (0..<20).map { _ in rng.nextUniform() * 4 - 2 } }
        let got = try evaluate(expr, inputs: inputs, columns: columns, parameters: coefficients)
        for row in 0..<20 {
            var want = 0.0
            for e1 in 0...3 {
                for e2 in 0...(3 - e1) {
                    for e3 in 0...(3 - e1 - e2) {
                        let name = e1 + e2 + e3 == 0 ? "a0" : "a_\(e1)_\(e2)_\(e3)"
                        want += coefficients[name]! * pow(columns[0][row], Double(e1))
                            * pow(columns[1][row], Double(e2)) * pow(columns[2][row], Double(e3))
                    }
                }
            }
            XCTAssertEqual(got[row], want, accuracy: 1e-12 * max(1, abs(want)))
        }
    }

    func testPolynomialParameterCountIsBinomial() throws {
        func binomial(_ n: Int, _ k: Int) -> Int {
            var table = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: n + 1)
            for i in 0...n {
                table[i][0] = 1
                for j in stride(from: 1, through: i, by: 1) { table[i][j] = table[i - 1][j - 1] + table[i - 1][j] }
            }
            return table[n][k]
        }
        for k in 1...5 {
            for degree in 1...6 {
                let poly = BuiltinModel.polynomial(degree: degree)
                let expr = try poly.expression(inputs: inputNames(k))
                XCTAssertEqual(poly.parameterCount(inputs: k), binomial(k + degree, degree), "k \(k), D \(degree)")
                XCTAssertEqual(expr.parameterNames.count, binomial(k + degree, degree))
                XCTAssertEqual(poly.parameterNames(inputs: k), expr.parameterNames)
                XCTAssertEqual(poly.expandedSize(inputs: k), Double(treeSize(expr)), "k \(k), D \(degree)")
            }
        }
        XCTAssertEqual(BuiltinModel.polynomial(degree: 20).parameterCount(inputs: 1), 21)
        XCTAssertEqual(BuiltinModel.polynomial(degree: 20).parameterCount(inputs: 1_000_000), .max)
    }

    func testPolynomialInitialValuesAreGaussianDrawsInOrder() throws {
        let poly = try model("poly:4")
        var rng = Xoshiro256StarStar(seed: 9)
        var reference = Xoshiro256StarStar(seed: 9)
        XCTAssertEqual(poly.initialValues(inputs: ["x"], using: &rng), reference.gaussians(5))
        XCTAssertEqual(poly.initialValues(inputs: ["p", "q"], using: &rng).count, 15)
    }

    // MARK: MLPs

    /// The forward pass written directly: layer by layer, with weights looked up by their documented names.
    func forward(widths: [Int], activation: Activation, inputs: [Double], parameters: [String: Double]) -> Double {
        var h = inputs
        for (l, width) in (widths + [1]).enumerated() {
            let isOutput = l == widths.count
            h = (1...width).map { j in
                var z = parameters["b\(l + 1)_\(j)"]!
                for (i, value) in h.enumerated() { z += parameters["w\(l + 1)_\(j)_\(i + 1)"]! * value }
                if isOutput { return z }
                switch activation {
                case .tanh: return tanh(z)
                case .relu: return max(0, z)
                case .sigmoid: return 1 / (1 + exp(-z))
                }
            }
        }
        return h[0]
    }

    func testMLPMatchesADirectForwardPass() throws {
        var rng = Xoshiro256StarStar(seed: 4)
        for (k, widths) in [(1, [3]), (2, [4, 3]), (3, [5, 2, 4]), (1, [40]), (2, [1, 1, 1])] {
            for activation in Activation.allCases {
                let mlp = BuiltinModel.mlp(widths: widths, activation: activation)
                let inputs = inputNames(k)
                let expr = try mlp.expression(inputs: inputs)
                let names = expr.parameterNames
                XCTAssertEqual(names.count, mlp.parameterCount(inputs: k))
                XCTAssertEqual(Set(names).count, names.count)
                let parameters = Dictionary(uniqueKeysWithValues: names.map { ($0, rng.nextGaussian()) })
                let columns = (0..<k).map { _ in (0..<25).map { _ in rng.nextUniform() * 6 - 3 } }
                let got = try evaluate(expr, inputs: inputs, columns: columns, parameters: parameters)
                for row in 0..<25 {
                    let want = forward(widths: widths, activation: activation, inputs: columns.map { $0[row] },
                                       parameters: parameters)
                    XCTAssertEqual(got[row], want, accuracy: 1e-12 * max(1, abs(want)), "\(mlp.text) row \(row)")
                }
            }
        }
    }

    func testMLPGradientMatchesFiniteDifferences() throws {
        var rng = Xoshiro256StarStar(seed: 12)
        for activation in Activation.allCases {
            let mlp = BuiltinModel.mlp(widths: [3, 2], activation: activation)
            let inputs = ["x1", "x2"]
            let expr = try mlp.expression(inputs: inputs)
            let names = expr.parameterNames
            let program = try Program(expr, variables: inputs, parameters: names)
            let evaluator = Evaluator(program, blockSize: 4)
            let columns = (0..<2).map { _ in (0..<9).map { _ in rng.nextUniform() * 4 - 2 } }
            let theta = names.map { _ in rng.nextGaussian() }
            let (_, gradient) = evaluator.sumAndGradient(columns: columns, parameters: theta, weight: 1)
            func f(_ p: [Double]) -> Double { evaluator.evaluate(columns: columns, parameters: p).reduce(0, +) }
            for i in theta.indices {
                let h = 1e-6 * max(1, abs(theta[i]))
                var up = theta, down = theta
                up[i] += h
                down[i] -= h
                let numeric = (f(up) - f(down)) / (2 * h)
                XCTAssertEqual(gradient[i], numeric, accuracy: 1e-6 * max(1, abs(numeric)),
                               "\(activation) ∂/∂\(names[i])")
            }
        }
    }

    func testMLPParameterNamesAndOrder() throws {
        let small = try model("mlp:2").expression(inputs: ["x"])
        XCTAssertEqual(small.description, "w2_1_1*tanh(w1_1_1*x + b1_1) + w2_1_2*tanh(w1_2_1*x + b1_2) + b2_1")
        XCTAssertEqual(small.parameterNames, ["w2_1_1", "w1_1_1", "b1_1", "w2_1_2", "w1_2_1", "b1_2", "b2_1"])
        XCTAssertEqual(try Formula.parse(small.description), small)
        XCTAssertEqual(try model("mlp:1:relu").expression(inputs: ["x"]).description,
                       "w2_1_1*max(0, w1_1_1*x + b1_1) + b2_1")
        // The model's own (linear-time) order is Expr.parameterNames, for many shapes, sums longer than a chain too.
        for (k, spec) in [(1, "mlp:16,16"), (3, "mlp:4,5,6:sigmoid"), (2, "mlp:40,3:relu"), (1, "mlp:1,1,1,1"),
                          (70, "mlp:2")] {
            let mlp = try model(spec)
            let expr = try mlp.expression(inputs: inputNames(k))
            XCTAssertEqual(mlp.parameterNames(inputs: k), expr.parameterNames, spec)
            XCTAssertEqual(mlp.expandedSize(inputs: k), Double(treeSize(expr)), spec)
            for name in expr.parameterNames.prefix(50) { XCTAssertEqual(try Formula.parse(name), .parameter(name)) }
        }
    }

    /// Hidden units are shared, so the compiled program grows with the weights, not with the paths through the net.
    func testCompiledMLPIsLinearInTheWeights() throws {
        let mlp = try model("mlp:16,16")
        let expr = try mlp.expression(inputs: ["x"])
        XCTAssertEqual(mlp.parameterCount(inputs: 1), 321)
        let program = try Program(expr, variables: ["x"], parameters: expr.parameterNames)
        XCTAssertLessThan(program.instructions.count, 2000)
        // Doubling the widths about quadruples the weights and the program, nothing worse.
        let wide = try model("mlp:32,32").expression(inputs: ["x"])
        let wideProgram = try Program(wide, variables: ["x"], parameters: wide.parameterNames)
        XCTAssertLessThan(Double(wideProgram.instructions.count) / Double(program.instructions.count), 4.5)
        // Read as a tree, 1-16-16-16-1 repeats each first-layer unit 16·16 times; compiled, each is there once.
        let deep = try model("mlp:16,16,16").expression(inputs: ["x"])
        let deepProgram = try Program(deep, variables: ["x"], parameters: deep.parameterNames)
        XCTAssertLessThan(deepProgram.instructions.count, 3 * 593)
        XCTAssertGreaterThan(treeSize(deep), 20 * deepProgram.instructions.count)
    }

    func testGlorotUniformInitialization() throws {
        let mlp = try model("mlp:16,8")
        let inputs = ["x1", "x2", "x3"]
        let names = try mlp.expression(inputs: inputs).parameterNames
        var rng = Xoshiro256StarStar(seed: 77)
        let values = mlp.initialValues(inputs: inputs, using: &rng)
        XCTAssertEqual(values.count, names.count)
        let byName = Dictionary(uniqueKeysWithValues: zip(names, values))
        // fan_in, fan_out per layer: 3 → 16, 16 → 8, 8 → 1.
        let limits = [sqrt(6.0 / 19), sqrt(6.0 / 24), sqrt(6.0 / 9)]
        for (name, value) in byName {
            if name.hasPrefix("b") {
                XCTAssertEqual(value, 0, name)
            } else {
                let layer = Int(name.dropFirst().prefix { $0 != "_" })!
                XCTAssertLessThanOrEqual(abs(value), limits[layer - 1], name)
            }
        }
        // The draws: one uniform per weight, layer by layer, unit by unit, input by input.
        var reference = Xoshiro256StarStar(seed: 77)
        for (l, (fanIn, width)) in zip([3, 16, 8], [16, 8, 1]).enumerated() {
            for j in 1...width {
                for i in 1...fanIn {
                    let expected = (2 * reference.nextUniform() - 1) * limits[l]
                    XCTAssertEqual(byName["w\(l + 1)_\(j)_\(i)"], expected)
                }
            }
        }
        // Deterministic per seed; another seed gives other values.
        var again = Xoshiro256StarStar(seed: 77)
        XCTAssertEqual(mlp.initialValues(inputs: inputs, using: &again), values)
        var other = Xoshiro256StarStar(seed: 78)
        XCTAssertNotEqual(mlp.initialValues(inputs: inputs, using: &other), values)
        // The weights fill their range: spread over most of (−a, a).
        let first = names.filter { $0.hasPrefix("w1_") }.map { byName[$0]! / limits[0] }
        XCTAssertLessThan(first.min()!, -0.8)
        XCTAssertGreaterThan(first.max()!, 0.8)
    }

    /// A built-in model is an ordinary objective: a short Adam run lowers the loss of a small MLP.
    func testMLPTrainsThroughObjective() throws {
        let mlp = try model("mlp:8")
        let expr = try mlp.expression(inputs: ["x"])
        let xs = Dataset.linspace(-2, 2, count: 64)
        let objective = try Objective(expr, loss: .mse, data: ["x": xs, "y": xs.map { sin(2 * $0) }], threads: 1)
        XCTAssertEqual(objective.parameterNames, mlp.parameterNames(inputs: 1))
        var rng = Xoshiro256StarStar(seed: 0)
        var theta = mlp.initialValues(inputs: ["x"], using: &rng)
        var adam = Adam(learningRate: 0.05)
        let start = objective.loss(at: theta)
        for _ in 0..<300 {
            let (_, gradient) = objective.lossAndGradient(at: theta)
            adam.step(parameters: &theta, gradient: gradient)
        }
        XCTAssertLessThan(objective.loss(at: theta), start / 10)
    }

    // MARK: Specs

    func testParsingAndCanonicalText() throws {
        let cases: [(String, BuiltinModel, String)] = [
            ("poly:1", .polynomial(degree: 1), "poly:1"),
            (" poly: 20 ", .polynomial(degree: 20), "poly:20"),
            ("mlp:16,16", .mlp(widths: [16, 16], activation: .tanh), "mlp:16,16:tanh"),
            ("mlp:16, 16:relu", .mlp(widths: [16, 16], activation: .relu), "mlp:16,16:relu"),
            ("MLP:4:Sigmoid", .mlp(widths: [4], activation: .sigmoid), "mlp:4:sigmoid"),
        ]
        for (text, expected, canonical) in cases {
            let parsed = try BuiltinModel.parse(text)
            XCTAssertEqual(parsed, expected, text)
            XCTAssertEqual(parsed?.text, canonical)
            XCTAssertEqual(try BuiltinModel.parse(canonical), expected)
        }
        for formula in ["a*x + b", "poly", "mlp", "polynomial(x)", "", "a*poly + mlp"] {
            XCTAssertNil(try BuiltinModel.parse(formula), formula)
        }
    }

    func testMalformedSpecsSayWhatIsWrong() {
        let cases: [(String, [String])] = [
            ("poly:0", ["degree", "1 to 20", "'0'"]),
            ("poly:21", ["1 to 20", "'21'"]),
            ("poly:x", ["degree", "'x'"]),
            ("poly:", ["degree", "''"]),
            ("poly:2.5", ["whole number", "'2.5'"]),
            ("mlp:", ["widths", "mlp:16,16"]),
            ("mlp:0", ["width", "≥ 1", "'0'"]),
            ("mlp:16,,16", ["width", "''", "comma-separated"]),
            ("mlp:16,a", ["'a'"]),
            ("mlp:-4", ["'-4'"]),
            ("mlp:16:swish", ["unknown activation", "'swish'", "tanh, relu, sigmoid"]),
            ("mlp:16:relu:2", ["mlp:WIDTHS:ACTIVATION"]),
            ("mlp:200000", ["200000", "100000"]),
            ("mlp:" + Array(repeating: "2", count: 33).joined(separator: ","), ["33 hidden layers", "32"]),
        ]
        for (text, parts) in cases {
            do {
                let parsed = try BuiltinModel.parse(text)
                XCTFail("'\(text)' parsed as \(String(describing: parsed))")
            } catch {
                for part in parts {
                    XCTAssertTrue(error.message.contains(part), "'\(text)': \(error.message) lacks \(part)")
                }
            }
        }
    }

    func testParameterCapNamesTheCountAndTheLimit() throws {
        XCTAssertEqual(BuiltinModel.maximumParameters, 100_000)
        let wide = try model("mlp:400,400")
        XCTAssertEqual(wide.parameterCount(inputs: 1), 2 * 400 + 401 * 400 + 401)
        XCTAssertThrowsError(try wide.expression(inputs: ["x"])) { error in
            let message = (error as? BuiltinModelError)?.message ?? ""
            XCTAssertTrue(message.contains("161601 parameters"), message)
            XCTAssertTrue(message.contains("limit of 100000"), message)
            XCTAssertTrue(message.contains("narrower or fewer layers"), message)
        }
        let poly = try model("poly:2")
        XCTAssertEqual(poly.parameterCount(inputs: 500), 501 * 502 / 2)
        XCTAssertThrowsError(try poly.expression(inputs: inputNames(500))) { error in
            let message = (error as? BuiltinModelError)?.message ?? ""
            XCTAssertTrue(message.contains("125751 parameters"), message)
            XCTAssertTrue(message.contains("500 inputs"), message)
        }
        // At the limit exactly is accepted: 1 input, one layer of 33333 units → 3·33333 + 1 = 100000.
        XCTAssertEqual(try model("mlp:33333").parameterCount(inputs: 1), 100_000)
    }

    func testDeepNetsAreRefusedBeforeTheyExplode() throws {
        let deep = try model("mlp:16,16,16,16,16")
        XCTAssertLessThan(deep.parameterCount(inputs: 1), 2000)
        XCTAssertThrowsError(try deep.expression(inputs: ["x"])) { error in
            let message = (error as? BuiltinModelError)?.message ?? ""
            XCTAssertTrue(message.contains("million nodes"), message)
            XCTAssertTrue(message.contains("fewer or narrower hidden layers"), message)
        }
        XCTAssertNoThrow(try model("mlp:16,16,16,16").expression(inputs: ["x"]))
    }

    func testInputsAreChecked() throws {
        let poly = try model("poly:2")
        XCTAssertThrowsError(try poly.expression(inputs: [])) { error in
            XCTAssertTrue("\(error)".contains("at least one input"))
        }
        XCTAssertThrowsError(try poly.expression(inputs: ["x", "x"])) { error in
            XCTAssertTrue("\(error)".contains("'x' is listed twice"))
        }
        XCTAssertThrowsError(try poly.expression(inputs: ["a0"])) { error in
            XCTAssertTrue("\(error)".contains("'a0' has the name of one of the model's parameters"))
        }
        XCTAssertThrowsError(try BuiltinModel.mlp(widths: [0], activation: .tanh).expression(inputs: ["x"])) { error in
            XCTAssertTrue("\(error)".contains("width"))
        }
        XCTAssertThrowsError(try BuiltinModel.polynomial(degree: 0).expression(inputs: ["x"]))
    }

    func testSummary() throws {
        XCTAssertEqual(try model("mlp:16,16").summary,
                       "MLP 1-16-16-1, tanh, Glorot-uniform weights, zero biases (321 parameters)")
        XCTAssertEqual(try model("mlp:16:relu").summary(inputs: 2),
                       "MLP 2-16-1, relu, Glorot-uniform weights, zero biases (65 parameters)")
        XCTAssertEqual(try model("poly:3").summary,
                       "polynomial of degree 3 in 1 input, N(0, 1) initial values (4 parameters)")
        XCTAssertEqual(try model("poly:2").summary(inputs: 2),
                       "polynomial of degree 2 in 2 inputs, all monomials, N(0, 1) initial values (6 parameters)")
    }
}
