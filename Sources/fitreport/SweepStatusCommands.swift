import ArgumentParser
import Foundation
import Report

/// `fitreport sweep status SWEEP`: where each member of a planned sweep stands.
struct SweepStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each member of a sweep made with --slurm: complete, failed, pending, running or missing.",
        discussion: "Reads the members' results and run folders and, when squeue/sacct exist, the job array's task "
            + "states. Exits 0 when every member is complete, 5 otherwise.")

    @Argument(help: ArgumentHelp("The sweep id (under DIR/sweeps/) or the sweep folder.", valueName: "SWEEP"))
    var sweep: String

    @Option(name: .long, help: ArgumentHelp("Output folder holding sweeps/. (default: output)", valueName: "DIR"))
    var out: String = "output"

    /// `sweep`'s own options are parsed first and take `--out` wherever it stands on the command line.
    @ParentCommand var parent: Sweep

    func run() throws {
        let folder = try SweepFolder.open(sweep, out: out != "output" ? out : parent.output.out)
        let progress = SweepProgress(folder)
        if let job = folder.jobID { print("Slurm job \(job)") }
        for line in progress.lines() { print(line) }
        print(progress.summary)
        if !progress.allComplete {
            throw Failure(code: .incomplete, message: "\(progress.entries.count - progress.completeCount) of "
                + "\(progress.entries.count) members are not complete")
        }
    }
}

/// `fitreport sweep collect SWEEP`: the comparison page and the index from the members that finished.
struct SweepCollect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Write the comparison page of a sweep made with --slurm from the members that finished, and index.html.",
        discussion: "The page (SWEEP/comparison/compare.html) lists the members in grid order; failed and missing "
            + "members are listed with their Slurm log. Safe to run again and while members still run: the page and "
            + "the index are replaced in one rename. Exits 0 when every member is complete, 5 otherwise.")

    @Argument(help: ArgumentHelp("The sweep id (under DIR/sweeps/) or the sweep folder.", valueName: "SWEEP"))
    var sweep: String

    @Option(name: .long, help: ArgumentHelp("Output folder holding sweeps/. (default: output)", valueName: "DIR"))
    var out: String = "output"

    @Option(help: ArgumentHelp("Folder with your own compare.html and index.html templates. "
                               + "(default: the sweep's --templates)", valueName: "DIR"))
    var templates: String?

    /// `sweep`'s own options are parsed first and take `--out` and `--templates` wherever they stand on the
    /// command line.
    @ParentCommand var parent: Sweep

    func run() throws {
        let folder = try SweepFolder.open(sweep, out: out != "output" ? out : parent.output.out)
        let progress = SweepProgress(folder)
        let runs = progress.entries.compactMap(\.state.run)
        let unfinished = progress.lines(onlyUnfinished: true)
        if !unfinished.isEmpty {
            print("not complete:")
            for line in unfinished { print(line) }
        }
        print(progress.summary)
        let templates = templates ?? parent.output.templates ?? folder.manifest.templates
        do {
            print(try RunIndex(outputRoot: folder.outputRoot, templatesDirectory: templates).write())
            if runs.isEmpty {
                throw Failure(code: .incomplete, message: "no member of sweep \(folder.manifest.sweepID) has "
                    + "written a run yet; nothing to compare (see `fitreport sweep status`)")
            }
            print(try Comparison(outputRoot: folder.outputRoot, templatesDirectory: templates)
                .write(runDirectories: runs, into: folder.directory + "/comparison"))
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        }
        if !progress.allComplete {
            throw Failure(code: .incomplete, message: "\(progress.entries.count - progress.completeCount) of "
                + "\(progress.entries.count) members are not complete (listed above with their logs); "
                + "collect again once the missing ones have run")
        }
    }
}
