import ArgumentParser
import Benchmarks
import Foundation
import Training

/// `fitreport bench`: times the training engine and the renderer in one process and prints the medians.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time training (100 and 1,000,000 points), the whole program and rendering; print medians and spread.",
        discussion: """
            Every workload runs several times in this process against the same data; the table shows the median, \
            quartiles and min/max. The straightforward interpreter is measured too, so the speed-up is \
            meaningful. Use a release build (swift build -c release).
            """)

    @Flag(help: "Print the results as JSON instead of a table.")
    var json = false

    @Flag(help: "Fewer repetitions and epochs (a quick look).")
    var quick = false

    @Option(help: "Repetitions of each workload (default: 7 training, 5 whole program, 3 rendering).")
    var repetitions: Int?

    @Option(help: "Threads for training (default: the number of active processors).")
    var threads: Int?

    @Option(help: "Run only the workloads whose names contain one of these comma-separated parts (e.g. train-n100,render).")
    var only: String?

    @Flag(help: "Skip the rendering workloads.")
    var noRendering = false

    @Flag(help: "Skip the training workloads.")
    var noTraining = false

    @Flag(help: "Skip timing the whole program in a child process.")
    var noWholeProgram = false

    func validate() throws {
        if let repetitions, repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let options = BenchOptions(
            quick: quick, repetitions: repetitions, threads: threads ?? Trainer.defaultThreads,
            training: !noTraining, rendering: !noRendering,
            executable: noWholeProgram ? nil : Self.executablePath(),
            only: only.map { $0.split(separator: ",").map(String.init) } ?? [])
        let report = BenchSuite.run(options) { name in
            FileHandle.standardError.write(Data("bench: \(name)…\n".utf8))
        }
        print(json ? report.json() : report.table)
    }

    /// This executable, for timing the whole program in a child process.
    private static func executablePath() -> String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath
    }
}
