import Foundation

/// The whole default program — data, training, figures, report — as a user runs it: `fitreport --out DIR -q` in a
/// child process with a new empty DIR, timed from spawn to exit (posix_spawn + waitpid, so no run-loop polling adds
/// to the time).
enum WholeProgram {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func run(executable: String, repetitions: Int) throws -> BenchResult {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("fitreport-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: root) }
        var samples: [Double] = []
        for repetition in 0..<repetitions {
            // A fresh output folder each time: the run index and archive in a folder grow with every run.
            let arguments = [executable, "--out", root.appendingPathComponent("\(repetition)").path, "-q"]
            var status: Int32 = 0
            let elapsed = try seconds { status = try spawnAndWait(arguments) }
            guard status == 0 else {
                throw Failed(description: "\(arguments.joined(separator: " ")) exited with status \(status)")
            }
            samples.append(elapsed * 1e3)
        }
        return BenchResult(name: "whole-program",
                           summary: "fitreport --out DIR -q: seed data, 15000 epochs, figures (PNG+SVG), report",
                           unit: "ms", samples: samples, threads: ProcessInfo.processInfo.activeProcessorCount,
                           engine: "process")
    }

    /// The whole process's cost per extra epoch: `fitreport run --epochs 601000 --format png,svg -q` minus the same
    /// with `--epochs 1000`, over 600,000 (training, history.csv, hashing and the longer loss figure together),
    /// in µs per epoch. Each sample pairs one long and one short run.
    static func marginal(executable: String, repetitions: Int) throws -> BenchResult {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("fitreport-bench-marginal-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: root) }
        func time(_ epochs: Int, _ repetition: Int) throws -> Double {
            let arguments = [executable, "run", "--epochs", "\(epochs)", "--format", "png,svg", "-q",
                             "--out", root.appendingPathComponent("\(epochs)-\(repetition)").path]
            var status: Int32 = 0
            let elapsed = try seconds { status = try spawnAndWait(arguments) }
            guard status == 0 else {
                throw Failed(description: "\(arguments.joined(separator: " ")) exited with status \(status)")
            }
            return elapsed
        }
        var samples: [Double] = []
        for repetition in 0..<repetitions {
            let long = try time(601_000, repetition)
            let short = try time(1_000, repetition)
            samples.append((long - short) / 600_000 * 1e6)
        }
        return BenchResult(name: "whole-program-marginal",
                           summary: "fitreport run: (601,000 epochs − 1,000 epochs) / 600,000, PNG+SVG, per epoch",
                           unit: "us/epoch", samples: samples,
                           threads: ProcessInfo.processInfo.activeProcessorCount, engine: "process")
    }

    /// Runs `arguments` (program first) with stdout and stderr sent to /dev/null; returns the exit status.
    private static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw Failed(description: "cannot start \(arguments[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failed(description: "waitpid failed: error \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
