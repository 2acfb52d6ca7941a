import ArgumentParser
import Console
import Foundation
import Importers
import Plotting
import Report
import RunRecord

/// `fitreport import PATH`: turn what another tool wrote into a normal run folder.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn another tool's training log into a fitreport run folder (figures, report, run.json).",
        discussion: """
            PATH is a file or the folder the tool wrote: a Keras CSVLogger file, a PyTorch Lightning version_N/ \
            folder or its metrics.csv, a TensorBoard log folder or events.out.tfevents.* file (several event files \
            are merged in step order), a dvclive folder, an MLflow run folder (mlruns/<experiment>/<run>), or a \
            plain CSV/TSV or JSON Lines history. The format is detected unless --format is given. The files read \
            are copied under source/ in the run folder with their SHA-256.
            """)

    @Argument(help: ArgumentHelp("The file or folder to import.", valueName: "PATH"))
    var path: String

    @Option(help: ArgumentHelp("The format: \(ImportFormat.names). (default: detected)", valueName: "NAME"))
    var format: String?

    @Option(help: ArgumentHelp("A CSV with columns x, y and prediction columns, for the data figures.",
                               valueName: "FILE"))
    var predictions: String?

    @Option(help: ArgumentHelp("Title of the report. (default: from the source)", valueName: "TEXT"))
    var title: String?

    @Option(name: .customLong("loss-scale"), help: "Loss axis: auto, log or linear. (default: auto)")
    var lossScale: String = "auto"

    @Option(help: "Exponential moving average factor drawn over the curves, 0 to <1. (default: 0)")
    var smooth: Double = 0

    @Option(help: "Figure style: default or dark. (default: default)")
    var style: String = "default"

    @Option(name: .customLong("figure-formats"),
            help: ArgumentHelp("Figure formats, comma-separated from png, svg, pdf. (default: png,svg)",
                               valueName: "LIST"))
    var figureFormats: String = "png,svg"

    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Messages") var messages: MessageOptions

    func validate() throws {
        _ = try FigureFormatOptions.parse(figureFormats, flag: "--figure-formats")
        if let format, ImportFormat(rawValue: format.lowercased()) == nil {
            throw ValidationError("--format: unknown format '\(format)'; choose from \(ImportFormat.names)")
        }
        guard FigureSettings.LossScale(rawValue: lossScale) != nil else {
            throw ValidationError("--loss-scale: use auto, log or linear")
        }
        guard smooth.isFinite, smooth >= 0, smooth < 1 else { throw ValidationError("--smooth: must be in [0, 1)") }
        guard FigureSettings.styles.contains(style) else {
            throw ValidationError("--style: choose " + FigureSettings.styles.joined(separator: " or "))
        }
    }

    func run() throws {
        // The output folder as it is now (when it has runs already), so one removed or replaced while the import
        // reads is not made again. Nothing is created before the input is known to be good.
        let runsFolder = FolderIdentity(of: output.out + "/runs")
        let imported: ImportedRun
        do {
            imported = try RunImporter.importRun(path, format: format.flatMap { ImportFormat(rawValue: $0.lowercased()) },
                                                 predictions: predictions)
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        var record = imported.record
        if let title { record.title = title }
        var settings = output.settings(formats: try FigureFormatOptions.parse(figureFormats, flag: "--figure-formats"))
        var figures = FigureSettings.blog
        figures.lossScale = FigureSettings.LossScale(rawValue: lossScale) ?? .auto
        figures.smooth = smooth
        figures.style = style
        settings.figures = figures
        let interruption = Interruption()
        let written: WrittenRun
        do {
            written = try ReportWriter(outputRoot: output.out, settings: settings, runsFolder: runsFolder)
                .write(record, sourceFiles: imported.files, shouldStop: { interruption.requested })
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        }
        if !messages.quiet {
            print("imported  \(record.source.kind.displayName): \(record.series.count) series, "
                  + "\(record.source.files.count) file(s)")
            for line in RunSummary.lines(record) { print("          " + line) }
        }
        print(written.reportPath)
    }
}
