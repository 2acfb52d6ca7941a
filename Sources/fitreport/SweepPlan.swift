import Foundation
import Report
import RunRecord

/// `sweep.json`: what a planned sweep is — its grid, its members in grid order, the command that made it, and how
/// its members are run. Written once, with the member configs and `sweep.sbatch`, into `DIR/sweeps/<sweep-id>/`.
struct SweepManifest: Codable {
    struct Axis: Codable {
        var key: String
        var values: [String]
    }
    struct Setting: Codable {
        var key: String
        var value: String
    }
    struct Member: Codable {
        var index: Int
        var name: String
        /// The varying settings of this member.
        var label: [Setting]
        /// The member's settings file, relative to the sweep folder (`members/<index>.json`).
        var config: String
        /// The member's Slurm log, relative to the sweep folder (`logs/member-<index>.out`).
        var log: String
    }

    var schemaVersion = 1
    var sweepID: String
    var createdAt: String
    var toolVersion: String
    /// The `fitreport sweep …` command line, shell-quoted.
    var command: String
    /// The folder the command ran in; the members run there too (`sbatch --chdir`).
    var workingDirectory: String
    /// `--out` as given (relative to `workingDirectory`).
    var out: String
    var templates: String?
    var grid: [Axis]
    var members: [Member]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", sweepID = "sweep_id", createdAt = "created_at"
        case toolVersion = "tool_version", command, workingDirectory = "working_directory", out, templates, grid
        case members
    }
}

/// A sweep folder on disk: `sweep.json`, `members/<n>.json`, `sweep.sbatch`, and what the members leave behind
/// (`results/<n>`, `logs/member-<n>.out`, `slurm-job-id`, `comparison/`).
struct SweepFolder {
    /// The folder, as a path relative to the current directory or absolute.
    var directory: String
    var manifest: SweepManifest

    /// The output folder holding `runs/` and `sweeps/`: two levels above the sweep folder, so a sweep copied
    /// together with its runs still finds them.
    var outputRoot: String {
        let root = ((directory as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return root.isEmpty ? "." : root
    }

    /// The file a member's job writes when it ends: its exit status and run folder name.
    func resultPath(_ index: Int) -> String { directory + "/results/\(index)" }

    func logPath(_ index: Int) -> String { directory + "/" + manifest.members[index].log }

    /// The job id `sbatch` gave, once submitted.
    var jobID: String? {
        (try? String(contentsOfFile: directory + "/slurm-job-id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes the plan into a new `<out>/sweeps/<id>` folder in one rename (a failure leaves nothing).
    static func create(members: [SweepMember], grid: [(key: String, values: [String])], command: String,
                       out: String, templates: String?, script: (_ destination: String) -> String) throws
        -> SweepFolder
    {
        let now = ReportSettings.sourceDateFromEnvironment() ?? Date()
        let baseID = StagedFolder.makeID(hashing: Data(command.utf8), date: now)
        var manifest = SweepManifest(
            sweepID: baseID, createdAt: Timestamp.iso8601(now), toolVersion: fitreportVersion, command: command,
            workingDirectory: FileManager.default.currentDirectoryPath, out: out, templates: templates,
            grid: grid.map { SweepManifest.Axis(key: $0.key, values: $0.values) },
            members: members.map { member in
                SweepManifest.Member(index: member.index, name: member.name,
                                     label: member.label.map { SweepManifest.Setting(key: $0.key, value: $0.value) },
                                     config: "members/\(member.index).json", log: "logs/member-\(member.index).out")
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let (id, directory) = try StagedFolder.create(in: out + "/sweeps", baseID: baseID) { staging, destination in
            manifest.sweepID = URL(fileURLWithPath: destination).lastPathComponent
            for sub in ["members", "logs", "results"] {
                // Not withIntermediateDirectories: a staging folder removed meanwhile is not made again.
                try FileManager.default.createDirectory(atPath: staging + "/" + sub, withIntermediateDirectories: false)
            }
            for member in members {
                try member.configJSON().write(to: URL(fileURLWithPath: staging + "/members/\(member.index).json"))
            }
            try (encoder.encode(manifest) + Data("\n".utf8)).write(to: URL(fileURLWithPath: staging + "/sweep.json"))
            try Data(script(Self.absolute(destination)).utf8).write(to: URL(fileURLWithPath: staging + "/sweep.sbatch"))
        }
        manifest.sweepID = id
        return SweepFolder(directory: directory, manifest: manifest)
    }

    /// Opens the sweep named `name`: a sweep folder path, or an id under `<out>/sweeps/`.
    static func open(_ name: String, out: String) throws(Failure) -> SweepFolder {
        var fm: FileManager { .default }
        let candidates = [name, out + "/sweeps/" + name]
        guard let directory = candidates.first(where: { fm.fileExists(atPath: $0 + "/sweep.json") }) else {
            let known = ((try? fm.contentsOfDirectory(atPath: out + "/sweeps")) ?? []).filter { !$0.hasPrefix(".") }
                .sorted()
            throw Failure(code: .badInput, message: "no sweep '\(name)': neither \(name)/sweep.json nor "
                + "\(out)/sweeps/\(name)/sweep.json exists. "
                + (known.isEmpty ? "\(out)/sweeps holds no sweeps (made by `fitreport sweep … --slurm`); "
                   + "pass --out DIR for another output folder"
                   : "Sweeps in \(out)/sweeps: " + known.suffix(5).joined(separator: ", ")))
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/sweep.json"))
            let manifest = try JSONDecoder().decode(SweepManifest.self, from: data)
            return SweepFolder(directory: directory.hasSuffix("/") ? String(directory.dropLast()) : directory,
                               manifest: manifest)
        } catch {
            throw Failure(code: .badInput, message: "\(directory)/sweep.json is not a sweep plan fitreport can read: "
                + "\(error)")
        }
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
