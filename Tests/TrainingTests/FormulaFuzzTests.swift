import Foundation
import XCTest
@testable import Training

/// Property-based fuzzing of the formula parser and the engine: any input either parses or yields a
/// `FormulaError` whose column lies inside the formula, and whatever parses compiles and evaluates without trapping.
///
/// A short pass runs with the tests. The long pass (documented in the README):
///
///     FITREPORT_FUZZ_ITERATIONS=1000000 swift test -c release --filter FormulaFuzzTests
final class FormulaFuzzTests: XCTestCase {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["FITREPORT_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 20_000
    }

    static let pieces = ["x", "a", "b", "c", "pi", "e", "1", "2.5", "1e-3", ".5", "1e999", "0", "+", "-", "*", "/", "^",
                         "(", ")", ",", " ", "sin(", "cos(", "tan(", "exp(", "log(", "sqrt(", "abs(", "tanh(",
                         "sigmoid(", "pow(", "min(", "max(", "sinh(", "x(", "a(", "$", "é", "\t", "^^", "((", "))",
                         "-x^2", "--", "e5", "1e", "..", "_p", "9a"]

    func testRandomFormulasNeverTrap() {
        var rng = Xoshiro256StarStar(seed: 2024)
        var parsed = 0, rejected = 0
        let xs = [-2.0, -0.5, 0, 0.5, 3]
        for i in 0..<Self.iterations {
            var text: String
            if i % 5 < 2 {
                // A well-formed formula from the grammar, sometimes with one piece spliced in.
                text = Self.randomFormula(depth: 4, using: &rng)
                if i % 5 == 1, !text.isEmpty {
                    let chars = Array(text)
                    let at = Int(rng.next() % UInt64(chars.count))
                    text = String(chars[..<at]) + Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))]
                        + String(chars[at...])
                }
            } else if i % 5 == 4 {
                // Raw bytes, decoded leniently (invalid UTF-8 becomes U+FFFD).
                let bytes = (0..<Int(rng.next() % 24)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                text = (0..<Int(1 + rng.next() % 12)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }
                    .joined()
            }
            do {
                let expr = try Formula.parse(text)
                parsed += 1
                let names = expr.parameterNames
                let program = try Program(expr, variables: ["x"], parameters: names)
                let params = names.map { _ in rng.nextGaussian() }
                let ev = Evaluator(program, blockSize: 4)
                _ = ev.evaluate(columns: [xs], parameters: params)
                _ = ev.sumAndGradient(columns: [xs], parameters: params, weight: 0.2)
                XCTAssertEqual(try Formula.parse(expr.description), expr, "round trip of \(text)")
            } catch let error as FormulaError {
                rejected += 1
                XCTAssert(error.column >= 1 && error.column <= text.count + 1, "column \(error.column) for \(text)")
            } catch {
                XCTFail("unexpected error \(error) for \(text)")
            }
        }
        XCTAssertGreaterThan(parsed, Self.iterations / 20)
        XCTAssertGreaterThan(rejected, Self.iterations / 20)
    }

    static func randomFormula(depth: Int, using rng: inout Xoshiro256StarStar) -> String {
        let leaves = ["x", "a", "b", "c", "pi", "2", "0.5", "1e-2", "3.25"]
        if depth == 0 || rng.next() % 4 == 0 { return leaves[Int(rng.next() % UInt64(leaves.count))] }
        let u = randomFormula(depth: depth - 1, using: &rng)
        let v = randomFormula(depth: depth - 1, using: &rng)
        switch rng.next() % 9 {
        case 0: return "\(u) + \(v)"
        case 1: return "\(u) - (\(v))"
        case 2: return "(\(u))*(\(v))"
        case 3: return "(\(u))/(\(v))"
        case 4: return "(\(u))^2"
        case 5: return "-(\(u))"
        case 6: return "pow(\(u), \(v))"
        case 7: return "min(\(u), \(v))"
        default:
            let f = ["sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "atan"][Int(rng.next() % 10)]
            return "\(f)(\(u))"
        }
    }

    func testDeepAndLongInputsAreRejectedNotCrashing() {
        let deep = String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000)
        XCTAssertThrowsError(try Formula.parse(deep))
        let nested = String(repeating: "(", count: 500) + "x" + String(repeating: ")", count: 500)
        XCTAssertThrowsError(try Formula.parse(nested)) { error in
            XCTAssert("\(error)".contains("nests deeper"), "\(error)")
        }
        let signs = String(repeating: "-", count: 10_000) + "x"
        XCTAssertThrowsError(try Formula.parse(signs))
        let powers = Array(repeating: "x", count: 1000).joined(separator: "^")
        XCTAssertThrowsError(try Formula.parse(powers))
        // A long flat sum within the limit parses, compiles and evaluates.
        let sum = Array(repeating: "a*x", count: 1000).joined(separator: "+")
        XCTAssertNoThrow(try Program(try Formula.parse(sum), variables: ["x"], parameters: ["a"]))
    }

    /// Found by the `formula` libFuzzer target: `sigm---…---oigmoidid` (51 signs) parsed, but its printed form
    /// `-(-(-(…)))` nested three levels per sign and no longer parsed within the depth limit. Signs before signs and
    /// signed exponents now print without parentheses, so the printed form never nests deeper than its source.
    func testPrintedFormOfDeepSignsAndSignedExponentsParsesAgain() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Fuzz/regressions/formula").standardizedFileURL
        let committed = try FileManager.default.contentsOfDirectory(atPath: root.path).map {
            String(decoding: try Data(contentsOf: root.appendingPathComponent($0)), as: UTF8.self)
        }
        XCTAssertFalse(committed.isEmpty, "the committed fuzz inputs are missing")
        let signs = String(repeating: "-", count: 120) + "x"
        let exponents = Array(repeating: "2", count: 60).joined(separator: "^-") + "^-x"
        for text in committed + [signs, exponents, "--x", "-(-2)", "2^-1", "a^-b^-c", "2^-(x^2)", "-x^-2"] {
            let expr = try Formula.parse(text)
            XCTAssertEqual(try Formula.parse(expr.description), expr, "\(text) → \(expr.description)")
        }
        XCTAssertEqual(try Formula.parse("--x").description, "--x")
        XCTAssertEqual(try Formula.parse("2^-x").description, "2^-x")
        XCTAssertEqual(try Formula.parse("(-x)^2").description, "(-x)^2")
        XCTAssertEqual(try Formula.parse("-x^2").description, "-x^2")
    }
}
