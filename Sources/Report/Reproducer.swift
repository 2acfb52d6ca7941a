import Configuration
import Foundation
import Plotting
import Training

/// Reruns a finished run from its `run.json` and compares every artifact with the recorded SHA-256.
public struct Reproducer: Sendable {
    /// The verdict for one file.
    public enum Verdict: String, Sendable {
        case identical
        case different
        /// Recorded in the manifest, not produced by the rerun.
        case missing
        /// The stored file no longer matches the hash recorded when the run was made.
        case modified = "modified since recorded"
        /// The stored file is gone.
        case deleted = "missing from the run folder"
        /// Produced by the rerun, not in the manifest.
        case unexpected = "not in the manifest"
    }

    /// One artifact's result.
    public struct Line: Sendable {
        public var path: String
        public var verdict: Verdict
    }

    /// All artifacts, sorted by path; `passed` when every one is identical and untouched.
    public struct Outcome: Sendable {
        public var lines: [Line]
        public var passed: Bool { lines.allSatisfy { $0.verdict == .identical } }
    }

    public var templatesDirectory: String?

    public init(templatesDirectory: String? = nil) {
        self.templatesDirectory = templatesDirectory
    }

    /// Checks the stored files against the manifest, reruns into a temporary folder (removed afterwards), and
    /// compares the new files' hashes with the recorded ones.
    public func reproduce(_ directory: String) throws -> Outcome {
        let stored = try StoredRun(directory: directory)
        let manifest = stored.manifest
        let resolved = try manifest.config.resolve()
        let run = try Trainer.run(resolved.training)

        let formats = manifest.report.formats.compactMap(ImageFormat.init(rawValue:))
        let settings = ReportSettings(
            templatesDirectory: templatesDirectory, formats: formats, selfContained: manifest.report.selfContained,
            name: manifest.name, sourceDate: manifest.report.durationsInPage ? nil : Date(timeIntervalSince1970: 0))
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("fitreport-reproduce-\(UUID().uuidString)").path
        try FileOps.createDirectory(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let identity = RunIdentity(runID: manifest.runID, createdAt: manifest.createdAt, name: manifest.name)
        let fresh = try ReportWriter(outputRoot: scratch, settings: settings)
            .writeFiles(run, resolved: resolved, into: scratch, identity: identity, recordedTimings: manifest.timings)

        var lines: [Line] = []
        for (path, recorded) in manifest.artifacts.sorted(by: { $0.key < $1.key }) {
            let current = Hashing.sha256(file: directory + "/" + path)
            let verdict: Verdict
            if current == nil { verdict = .deleted }
            else if current != recorded { verdict = .modified }
            else if let new = fresh[path] { verdict = new == recorded ? .identical : .different }
            else { verdict = .missing }
            lines.append(Line(path: path, verdict: verdict))
        }
        for path in fresh.keys.sorted() where manifest.artifacts[path] == nil {
            lines.append(Line(path: path, verdict: .unexpected))
        }
        return Outcome(lines: lines)
    }
}
