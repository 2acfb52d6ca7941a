import ArgumentParser
import Foundation

/// `fitreport sweep --slurm …`: the sweep as a Slurm job array instead of runs on this machine.
struct SlurmOptions: ParsableArguments {
    @Flag(help: "Write the sweep's plan and a job-array script under DIR/sweeps/<sweep-id>/ and submit it with sbatch.")
    var slurm = false

    @Option(help: ArgumentHelp("Slurm partition (sbatch --partition).", valueName: "P"))
    var partition: String?

    @Option(help: ArgumentHelp("Time limit of each member (sbatch --time): MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or "
                               + "D-HH:MM:SS.", valueName: "HH:MM:SS"))
    var time: String?

    @Option(name: .customLong("cpus-per-task"),
            help: ArgumentHelp("CPUs per member (sbatch --cpus-per-task); also its training threads.", valueName: "C"))
    var cpusPerTask: Int?

    @Option(name: .customLong("max-parallel"),
            help: ArgumentHelp("At most K members running at once (--array=0-(n-1)%K).", valueName: "K"))
    var maxParallel: Int?

    @Option(name: .customLong("sbatch-arg"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("An extra sbatch option for the script, e.g. --sbatch-arg=--mem=2G (repeatable).",
                               valueName: "ARG"))
    var sbatchArguments: [String] = []

    @Option(name: .customLong("fitreport-path"),
            help: ArgumentHelp("The fitreport binary the nodes run. (default: fitreport on the nodes' PATH)",
                               valueName: "PATH"))
    var fitreportPath: String?

    @Flag(name: .customLong("dry-run"), help: "With --slurm: write the plan and the script but do not submit.")
    var dryRun = false

    /// True when any Slurm-only option was given.
    var anySlurmOption: Bool {
        partition != nil || time != nil || cpusPerTask != nil || maxParallel != nil || !sbatchArguments.isEmpty
            || fitreportPath != nil || dryRun
    }

    func validate() throws {
        if !slurm && anySlurmOption {
            throw ValidationError("--partition, --time, --cpus-per-task, --max-parallel, --sbatch-arg, "
                + "--fitreport-path and --dry-run belong to --slurm; add --slurm")
        }
        if let time, !Self.isSlurmDuration(time) {
            throw ValidationError("--time: '\(time)' is not a Slurm duration; use MM, MM:SS, HH:MM:SS, D-HH, "
                + "D-HH:MM or D-HH:MM:SS (e.g. 00:30:00)")
        }
        if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
        if let maxParallel, maxParallel < 1 { throw ValidationError("--max-parallel must be at least 1") }
        for argument in sbatchArguments where !argument.hasPrefix("-") || argument.contains("\n") {
            throw ValidationError("--sbatch-arg: '\(argument)' is not an sbatch option; write it as "
                + "--sbatch-arg=--mem=2G")
        }
        if let partition, partition.isEmpty || partition.contains(where: { $0.isWhitespace }) {
            throw ValidationError("--partition: '\(partition)' is not a partition name")
        }
    }

    /// Slurm's time formats (sbatch(1) `--time`): `M`, `M:S`, `H:M:S`, `D-H`, `D-H:M`, `D-H:M:S`, or `UNLIMITED`.
    static func isSlurmDuration(_ text: String) -> Bool {
        if ["unlimited", "infinite"].contains(text.lowercased()) { return true }
        func numbers(_ part: Substring) -> [Int]? {
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            let values = fields.map { $0.allSatisfy(\.isASCII) && !$0.isEmpty ? Int($0) : nil }
            guard values.allSatisfy({ $0 != nil }) else { return nil }
            return values.compactMap { $0 }
        }
        let dayParts = text.split(separator: "-", omittingEmptySubsequences: false)
        let clock: [Int]
        switch dayParts.count {
        case 1:
            guard let c = numbers(dayParts[0]), (1...3).contains(c.count) else { return false }
            clock = c.count == 3 ? c : []  // M and M:S are not checked further
            if c.count == 2, c[1] >= 60 { return false }
        case 2:
            guard let d = numbers(dayParts[0]), d.count == 1, let c = numbers(dayParts[1]), (1...3).contains(c.count)
            else { return false }
            clock = c
        default:
            return false
        }
        if clock.count >= 2, clock[1] >= 60 { return false }
        if clock.count == 3, clock[2] >= 60 { return false }
        return true
    }
}
