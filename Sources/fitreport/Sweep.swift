import ArgumentParser
import Configuration
import Console
import Foundation
import Report

/// `fitreport sweep --lr 1e-4,1e-3,1e-2 …`: one run per combination, then a comparison page — in this process,
/// in `--jobs N` child processes, or as a Slurm job array (`--slurm`).
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every combination of comma-separated values (a grid), then write a comparison page.",
        discussion: "Lists are accepted for: " + RunConfig.sweepableKeys.sorted().joined(separator: ", ")
            + ". --jobs N runs N members at once on this machine. --slurm writes the sweep's plan and a job-array "
            + "script under DIR/sweeps/<sweep-id>/ and submits it; `fitreport sweep status` and `fitreport sweep "
            + "collect` follow and gather it. With --print-commands, prints the equivalent `fitreport run` commands "
            + "instead (one per line), for GNU parallel or another scheduler; `fitreport index` gathers their results.",
        subcommands: [SweepStatus.self, SweepCollect.self])

    @OptionGroup(title: "Run settings") var options: RunOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Output") var figureFormats: FigureFormatOptions

    @OptionGroup(title: "Messages") var messages: MessageOptions

    @Flag(name: .customLong("print-commands"), help: "Print one `fitreport run` command per combination and exit.")
    var printCommands = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Run N members at once, each a `fitreport run` child process. "
                                                    + "(default: 1)", valueName: "N"))
    var jobs: Int = 1

    @OptionGroup(title: "Slurm") var slurm: SlurmOptions

    func validate() throws {
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
        if slurm.slurm && printCommands { throw ValidationError("--slurm and --print-commands exclude each other") }
        if jobs > 1 && (slurm.slurm || printCommands) {
            throw ValidationError("--jobs runs members on this machine; it does not combine with "
                + (slurm.slurm ? "--slurm (use --max-parallel)" : "--print-commands (use parallel -j N)"))
        }
    }

    func run() throws {
        let grid = SweepGrid(settings: options.settings())
        let members: [SweepMember]
        do {
            members = try SweepMember.expand(grid, over: try options.baseConfig(), baseName: output.name)
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        if printCommands {
            for member in members {
                let args = ["fitreport"] + member.runArguments(options: options, output: output,
                                                               format: figureFormats.format)
                print(args.map(SweepMember.shellQuoted).joined(separator: " "))
            }
            return
        }
        // Check every combination before training any (or writing a plan).
        for member in members {
            do {
                _ = try member.config.resolve()
            } catch {
                throw Failure(code: .badInput, message: (member.name.isEmpty ? "" : member.name + ": ")
                    + error.description)
            }
        }
        if slurm.slurm {
            try plan(members, grid: grid)
        } else if jobs > 1 {
            try runInParallel(members)
        } else {
            try runHere(members)
        }
    }

    /// Every member in this process, one after the other.
    private func runHere(_ members: [SweepMember]) throws {
        let interruption = Interruption()
        var folders: [String] = []
        for member in members {
            var runOutput = output
            runOutput.name = member.name.isEmpty ? nil : member.name
            let (_, written) = try RunExecution.execute(member.config, output: runOutput,
                                                        formats: try figureFormats.formats(),
                                                        interruption: interruption, messages: messages,
                                                        threads: options.threads)
            print("[\(member.index + 1)/\(members.count)] \(member.name.isEmpty ? written.runID : member.name): "
                  + written.reportPath)
            folders.append(written.directory)
            if interruption.requested { break }
        }
        try compare(folders)
        if interruption.requested {
            throw Failure(code: .interrupted, message: "sweep interrupted: \(folders.count) of \(members.count) "
                + "runs written (the last one with status interrupted); the comparison covers those")
        }
    }

    /// `--jobs N`: the members as child processes, N at a time; the comparison in grid order.
    private func runInParallel(_ members: [SweepMember]) throws {
        let interruption = Interruption()
        // The cores shared out between the children (results are identical for any thread count).
        let threads = options.threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / jobs)
        let arguments = members.map { member in
            member.runArguments(options: options, output: output, format: figureFormats.format)
                + ["--threads", "\(threads)"]
        }
        let outcomes = try ParallelSweep(arguments: arguments, names: members.map(\.name), jobs: jobs)
            .run(interruption: interruption)
        let folders = outcomes.compactMap { $0?.runDirectory }
        let failures = outcomes.enumerated().compactMap { i, outcome -> (Int, Int32)? in
            guard let outcome, ![0, Failure.Code.diverged.rawValue, Failure.Code.interrupted.rawValue]
                .contains(outcome.status) else { return nil }
            return (i, outcome.status)
        }
        if let (index, status) = failures.first {
            if !folders.isEmpty { try compare(folders) }
            // One message: the first failed member's own (the children's errors are not printed as they end).
            let message = outcomes[index]?.message ?? ""
            let others = failures.count - 1
            throw Failure(code: Failure.Code(rawValue: status) ?? .internalError,
                          message: "member \(index) (\(members[index].name)) failed with exit status \(status)"
                            + (others > 0 ? ", and \(others) more member\(others == 1 ? "" : "s") failed" : "")
                            + "; \(folders.count) of \(members.count) runs written"
                            + (message.isEmpty ? "" : ". Member \(index): " + message))
        }
        if folders.isEmpty {
            throw Failure(code: .interrupted, message: "sweep interrupted before any run was written")
        }
        try compare(folders)
        if interruption.requested || folders.count < members.count {
            throw Failure(code: .interrupted, message: "sweep interrupted: \(folders.count) of \(members.count) "
                + "runs written; the comparison covers those")
        }
    }

    /// Writes the comparison page of `folders` and prints its path.
    private func compare(_ folders: [String]) throws {
        do {
            print(try Comparison(outputRoot: output.out, templatesDirectory: output.templates)
                .write(runDirectories: folders))
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        }
    }

    /// `--slurm`: the plan folder and `sweep.sbatch`, then `sbatch --parsable` unless `--dry-run`.
    private func plan(_ members: [SweepMember], grid: SweepGrid) throws {
        if !slurm.dryRun && SlurmCommands.find("sbatch") == nil {
            throw Failure(code: .badInput, message: SlurmCommands.missingSbatch)
        }
        if slurm.fitreportPath == nil && SlurmCommands.find("fitreport") == nil && !messages.quiet {
            warn("fitreport is not on PATH here; the nodes need it on theirs, or pass --fitreport-path "
                 + ParallelSweep.executable + " (a path the nodes can reach)")
        }
        var runArguments = SweepMember.outputArguments(output, format: figureFormats.format)
        if let threads = options.threads ?? slurm.cpusPerTask { runArguments += ["--threads", "\(threads)"] }
        let command = (["fitreport"] + CommandLine.arguments.dropFirst()).map(SweepMember.shellQuoted)
            .joined(separator: " ")
        let folder: SweepFolder
        do {
            folder = try SweepFolder.create(
                members: members, grid: grid.axes, command: command, out: output.out, templates: output.templates
            ) { destination in
                SlurmScript(sweepID: URL(fileURLWithPath: destination).lastPathComponent,
                            sweepDirectory: destination,
                            workingDirectory: FileManager.default.currentDirectoryPath,
                            memberNames: members.map(\.name), runArguments: runArguments, options: slurm).text
            }
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        } catch {
            throw Failure(code: .notWritable, message: "cannot write the sweep's plan under \(output.out)/sweeps: "
                + "\(error.localizedDescription). Choose a writable folder with --out DIR.")
        }
        let id = folder.manifest.sweepID
        let script = folder.directory + "/sweep.sbatch"
        if !messages.quiet {
            print("sweep \(id): \(members.count) members planned in \(folder.directory)")
        }
        if slurm.dryRun {
            if !messages.quiet { print("not submitted (--dry-run); submit with: sbatch \(script)") }
            print(script)
            return
        }
        let job = try SlurmCommands.submit(script)
        do {
            try StagedFolder.writeFile(folder.directory + "/slurm-job-id", Data((job + "\n").utf8))
        } catch {
            warn("submitted job \(job) but could not record it in \(folder.directory)/slurm-job-id: \(error)")
        }
        if !messages.quiet {
            print("submitted Slurm job \(job): array 0-\(members.count - 1)"
                  + (slurm.maxParallel.map { "%\($0)" } ?? "") + ", logs in \(folder.directory)/logs")
            print("follow with `fitreport sweep status \(id)`, gather with `fitreport sweep collect \(id)`"
                  + (output.out == "output" ? "" : " (add --out \(output.out))"))
        }
        print(job)
    }
}
