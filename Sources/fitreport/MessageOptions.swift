import ArgumentParser
import Logging

/// How much the command says on stderr.
struct MessageOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only the path of the main file; no progress bar.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each phase (settings, training, report) on stderr.")
    var verbose = false

    /// A logger to stderr: phases at info level with --verbose, warnings otherwise.
    var logger: Logger {
        var logger = Logger(label: "fitreport") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .info : .warning
        return logger
    }
}
