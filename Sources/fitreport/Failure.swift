/// A failure the CLI reports with one message and a documented exit code.
struct Failure: Error, CustomStringConvertible {
    /// Exit codes, documented in the README and `--help`.
    enum Code: Int32 {
        case internalError = 1
        case badInput = 2
        case diverged = 3
        case notWritable = 4
        /// `sweep status` / `sweep collect`: some members are not finished, or failed.
        case incomplete = 5
        case interrupted = 130
    }

    var code: Code
    var message: String

    var description: String { message }
}
