import ArgumentParser
import Configuration
import Console
import Foundation
import Report
import RunRecord
import Training

/// `fitreport fit`: the reference fit alone (`run --epochs 0`) — the quickest way to a fitted curve with error bars.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the model by least squares alone (no training): estimates, standard errors, intervals, band.",
        discussion: """
            Models linear in their parameters are solved exactly by Householder QR; any other model by \
            Levenberg–Marquardt from --init (the rest of the parameters drawn from N(0, 1) with --seed). The same \
            report as `run`, with the fitted curve and its 95 % confidence band in place of the trained one. \
            Equivalent to `fitreport run --epochs 0`.
            """)

    @OptionGroup(title: "Run settings") var options: RunOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Output") var figureFormats: FigureFormatOptions
    @OptionGroup(title: "Messages") var messages: MessageOptions

    func run() throws {
        var config: RunConfig
        do {
            config = try options.runConfig()
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        config.epochs = 0
        let resolved: ResolvedRun
        do {
            resolved = try config.resolve()
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        // Too few rows is bad input for a fit (for `run` it is only a note): say so before writing anything.
        let rows = resolved.training.trainingRowCount
        let count = resolved.training.model.parameterNames.count
        if rows < count {
            throw Failure(code: .badInput, message: "fit: the \(rows) data rows cannot determine the model's "
                + "\(count) parameters; supply at least \(count) rows or a model with fewer parameters")
        }
        let interruption = Interruption()
        let (record, written) = try RunExecution.execute(config, resolved: resolved, output: output,
                                                         formats: try figureFormats.formats(),
                                                         interruption: interruption, messages: messages,
                                                         threads: options.threads)
        RunExecution.printOutcome(record, written, messages: messages)
        if record.parameters.allSatisfy({ $0.reference == nil }) {
            warn("no reference fit: " + (record.notes.first { $0.hasPrefix("No reference fit") } ?? "see the report"))
        }
    }
}
