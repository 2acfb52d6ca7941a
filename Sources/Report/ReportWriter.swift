import Configuration
import Foundation
import Plotting
import Training

/// Where a finished run was written.
public struct WrittenRun: Sendable, Equatable {
    public var runID: String
    /// The run folder, `<out>/runs/<run-id>`.
    public var directory: String
    /// `<directory>/report.html`.
    public var reportPath: String
}

/// Turns a `TrainingRun` into a run folder: figures (PNG and SVG), `data.csv`, `history.csv`, `report.html` and
/// `run.json`. Nothing appears under the final name until every file is written.
public struct ReportWriter: Sendable {
    /// The output root (`output` by default); runs go to `<outputRoot>/runs/<run-id>`.
    public var outputRoot: String
    public var settings: ReportSettings

    public init(outputRoot: String = "output", settings: ReportSettings = ReportSettings()) {
        self.outputRoot = outputRoot
        self.settings = settings
    }

    /// Writes the run folder for `run`, trained from `resolved`, and returns where it went.
    public func write(_ run: TrainingRun, resolved: ResolvedRun, date: Date = Date()) throws -> WrittenRun {
        let config = resolved.settings
        let templates = try TemplateSet(explicit: settings.templatesDirectory)
        let reportTemplate = try templates.template("report.html")

        let runsDirectory = outputRoot + "/runs"
        try createDirectory(runsDirectory)
        let runID = RunFolder.freeName(
            for: RunFolder.makeID(configJSON: RunManifest.configJSON(config), date: date), in: runsDirectory)
        let staging = runsDirectory + "/." + runID + ".partial"
        let destination = runsDirectory + "/" + runID
        try createDirectory(staging + "/figures")

        do {
            let clock = ContinuousClock()
            var artifacts: [String] = []

            let figuresStart = clock.now
            let canvas = CairoCanvas(scale: config.scale)
            for (name, figure) in ReportFigures.make(for: run) {
                for format in [ImageFormat.png, .svg] {
                    let relative = "figures/\(name).\(format.fileExtension)"
                    do {
                        try canvas.write(figure, format: format, to: staging + "/" + relative)
                    } catch {
                        throw ReportError.figure(name: name, reason: "\(error)")
                    }
                    artifacts.append(relative)
                }
            }
            let figuresSeconds = (clock.now - figuresStart).seconds

            let reportStart = clock.now
            try writeFile(staging + "/data.csv", DataFiles.dataCSV(run))
            try writeFile(staging + "/history.csv", DataFiles.historyCSV(run))
            artifacts += ["data.csv", "history.csv"]

            let createdAt = RunFolder.timestamp(date)
            var timings = RunManifest.Timings(
                data: run.dataSeconds, training: run.trainingSeconds, figures: figuresSeconds, report: 0)
            let page = ReportPage(run: run, settings: config, dataDescription: resolved.dataDescription,
                                  runID: runID, createdAt: createdAt, timings: timings)
            try writeFile(staging + "/report.html", reportTemplate.render(page.context()))
            artifacts.append("report.html")
            timings.report = (clock.now - reportStart).seconds

            let manifest = RunManifest(run: run, config: config, runID: runID, createdAt: createdAt,
                                       timings: timings, artifacts: artifacts)
            do {
                try writeData(staging + "/run.json", try manifest.json())
            } catch let error as ReportError {
                throw error
            } catch {
                throw ReportError.notWritable(path: staging + "/run.json", reason: "\(error)")
            }

            do {
                try FileManager.default.moveItem(atPath: staging, toPath: destination)
            } catch {
                throw ReportError.notWritable(path: destination, reason: error.localizedDescription)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
        return WrittenRun(runID: runID, directory: destination, reportPath: destination + "/report.html")
    }

    private func createDirectory(_ path: String) throws(ReportError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .notWritable(path: path, reason: error.localizedDescription)
        }
    }

    private func writeFile(_ path: String, _ text: String) throws(ReportError) {
        try writeData(path, Data(text.utf8))
    }

    private func writeData(_ path: String, _ data: Data) throws(ReportError) {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .notWritable(path: path, reason: error.localizedDescription)
        }
    }
}
