// libFuzzer target: the formula parser, and the formula → text → formula round trip.
//
// Any text either parses or throws a `FormulaError` whose column lies inside the text (or just after it). What
// parses prints as text that parses back to the same expression, compiles, and evaluates (values and gradient)
// without trapping.
import Training

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFormula(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzInput.bytes(data, size), as: UTF8.self)
    let expr: Expr
    do {
        expr = try Formula.parse(text)
    } catch {
        fuzzCheck(error.column >= 1 && error.column <= text.count + 1,
                     "column \(error.column) outside \(text.count) characters")
        return 0
    }
    let printed = expr.description
    do {
        let again = try Formula.parse(printed)
        fuzzCheck(again == expr, "round trip: \(text) → \(printed) → \(again.description)")
    } catch {
        fuzzFail("the printed form \(printed) of \(text) does not parse: \(error)")
    }
    let names = expr.parameterNames
    guard names.count <= 64, let program = try? Program(expr, variables: ["x"], parameters: names) else { return 0 }
    let parameters = names.indices.map { 0.25 + 0.5 * Double($0 % 7) - 1.3 * Double($0 % 3) }
    let evaluator = Evaluator(program, blockSize: 4)
    let xs = [-2.0, -0.5, 0, 0.5, 3, 1e300, -1e-300]
    let values = evaluator.evaluate(columns: [xs], parameters: parameters)
    fuzzCheck(values.count == xs.count, "\(values.count) values for \(xs.count) rows")
    _ = evaluator.sumAndGradient(columns: [xs], parameters: parameters, weight: 0.2)
    return 0
}
