import ArgumentParser
import Configuration
import Foundation
import Importers
import Training
import Archive
import Report

/// `fitreport reproduce RUN_DIR`: rerun from run.json and compare every artifact's hash.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rerun a run from its run.json and check that every artifact comes out byte for byte the same.",
        discussion: "Prints one line per artifact (identical / different / …) and exits non-zero on any difference, "
            + "on a missing artifact, or when a stored file no longer matches its recorded hash.")

    @Argument(help: ArgumentHelp("The run folder (output/runs/<run-id>).", valueName: "RUN_DIR"))
    var runDirectory: String

    @Option(help: ArgumentHelp("Folder with the templates the run was made with.", valueName: "DIR"))
    var templates: String?

    func run() throws {
        let outcome: Reproducer.Outcome
        do {
            outcome = try Reproducer(templatesDirectory: templates).reproduce(runDirectory)
        } catch let error as ConfigError {
            throw Failure(code: .badInput, message: "run.json of \(runDirectory): \(error)")
        } catch let error as ReportError {
            throw Failure(code: .badInput, message: error.description)
        } catch let error as ImportError {
            throw Failure(code: .badInput, message: "re-importing \(runDirectory): \(error)")
        } catch let error as TrainingError {
            throw Failure(code: .badInput, message: "run.json of \(runDirectory): \(error)")
        }
        let width = outcome.lines.map(\.path.count).max() ?? 0
        for line in outcome.lines {
            print(line.path.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + line.verdict.rawValue)
        }
        print("method: \(outcome.method)")
        let different = outcome.lines.filter { $0.verdict.isFailure }.count
        print(different == 0 ? "reproduced: no artifact differs (\(outcome.lines.count) checked)"
              : "NOT reproduced: \(different) of \(outcome.lines.count) artifacts differ")
        print(runDirectory.hasSuffix("/") ? runDirectory + "report.html" : runDirectory + "/report.html")
        if different > 0 { throw ExitCode(1) }
    }
}

/// `fitreport index`: an index.html of every run.
struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write DIR/index.html listing every run (newest first) with a thumbnail and a link to its report.")

    @Option(name: .long, help: ArgumentHelp("Output folder holding runs/. (default: output)", valueName: "DIR"))
    var out: String = "output"

    @Option(help: ArgumentHelp("Folder with your own index.html template.", valueName: "DIR"))
    var templates: String?

    @Flag(help: "First remove the hidden .partial leftovers of killed runs (saying which); only while nothing writes.")
    var clean = false

    func run() throws {
        do {
            let index = RunIndex(outputRoot: out, templatesDirectory: templates)
            if clean { try index.removeLeftovers { print("removing unfinished \($0)") } }
            let path = try index.write()
            for link in StoredRun.links(in: out) {
                warn("skipped \(link.path): a symbolic link (to \(link.target)), not a run folder; runs/ holds only "
                     + "real folders (fitreport never reads through links there)")
            }
            print(path)
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        }
    }
}

/// `fitreport compare RUN_DIR RUN_DIR…`: one page comparing runs.
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a comparison page: loss curves overlaid, fitted curves over the data, parameter table.")

    @Argument(help: ArgumentHelp("Run folders to compare.", valueName: "RUN_DIR"))
    var runs: [String]

    @Option(name: .long, help: ArgumentHelp("Output folder; pages go to DIR/comparisons/<id>. (default: output)",
                                            valueName: "DIR"))
    var out: String = "output"

    @Option(help: ArgumentHelp("Folder with your own compare.html template.", valueName: "DIR"))
    var templates: String?

    @Option(name: .customLong("loss-scale"), help: "Loss axis: log or linear. (default: log)")
    var lossScale: String = "log"

    func validate() throws {
        guard !runs.isEmpty else { throw ValidationError("give at least one run folder") }
        guard ["log", "linear"].contains(lossScale) else { throw ValidationError("--loss-scale: use log or linear") }
    }

    func run() throws {
        do {
            print(try Comparison(outputRoot: out, templatesDirectory: templates, logLoss: lossScale == "log")
                .write(runDirectories: runs))
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        }
    }
}

extension ReportError {
    /// The CLI exit code for this error.
    var exitCode: Failure.Code {
        switch self {
        case .notWritable, .outputFolderChanged, .symbolicLink: .notWritable
        case .interrupted: .interrupted
        default: .badInput
        }
    }
}
