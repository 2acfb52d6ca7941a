import Foundation

/// The Slurm client commands fitreport calls: `sbatch` to submit, `squeue` and `sacct` to ask about a job's tasks.
/// Each is looked up on `PATH`; the query commands are optional (a sweep's own `results/` files say how members
/// ended), `sbatch` is required to submit.
enum SlurmCommands {
    /// The first executable named `name` on `PATH`, if any.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` and returns its exit status, stdout and stderr.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, on two threads, so a full pipe cannot stall the child.
        let errorText = ErrorCollector(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), errorText.text())
    }

    /// Submits `script` with `sbatch --parsable` and returns the job id (the part before `;cluster`).
    static func submit(_ script: String) throws(Failure) -> String {
        guard let sbatch = find("sbatch") else { throw Failure(code: .badInput, message: missingSbatch) }
        let result: (status: Int32, out: String, err: String)
        do {
            result = try run(sbatch, ["--parsable", script])
        } catch {
            throw Failure(code: .badInput, message: "cannot start \(sbatch): \(error.localizedDescription)")
        }
        let id = result.out.split(separator: "\n").last.map { String($0.split(separator: ";")[0]) } ?? ""
        guard result.status == 0, !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw Failure(code: .badInput, message: "sbatch refused \(script) (exit \(result.status)): "
                + result.err.trimmingCharacters(in: .whitespacesAndNewlines)
                + ". The plan is kept; fix the option and submit the script with sbatch, or run the sweep again")
        }
        return id
    }

    /// The message for `--slurm` on a machine without Slurm's client commands.
    static let missingSbatch = "--slurm needs sbatch, which is not on PATH. Install Slurm's client commands "
        + "(Debian: apt-get install slurm-client, or slurm-wlm), run on a login node of your cluster, or use "
        + "--slurm --dry-run to write the job script without submitting it, or --print-commands for other schedulers"

    /// Array task id → Slurm state (`PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `TIMEOUT`, …) for job `jobID`:
    /// `squeue` for queued and running tasks, then `sacct` (when accounting is on) for finished ones. Empty when
    /// neither command is available or answers.
    static func taskStates(jobID: String) -> [Int: String] {
        var states: [Int: String] = [:]
        if let sacct = find("sacct"),
           let result = try? run(sacct, ["-n", "-P", "-X", "-j", jobID, "-o", "JobID,State"]), result.status == 0
        {
            for line in result.out.split(separator: "\n") {
                let fields = line.split(separator: "|")
                guard fields.count == 2 else { continue }
                let id = fields[0].split(separator: "_")
                guard id.count == 2, let task = Int(id[1]) else { continue }
                states[task] = String(fields[1].split(separator: " ")[0])
            }
        }
        if let squeue = find("squeue"),
           let result = try? run(squeue, ["-h", "-r", "-j", jobID, "-o", "%K %T"]), result.status == 0
        {
            for line in result.out.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 2, let task = Int(fields[0]) else { continue }
                states[task] = String(fields[1])
            }
        }
        return states
    }
}

/// Reads a pipe to its end on a background thread.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    /// The text read, once the pipe is closed.
    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
