import ArgumentParser

/// How much the command says on stderr.
struct MessageOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only the path of the main file; no progress bar.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each phase (settings, training, report) on stderr.")
    var verbose = false

    /// The phase log on stderr: its lines are written only with --verbose.
    var logger: PhaseLog { PhaseLog(enabled: verbose) }
}
