import Console
import Foundation

/// `fitreport sweep … --jobs N`: the members as N child processes at a time, each a normal `fitreport run`, on this
/// machine. The run folders are the same as a sequential sweep's; the caller builds the comparison in grid order.
struct ParallelSweep {
    /// The `fitreport run` arguments of each member, in grid order.
    var arguments: [[String]]
    /// Display names, in grid order.
    var names: [String]
    var jobs: Int

    /// How one member ended.
    struct Outcome {
        var status: Int32
        /// The run folder, when the child printed a report path.
        var runDirectory: String?
        /// What a failed child printed on stderr (its one error message), for the sweep's own message; a child
        /// that did not fail has its stderr (warnings) passed on to ours as it ends.
        var message: String = ""
    }

    /// Runs every member (at most `jobs` at once) and returns their outcomes in grid order; `nil` for members not
    /// started because of `interruption` or an earlier failure. Prints `[k/n] name: report` as members end.
    func run(interruption: Interruption) throws -> [Outcome?] {
        let binary = Self.executable
        let finished = DispatchSemaphore(value: 0)
        var outcomes = [Outcome?](repeating: nil, count: arguments.count)
        var running: [(index: Int, process: Process, output: Pipe, errors: FileHandle?)] = []
        var next = 0, done = 0
        var failed = false
        while next < arguments.count || !running.isEmpty {
            while running.count < jobs, next < arguments.count, !failed, !interruption.requested {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = arguments[next] + ["--quiet"]
                let output = Pipe()
                process.standardOutput = output
                process.standardInput = FileHandle.nullDevice
                // stderr into an unlinked temporary file (no pipe to drain while it runs), read when it ends.
                let errors = Self.anonymousFile()
                process.standardError = errors ?? FileHandle.standardError
                process.terminationHandler = { _ in finished.signal() }
                do {
                    try process.run()
                } catch {
                    throw Failure(code: .internalError, message: "cannot start \(binary): \(error.localizedDescription)")
                }
                running.append((next, process, output, errors))
                next += 1
            }
            if running.isEmpty { break }
            _ = finished.wait(timeout: .now() + .milliseconds(200))
            for slot in running where !slot.process.isRunning {
                // --quiet: the child prints only its report path; warnings and errors go to our stderr.
                let text = String(decoding: slot.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                slot.process.waitUntilExit()
                let report = text.split(separator: "\n").last.map(String.init)
                let directory = report.flatMap { $0.hasSuffix("/report.html") ? String($0.dropLast(12)) : nil }
                let status = slot.process.terminationStatus
                var message = ""
                if let errors = slot.errors {
                    let text = (try? errors.seek(toOffset: 0)).flatMap { _ in try? errors.readToEnd() } ?? Data()
                    try? errors.close()
                    if [0, Failure.Code.diverged.rawValue, Failure.Code.interrupted.rawValue].contains(status) {
                        FileHandle.standardError.write(text)
                    } else {
                        message = String(decoding: text, as: UTF8.self)
                            .trimmingCharacters(in: .whitespacesAndNewlines)
                            .replacingOccurrences(of: "fitreport: error: ", with: "")
                    }
                }
                outcomes[slot.index] = Outcome(status: status, runDirectory: directory, message: message)
                done += 1
                let name = names[slot.index].isEmpty ? "member \(slot.index)" : names[slot.index]
                print("[\(done)/\(arguments.count)] \(name): \(report ?? "no run written (exit \(status))")")
                // Exit 3 (diverged) still wrote a run, as in a sequential sweep; anything else stops new starts.
                if status != 0 && status != Failure.Code.diverged.rawValue
                    && status != Failure.Code.interrupted.rawValue
                {
                    failed = true
                }
            }
            running.removeAll { !$0.process.isRunning }
        }
        return outcomes
    }

    /// A temporary file already unlinked (it vanishes with its last descriptor), or `nil` when none can be made.
    static func anonymousFile() -> FileHandle? {
        var template = Array((NSTemporaryDirectory() + "/fitreport-member-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        unlink(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// This program's own binary, which the members run.
    static var executable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
