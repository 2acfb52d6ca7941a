import Foundation
import Report

/// Where each member of a planned sweep stands, from the member's `results/<n>` file, its run folder and — when
/// Slurm's `squeue`/`sacct` answer — the job array's task states.
struct SweepProgress {
    /// One member's state.
    enum State: Equatable {
        /// Ran to the end: exit 0 and a run folder with status complete.
        case complete(run: String)
        /// Ended with a non-zero exit status, or Slurm ended it (`TIMEOUT`, `CANCELLED`, …); `run` is its folder when
        /// one was written (a diverged run is).
        case failed(reason: String, run: String?)
        /// Queued or running, as Slurm says (`PENDING`, `RUNNING`, …).
        case queued(String)
        /// Not finished and not known to Slurm: not submitted, not started yet, or lost.
        case missing(reason: String)

        var word: String {
            switch self {
            case .complete: "complete"
            case .failed: "failed"
            case .queued(let state): state.lowercased()
            case .missing: "missing"
            }
        }

        /// The run folder, when the member wrote one.
        var run: String? {
            switch self {
            case .complete(let run): run
            case .failed(_, let run): run
            default: nil
            }
        }
    }

    struct Entry {
        var member: SweepManifest.Member
        var state: State
        /// The member's Slurm log (it may not exist yet).
        var log: String
    }

    var folder: SweepFolder
    var entries: [Entry]

    /// Reads every member's state; asks Slurm only when a job id was recorded and `withSlurm` is set.
    init(_ folder: SweepFolder, withSlurm: Bool = true) {
        self.folder = folder
        let slurm = withSlurm ? folder.jobID.map(SlurmCommands.taskStates(jobID:)) ?? [:] : [:]
        let runs = folder.outputRoot + "/runs/"
        entries = folder.manifest.members.map { member in
            let log = folder.logPath(member.index)
            let result = Self.readResult(folder.resultPath(member.index))
            let run = result["run"].flatMap { $0.isEmpty ? nil : runs + $0 }
            let existingRun = run.flatMap { FileManager.default.fileExists(atPath: $0 + "/run.json") ? $0 : nil }
            let state: State
            if let exit = result["exit"].flatMap(Int32.init) {
                if let run, existingRun == nil {
                    state = .missing(reason: "its job wrote \(run), which is not there (copy the run folders "
                        + "together with the sweep)")
                } else if exit == 0, let existingRun, Self.runStatus(existingRun) == "complete" {
                    state = .complete(run: existingRun)
                } else {
                    var reason = "exit \(exit)"
                    if let existingRun, let status = Self.runStatus(existingRun) { reason += ", run \(status)" }
                    if exit == 127 { reason += ", fitreport not found on the node" }
                    state = .failed(reason: reason, run: existingRun)
                }
            } else if let slurmState = slurm[member.index] {
                switch slurmState {
                case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "RESIZING", "SUSPENDED":
                    state = .queued(slurmState)
                default:
                    state = .failed(reason: "Slurm state \(slurmState), no result written", run: nil)
                }
            } else {
                state = .missing(reason: folder.jobID == nil ? "not submitted (no slurm-job-id)" : "no result yet")
            }
            return Entry(member: member, state: state, log: log)
        }
    }

    /// `key=value` lines of a member's result file; empty when it does not exist yet.
    static func readResult(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return fields
    }

    /// The `status` in a run folder's `run.json` (`complete`, `diverged`, `interrupted`, …).
    static func runStatus(_ directory: String) -> String? {
        (try? StoredRun(directory: directory))?.status
    }

    var completeCount: Int { entries.filter { if case .complete = $0.state { true } else { false } }.count }
    var allComplete: Bool { completeCount == entries.count }

    /// `6 members: 5 complete, 1 failed`-style summary (only the states that occur).
    var summary: String {
        var counts: [(String, Int)] = []
        for entry in entries {
            if let i = counts.firstIndex(where: { $0.0 == entry.state.word }) { counts[i].1 += 1 }
            else { counts.append((entry.state.word, 1)) }
        }
        let order = ["complete", "failed", "running", "pending", "missing"]
        counts.sort { (order.firstIndex(of: $0.0) ?? 9, $0.0) < (order.firstIndex(of: $1.0) ?? 9, $1.0) }
        return "sweep \(folder.manifest.sweepID): \(entries.count) members: "
            + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    /// One line per member: index, name, state, and the run folder or the log.
    func lines(onlyUnfinished: Bool = false) -> [String] {
        let width = entries.map(\.member.name.count).max() ?? 0
        return entries.compactMap { entry in
            if onlyUnfinished, case .complete = entry.state { return nil }
            var line = "\(entry.member.index)".leftPadded(to: 3) + "  "
                + entry.member.name.padding(toLength: max(width, 1), withPad: " ", startingAt: 0) + "  "
            switch entry.state {
            case .complete(let run): line += "complete  \(run)"
            case .failed(let reason, _): line += "failed (\(reason))  log: \(entry.log)"
            case .queued(let state): line += "\(state.lowercased())  log: \(entry.log)"
            case .missing(let reason): line += "missing (\(reason))  log: \(entry.log)"
            }
            return line
        }
    }
}

extension String {
    /// The string with spaces in front, to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
