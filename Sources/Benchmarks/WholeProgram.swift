import Foundation

/// The whole default program — data, training, figures, report — as a user runs it: `fitreport --out DIR -q` in a
/// child process, timed from launch to exit.
enum WholeProgram {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static func run(executable: String, repetitions: Int) throws -> BenchResult {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("fitreport-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: root) }
        var samples: [Double] = []
        for _ in 0..<repetitions {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["--out", root.path, "-q"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let elapsed = try seconds {
                try process.run()
                process.waitUntilExit()
            }
            guard process.terminationStatus == 0 else {
                throw Failed(description: "\(executable) --out \(root.path) -q exited with \(process.terminationStatus)")
            }
            samples.append(elapsed * 1e3)
        }
        return BenchResult(name: "whole-program",
                           summary: "fitreport --out DIR -q: seed data, 15000 epochs, 4 figures (PNG+SVG), report",
                           unit: "ms", samples: samples, threads: ProcessInfo.processInfo.activeProcessorCount,
                           engine: "process")
    }
}
