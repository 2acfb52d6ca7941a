import ArgumentParser
import Configuration
import Console
import Foundation
import Plotting
import Report
import RunRecord
import TrainerRecord
import Training

/// `fitreport run`: train, then write the run folder.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the model and write figures, data files and report.html to a new run folder.")

    @OptionGroup(title: "Run settings") var options: RunOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Output") var figureFormats: FigureFormatOptions

    @OptionGroup(title: "Messages") var messages: MessageOptions

    func run() throws {
        let config: RunConfig
        do {
            config = try options.runConfig()
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        let interruption = Interruption()
        let (record, written) = try RunExecution.execute(config, output: output, formats: try figureFormats.formats(),
                                                         interruption: interruption,
                                                         messages: messages, threads: options.threads)
        RunExecution.printOutcome(record, written, messages: messages)
        if case .interrupted(let epoch) = record.status {
            throw Failure(code: .interrupted, message: "interrupted after epoch \(epoch); the run was written with "
                + "status \"interrupted at epoch \(epoch)\" (report and history kept)")
        }
        if case .diverged(let epoch) = record.status {
            throw Failure(code: .diverged, message: "training diverged at epoch \(epoch); the report was written "
                + "with the history up to that point. Try a smaller learning rate (--lr).")
        }
    }
}

/// One run from settings to folder, shared by `run`, `fit` and `sweep`, with every failure mapped to its exit code.
enum RunExecution {
    /// The summary lines (unless `--quiet`), then the report's path as the last line.
    static func printOutcome(_ record: RunRecord, _ written: WrittenRun, messages: MessageOptions) {
        if !messages.quiet { print(RunSummary.lines(record).joined(separator: "\n")) }
        print(written.reportPath)
    }

    /// - Parameter resolved: `config` already resolved by the caller (so a data file is read once), else `nil`.
    static func execute(_ config: RunConfig, resolved given: ResolvedRun? = nil, output: OutputOptions,
                        formats: [ImageFormat], interruption: Interruption, messages: MessageOptions, threads: Int?)
        throws -> (RunRecord, WrittenRun)
    {
        let log = messages.logger
        log.info("resolving settings", metadata: ["model": "\(config.model)", "data": "\(config.data ?? "generated")"])
        let resolved: ResolvedRun
        if let given {
            resolved = given
        } else {
            do {
                resolved = try config.resolve()
            } catch {
                throw Failure(code: .badInput, message: error.description)
            }
        }
        let used = Set(resolved.training.model.formula.variableNames)
        if used.isEmpty {
            let inputs = resolved.training.model.inputNames
            warn("the model '\(config.model)' does not use " + (inputs.count == 1 ? "x" : "any input")
                + ", so it fits a constant; training anyway")
        }
        for warning in resolved.warnings { warn(warning) }
        // The output folder as it is now: if it is removed or replaced while training, the run is not written into
        // a fresh tree (exit 4). Made before training, so a folder that cannot be made fails before the work.
        let runsFolder: FolderIdentity
        do {
            runsFolder = try ReportWriter.prepareRunsFolder(outputRoot: output.out)
        } catch {
            throw Failure(code: error.exitCode, message: error.description)
        }
        log.info("training", metadata: ["epochs": "\(config.epochs)", "optimizer": "\(config.optimizer)"])
        let progress = ProgressBar(total: resolved.training.epochs, enabled: !messages.quiet)
        let result: TrainingRun
        do {
            result = try Trainer.run(resolved.training, threads: threads ?? Trainer.defaultThreads,
                                     observer: progress.observer(stoppingOn: interruption))
        } catch {
            progress.finish()
            throw Failure(code: .badInput, message: error.description)
        }
        progress.finish()
        log.info("trained", metadata: ["status": "\(result.status.name)", "seconds": "\(result.trainingSeconds)",
                                       "final_loss": "\(result.finalLoss)"])
        if interruption.aborted {
            throw Failure(code: .interrupted, message: "aborted during training; no run folder was written")
        }
        do {
            log.info("writing report", metadata: ["out": "\(output.out)"])
            var settings = output.settings(formats: formats)
            settings.figures = resolved.figures
            settings.scale = config.scale
            let record = result.record(resolved: resolved)
            let written = try ReportWriter(outputRoot: output.out, settings: settings, runsFolder: runsFolder)
                .write(record, shouldStop: { interruption.aborted })
            log.info("wrote run", metadata: ["folder": "\(written.directory)"])
            return (record, written)
        } catch let error as ReportError {
            switch error {
            case .interrupted:
                throw Failure(code: .interrupted, message: "aborted while writing the run; no run folder was written")
            default: throw Failure(code: error.exitCode, message: error.description)
            }
        }
    }
}

/// Prints `fitreport: warning: …` on stderr.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("fitreport: warning: \(message)\n".utf8))
}
