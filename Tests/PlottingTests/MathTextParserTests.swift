@testable import Plotting
import Testing

@Suite("Mathtext parser: $…$ spans into a small AST")
struct MathTextParserTests {
    private func math(_ text: String) -> [MathNode] {
        let parsed = MathText.parse(text)
        guard parsed.segments.count == 1, case .math(let nodes) = parsed.segments[0] else {
            Issue.record("expected one math segment in \(text), got \(parsed.segments)")
            return []
        }
        return nodes
    }

    @Test func plainTextHasNoMath() {
        #expect(MathText.parse("Loss").segments == [.plain("Loss")])
        #expect(!MathText.parse("y_true").containsMath)
        #expect(MathText.parse("").segments.isEmpty)
        // An odd number of dollars is not math (matplotlib); an escaped one is a dollar sign.
        #expect(MathText.parse("costs $5").segments == [.plain("costs $5")])
        #expect(MathText.parse("\\$5 and \\$6").segments == [.plain("$5 and $6")])
        #expect(!MathText.isMath("costs $5"))
        #expect(MathText.isMath("$x$"))
    }

    @Test func lettersAreItalicDigitsAndOperatorsUpright() {
        #expect(math("$x2$") == [.symbol("x", .italic), .symbol("2", .upright)])
        #expect(math("$a+b$") == [
            .symbol("a", .italic), .space(0.2), .symbol("+", .upright), .space(0.2), .symbol("b", .italic),
        ])
        // Spaces inside math are ignored; "-" is drawn as the minus sign U+2212.
        #expect(math("$a - b$") == [
            .symbol("a", .italic), .space(0.2), .symbol("\u{2212}", .upright), .space(0.2), .symbol("b", .italic),
        ])
    }

    @Test func leadingMinusIsASignNotABinaryOperator() {
        #expect(math("$-1$") == [.symbol("\u{2212}", .upright), .symbol("1", .upright)])
        #expect(math("$a = -b$") == [
            .symbol("a", .italic), .space(0.2), .symbol("=", .upright), .space(0.2),
            .symbol("\u{2212}", .upright), .symbol("b", .italic),
        ])
    }

    @Test func bracedAndSingleCharacterScripts() {
        #expect(math("$y_{true}$") == [
            .scripts(base: .symbol("y", .italic),
                     sub: [.symbol("t", .italic), .symbol("r", .italic), .symbol("u", .italic), .symbol("e", .italic)],
                     sup: nil),
        ])
        #expect(math("$x^2$") == [.scripts(base: .symbol("x", .italic), sub: nil, sup: [.symbol("2", .upright)])])
        #expect(math("$w_1$") == [.scripts(base: .symbol("w", .italic), sub: [.symbol("1", .upright)], sup: nil)])
        // Both scripts on one nucleus, in either order.
        let both = MathNode.scripts(base: .symbol("x", .italic), sub: [.symbol("i", .italic)], sup: [.symbol("2", .upright)])
        #expect(math("$x_i^2$") == [both])
        #expect(math("$x^2_i$") == [both])
    }

    @Test func scriptsNestOnceAndOperatorsInsideAreUnspaced() {
        #expect(math("$10^{-1}$") == [
            .symbol("1", .upright),
            .scripts(base: .symbol("0", .upright), sub: nil, sup: [.symbol("\u{2212}", .upright), .symbol("1", .upright)]),
        ])
        #expect(math("$e^{x_{i}}$") == [
            .scripts(base: .symbol("e", .italic), sub: nil,
                     sup: [.scripts(base: .symbol("x", .italic), sub: [.symbol("i", .italic)], sup: nil)]),
        ])
        #expect(math("$x^{a+b}$") == [
            .scripts(base: .symbol("x", .italic), sub: nil,
                     sup: [.symbol("a", .italic), .symbol("+", .upright), .symbol("b", .italic)]),
        ])
    }

    @Test func greekLettersLowercaseItalicCapitalsUpright() {
        #expect(math("$\\alpha\\beta\\omega$") == [
            .symbol("α", .italic), .symbol("β", .italic), .symbol("ω", .italic),
        ])
        #expect(math("$\\Gamma\\Delta\\Omega$") == [
            .symbol("Γ", .upright), .symbol("Δ", .upright), .symbol("Ω", .upright),
        ])
        #expect(math("$\\lambda_{2}$") == [.scripts(base: .symbol("λ", .italic), sub: [.symbol("2", .upright)], sup: nil)])
        let all = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
                   "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega"]
        for name in all {
            guard case .symbol(let text, .italic)? = math("$\\\(name)$").first else {
                Issue.record("\\\(name) is not an italic symbol")
                continue
            }
            #expect(text.unicodeScalars.first.map { (0x03B1...0x03F5).contains($0.value) } == true, "\\\(name)")
        }
    }

    @Test func cdotAndTimesAreSpacedOperators() {
        #expect(math("$a\\cdot b$") == [
            .symbol("a", .italic), .space(0.2), .symbol("\u{22C5}", .upright), .space(0.2), .symbol("b", .italic),
        ])
        #expect(math("$2\\times10^{3}$") == [
            .symbol("2", .upright), .space(0.2), .symbol("\u{00D7}", .upright), .space(0.2), .symbol("1", .upright),
            .scripts(base: .symbol("0", .upright), sub: nil, sup: [.symbol("3", .upright)]),
        ])
    }

    @Test func hatAccentWithAndWithoutBraces() {
        #expect(math("$\\hat{y}$") == [.accent(.hat, [.symbol("y", .italic)])])
        #expect(math("$\\hat y$") == [.accent(.hat, [.symbol("y", .italic)])])
        #expect(math("$\\hat{y}_i$") == [
            .scripts(base: .accent(.hat, [.symbol("y", .italic)]), sub: [.symbol("i", .italic)], sup: nil),
        ])
    }

    @Test func mixedPlainAndMathSegments() {
        let parsed = MathText.parse("loss $L_2$ at $\\alpha$!")
        #expect(parsed.segments == [
            .plain("loss "),
            .math([.scripts(base: .symbol("L", .italic), sub: [.symbol("2", .upright)], sup: nil)]),
            .plain(" at "),
            .math([.symbol("α", .italic)]),
            .plain("!"),
        ])
    }

    @Test func fontCommandsAndText() {
        #expect(math("$\\mathrm{d}x$") == [.group([.symbol("d", .upright)]), .symbol("x", .italic)])
        #expect(math("$\\mathdefault{10^{2}}$") == [.group([
            .symbol("1", .upright), .scripts(base: .symbol("0", .upright), sub: nil, sup: [.symbol("2", .upright)]),
        ])])
        #expect(math("$y_\\text{true value}$") == [
            .scripts(base: .symbol("y", .italic), sub: [.text("true value")], sup: nil),
        ])
        #expect(math("$\\log x$") == [
            .symbol("l", .upright), .symbol("o", .upright), .symbol("g", .upright), .symbol("x", .italic),
        ])
    }

    @Test func malformedInputNeverCrashes() {
        for text in ["$x_$", "$^$", "$\\$", "${$", "$}$", "$\\hat$", "$x__y$", "$\\unknown{z}$", "$$", "$_{_{_{a}}}$"] {
            _ = MathText.parse(text)
        }
        #expect(math("$\\unknown$") == [.symbol("\\unknown", .upright)])
        #expect(math("$x_$") == [.scripts(base: .symbol("x", .italic), sub: [], sup: nil)])
    }
}
