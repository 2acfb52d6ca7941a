// libFuzzer target: the fast evaluation paths (`ObjectiveKernel`: fused residual, block program) against the
// reference interpreter (`Evaluator`) on fuzzer-built formulas.
//
// Input: byte 0 chooses the loss and the row count, byte 1 the parameter values; the rest is the model formula.
// For every formula that parses and compiles, the objective's value agrees to 1e-12 relative (or both are not
// finite), and each gradient component to 1e-10 of the gradient's largest component (the kernel's own test's
// standard: partial sums are grouped differently). Where the fused kernel's unweighted sum overflows while the
// interpreter's weighted one does not, the kernel recomputes that evaluation with the interpreter, so no allowance
// is made for it.
import Training

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKernelDifferential(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    guard bytes.count > 2 else { return 0 }
    let text = String(decoding: bytes[2...], as: UTF8.self)
    guard let formula = try? Formula.parse(text) else { return 0 }
    let model = Model(formula: formula)
    let names = model.parameterNames
    guard names.count <= 16 else { return 0 }
    let losses: [Loss] = [.mse, .mae, .huber(delta: 0.7)]
    let loss = losses[Int(bytes[0]) % losses.count]
    let count = [1, 2, 7, 33, 100, 257, 1029][Int(bytes[0] / 3) % 7]
    guard let program = try? Program(loss.objective(for: model), variables: ["x", "y"], parameters: names) else {
        return 0
    }
    let xs = Dataset.linspace(-1.3, 1.7, count: count)
    let ys = xs.map { 1.5 * $0 * $0 - 0.5 * $0 + 0.25 }
    let seed = Double(bytes[1])
    let p = names.indices.map { 0.7 * ((seed + 3.1 * Double($0)).truncatingRemainder(dividingBy: 5) - 2.2) }
    let w = 1 / Double(count)
    let (value, gradient) = Evaluator(program).sumAndGradient(columns: [xs, ys], parameters: p, weight: w)
    let kernel = ObjectiveKernel(program, columns: [xs, ys], weight: w, threads: 1)
    var g: [Double] = []
    let v = kernel.valueAndGradient(parameters: p, gradient: &g)
    let what = "\(formula) under \(loss.name), \(count) rows, \(kernel.strategy), parameters \(p)"
    guard value.isFinite || v.isFinite else { return 0 }
    fuzzCheck(value.isFinite && v.isFinite, "value: kernel \(v), interpreter \(value) for \(what)")
    var tolerance = 1e-12 * max(abs(value), 1e-300)
    if abs(v - value) > tolerance {
        let rows = residualBounds(formula, xs: xs, ys: ys, names: names, p: p)
        var bound = 0.0
        for (r, re) in rows {
            let eps = Double.ulpOfOne
            if case .mae = loss { bound += w * (re + eps * r) } else { bound += w * (2 * r * re + re * re + 2 * eps * r * r) }
        }
        tolerance = max(tolerance, 8 * (bound.isNaN ? .infinity : bound))
    }
    fuzzCheck(abs(v - value) <= tolerance, "value: kernel \(v), interpreter \(value) (bound \(tolerance)) for \(what)")
    let onlyValue = kernel.value(parameters: p)
    fuzzCheck(abs(onlyValue - value) <= tolerance,
              "value alone: kernel \(onlyValue), interpreter \(value) (bound \(tolerance)) for \(what)")
    fuzzCheck(g.count == gradient.count, "gradient length \(g.count), interpreter \(gradient.count)")
    guard gradient.allSatisfy(\.isFinite) else { return 0 }
    var scale = max(gradient.map(abs).max() ?? 0, 1e-300)
    var allowed = [Double](repeating: 0, count: names.count)
    if zip(g, gradient).contains(where: { abs($0 - $1) > 1e-10 * scale }) {
        // A gradient that cancels to rounding noise (MAE's ±1 slopes) is compared at the scale of its terms:
        // Σᵢ |∂(w·ℓᵢ)/∂θⱼ|, the largest over j, from the interpreter row by row.
        // Where the model itself cancels, each row's gradient is uncertain by its relative residual error.
        let rows = residualBounds(formula, xs: xs, ys: ys, names: names, p: p)
        var sums = [Double](repeating: 0, count: names.count)
        var extra = [Double](repeating: 0, count: names.count)
        let perRow = Evaluator(program, blockSize: 1)
        for i in 0..<count {
            let row = perRow.sumAndGradient(columns: [[xs[i]], [ys[i]]], parameters: p, weight: w).gradient
            let (r, re) = rows[i]
            let relative = re >= r ? 2.0 : (loss.name == "mae" ? 0 : re / r)
            for j in row.indices {
                sums[j] += abs(row[j])
                extra[j] += abs(row[j]) * relative
            }
        }
        scale = max(scale, sums.max() ?? 0)
        // A derivative can cancel inside one row too (∂(b·x/b)/∂b = x/b − b·x/b² = 0 up to rounding): its error is
        // about the formula's rounding bound over the parameter, times the loss's slope.
        var inside = 0.0
        for (r, re) in rows { inside += w * (2 * r + 1) * re }
        for j in allowed.indices {
            // Over |θⱼ|: a quotient by the parameter amplifies its rounding by 1/|θⱼ| (θⱼ = 2e-15 in `b*c/b`).
            let e = 8 * extra[j] + 64 * inside / max(abs(p[j]), 1e-300)
            allowed[j] = e.isNaN ? .infinity : e
        }
    }
    for (j, (gi, ri)) in zip(g, gradient).enumerated() {
        fuzzCheck(abs(gi - ri) <= 1e-10 * scale + allowed[j], "gradient: kernel \(g), interpreter \(gradient) for \(what)")
    }
    return 0
}

/// Each row's |f(x) − y| and a first-order bound on its rounding error in any order of the same operations: each
/// operation's error ε·|operands| propagated through the formula (function arguments perturbed by their error bound).
/// Where the formula cancels (`-666666666 + m + 666666666`), two correct evaluation orders — the kernel folds the
/// constants, the interpreter does not — differ by about this much, far beyond 1e-12 of the value.
func residualBounds(_ formula: Expr, xs: [Double], ys: [Double], names: [String], p: [Double])
    -> [(residual: Double, error: Double)]
{    let eps = Double.ulpOfOne
    let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    func bound(_ e: Expr, _ x: Double) -> (value: Double, error: Double) {
        switch e {
        case .constant(let c): return (c, 0)
        case .variable: return (x, 0)
        case .parameter(let n): return (p[index[n] ?? 0], 0)
        case .unary(let op, let a):
            let (av, ae) = bound(a, x)
            let r = op.forward(av)
            let spread = max(abs(op.forward(av + ae) - r), abs(op.forward(av - ae) - r))
            return (r, (spread.isNaN ? .infinity : spread) + 4 * eps * abs(r))
        case .binary(let op, let a, let b):
            let (av, ae) = bound(a, x), (bv, be) = bound(b, x)
            let r = op.forward(av, bv)
            switch op {
            case .add, .sub: return (r, ae + be + eps * (abs(av) + abs(bv)))
            case .mul: return (r, abs(bv) * ae + abs(av) * be + ae * be + eps * abs(r))
            default:
                var spread = 0.0
                for da in [-ae, ae] {
                    for db in [-be, be] { spread = max(spread, abs(op.forward(av + da, bv + db) - r)) }
                }
                return (r, (spread.isNaN ? .infinity : spread) + 4 * eps * abs(r))
            }
        }
    }
    return zip(xs, ys).map { x, y in
        let (f, fe) = bound(formula, x)
        let error = fe + eps * (abs(f) + abs(y))
        return (abs(f - y), error.isNaN ? .infinity : error)
    }
}
