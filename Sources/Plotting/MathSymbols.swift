/// TeX command names → Unicode, for the mathtext subset (the code points matplotlib's `tex2uni` uses).
enum MathSymbols {
    /// Greek letters; capitals only where they differ from Latin ones.
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
        "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
        "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Binary operators: spaced by 0.2 em on each side outside scripts.
    static let binaryOperators: [String: String] = [
        "cdot": "\u{22C5}", "times": "\u{00D7}", "pm": "\u{00B1}", "mp": "\u{2213}", "div": "\u{00F7}",
        "ast": "\u{2217}", "star": "\u{22C6}", "circ": "\u{2218}", "bullet": "\u{2219}",
        "cup": "\u{222A}", "cap": "\u{2229}", "wedge": "\u{2227}", "vee": "\u{2228}",
        "oplus": "\u{2295}", "otimes": "\u{2297}",
    ]

    /// Relations and arrows: spaced like binary operators.
    static let relations: [String: String] = [
        "leq": "\u{2264}", "le": "\u{2264}", "geq": "\u{2265}", "ge": "\u{2265}", "neq": "\u{2260}",
        "ne": "\u{2260}", "approx": "\u{2248}", "sim": "\u{223C}", "simeq": "\u{2243}", "equiv": "\u{2261}",
        "propto": "\u{221D}", "ll": "\u{226A}", "gg": "\u{226B}", "in": "\u{2208}", "notin": "\u{2209}",
        "subset": "\u{2282}", "supset": "\u{2283}", "to": "\u{2192}", "rightarrow": "\u{2192}",
        "leftarrow": "\u{2190}", "Rightarrow": "\u{21D2}", "Leftarrow": "\u{21D0}",
        "leftrightarrow": "\u{2194}", "mapsto": "\u{21A6}",
    ]

    /// Other symbols, unspaced.
    static let other: [String: String] = [
        "infty": "\u{221E}", "partial": "\u{2202}", "nabla": "\u{2207}", "sum": "\u{2211}",
        "prod": "\u{220F}", "int": "\u{222B}", "sqrt": "\u{221A}", "ldots": "\u{2026}", "cdots": "\u{22EF}",
        "prime": "\u{2032}", "degree": "\u{00B0}", "circledR": "\u{00AE}", "ell": "\u{2113}",
        "hbar": "\u{210F}", "emptyset": "\u{2205}", "forall": "\u{2200}", "exists": "\u{2203}",
        "neg": "\u{00AC}", "langle": "\u{27E8}", "rangle": "\u{27E9}", "lbrace": "{", "rbrace": "}",
        "vert": "|", "Vert": "\u{2016}", "percent": "%", "dag": "\u{2020}", "S": "\u{00A7}",
    ]

    /// Operator names set upright, like `\log` and `\exp`.
    static let functionNames: Set<String> = [
        "log", "ln", "lg", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan",
        "max", "min", "sup", "inf", "lim", "arg", "det", "dim", "ker", "deg", "gcd", "sec", "csc", "cot",
    ]

    /// Every symbol that gets operator spacing, as drawn.
    static let spacedSymbols: Set<String> = {
        var symbols: Set<String> = ["+", "\u{2212}", "*", "=", "<", ">", ":"]
        symbols.formUnion(binaryOperators.values)
        symbols.formUnion(relations.values)
        return symbols
    }()
}
