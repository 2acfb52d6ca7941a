extension String {
    /// The text without leading and trailing spaces and tabs (for specs such as `mlp: 16, 16` and `step: 10 : 0.5`).
    var trimmedBlanks: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
