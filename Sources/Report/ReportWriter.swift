import Configuration
import Dispatch
import Foundation
import Plotting
import Synchronization
import Training

/// Where a finished run was written.
public struct WrittenRun: Sendable, Equatable {
    public var runID: String
    /// The run folder, `<out>/runs/<run-id>`.
    public var directory: String
    /// `<directory>/report.html`.
    public var reportPath: String
}

/// Turns a `TrainingRun` into a run folder: figures, `data.csv`, `history.csv`, `report.html`, `report.md` and
/// `run.json` (with the SHA-256 of every other file). Nothing appears under the final name until every file is
/// written; an existing run is never touched.
public struct ReportWriter: Sendable {
    /// The output root (`output` by default); runs go to `<outputRoot>/runs/<run-id>`.
    public var outputRoot: String
    public var settings: ReportSettings

    public init(outputRoot: String = "output", settings: ReportSettings = ReportSettings()) {
        self.outputRoot = outputRoot
        self.settings = settings
    }

    /// Writes a new run folder for `run`, trained from `resolved`, and returns where it went.
    /// - Parameter shouldStop: polled between files; returning `true` abandons the run (`ReportError.interrupted`).
    public func write(_ run: TrainingRun, resolved: ResolvedRun, date: Date = Date(),
                      shouldStop: (() -> Bool)? = nil) throws -> WrittenRun {
        let templates = try TemplateSet(explicit: settings.templatesDirectory)
        _ = try templates.template("report.html")  // fail before creating anything

        let when = settings.sourceDate ?? date
        let label = settings.name.map(TextEscaping.pathLabel).flatMap { $0.isEmpty ? nil : $0 }
        var baseID = RunFolder.makeID(configJSON: RunManifest.configJSON(resolved.settings), date: when)
        if let label { baseID += "-" + label }
        let (runID, destination) = try RunFolder.create(in: outputRoot + "/runs", baseID: baseID) { id, staging, _ in
            let identity = RunIdentity(runID: id, createdAt: RunFolder.timestamp(when), name: settings.name)
            _ = try writeFiles(run, resolved: resolved, into: staging, identity: identity, shouldStop: shouldStop)
            if shouldStop?() == true { throw ReportError.interrupted }
        }
        return WrittenRun(runID: runID, directory: destination, reportPath: destination + "/report.html")
    }

    /// Writes every file of the run into the existing folder `directory` and returns the artifact hashes.
    /// - Parameter recordedTimings: durations to show instead of the measured ones (used by `reproduce`, so the
    ///   page comes out byte for byte as recorded).
    public func writeFiles(_ run: TrainingRun, resolved: ResolvedRun, into directory: String, identity: RunIdentity,
                           recordedTimings: RunTimings? = nil, shouldStop: (() -> Bool)? = nil) throws
        -> [String: String]
    {
        let templates = try TemplateSet(explicit: settings.templatesDirectory)
        let htmlTemplate = try templates.template("report.html")
        let markdownTemplate = try templates.templateIfPresent("report.md")
        let config = resolved.settings
        var artifacts: [String: String] = [:]
        func check() throws { if shouldStop?() == true { throw ReportError.interrupted } }
        func save(_ relative: String, _ data: Data) throws {
            try FileOps.write(directory + "/" + relative, data)
            artifacts[relative] = Hashing.sha256(data)
        }

        let clock = ContinuousClock()
        let figuresStart = clock.now
        try FileOps.createDirectory(directory + "/figures")
        let canvas = CairoCanvas(scale: config.scale)
        let figures = ReportFigures.make(for: run, settings: resolved.figures)
        try check()
        // Every (figure, format) renders independently, so they are drawn in parallel; files are written in order.
        let jobs = figures.flatMap { name, figure in settings.formats.map { (name, figure, $0) } }
        let rendered = Mutex<[Int: Result<Data, ReportError>]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let (name, figure, format) = jobs[i]
            let result: Result<Data, ReportError>
            do {
                result = .success(Data(try canvas.render(figure, format: format)))
            } catch {
                result = .failure(.figure(name: name, reason: "\(error)"))
            }
            rendered.withLock { $0[i] = result }
        }
        let outputs = rendered.withLock { $0 }
        var entries: [ReportPage.FigureEntry] = []
        for (name, figure) in figures {
            var entry = ReportPage.FigureEntry(name: name, title: figure.axes.title ?? name, source: nil, files: [])
            var inline: [ImageFormat: Data] = [:]
            for (i, job) in jobs.enumerated() where job.0 == name {
                let format = job.2
                guard let result = outputs[i] else { throw ReportError.figure(name: name, reason: "not rendered") }
                let bytes = try result.get()
                let relative = "figures/\(name).\(format.fileExtension)"
                try save(relative, bytes)
                entry.files.append((format.rawValue, relative))
                inline[format] = bytes
            }
            for format in [ImageFormat.svg, .png] where entry.source == nil {
                guard let bytes = inline[format] else { continue }
                entry.source = settings.selfContained
                    ? "data:\(format == .svg ? "image/svg+xml" : "image/png");base64,\(bytes.base64EncodedString())"
                    : "figures/\(name).\(format.fileExtension)"
            }
            entries.append(entry)
        }
        let figuresSeconds = (clock.now - figuresStart).seconds

        try check()
        let reportStart = clock.now
        try DataFiles.writeDataCSV(run, to: directory + "/data.csv")
        artifacts["data.csv"] = Hashing.sha256(file: directory + "/data.csv")
        try save("history.csv", Data(DataFiles.historyCSV(run).utf8))

        var timings = recordedTimings ?? RunTimings(
            data: run.dataSeconds, training: run.trainingSeconds, figures: figuresSeconds, report: 0)
        let page = ReportPage(
            run: run, settings: config, dataDescription: resolved.dataDescription, runID: identity.runID,
            runName: identity.name, createdAt: identity.createdAt, timings: timings, showDurations: settings.sourceDate == nil,
            figureEntries: entries, selfContained: settings.selfContained)
        try save("report.html", Data(try templates.render(htmlTemplate, page.context()).utf8))
        if let markdownTemplate {
            try save("report.md", Data(try templates.render(markdownTemplate, page.markdownContext()).utf8))
        }
        if recordedTimings == nil { timings.report = (clock.now - reportStart).seconds }

        let manifest = RunManifest(run: run, config: config, identity: identity, timings: timings,
                                   report: .init(settings), artifacts: artifacts)
        let json: Data
        do {
            json = try manifest.json()
        } catch {
            throw ReportError.notWritable(path: directory + "/run.json", reason: "\(error)")
        }
        try FileOps.write(directory + "/run.json", json)
        return artifacts
    }
}

/// Small file-system steps with `ReportError`s that name the path.
enum FileOps {
    static func createDirectory(_ path: String) throws(ReportError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .notWritable(path: path, reason: error.localizedDescription)
        }
    }

    static func write(_ path: String, _ data: Data) throws(ReportError) {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .notWritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Renames a finished folder into place; refuses to replace anything that exists.
    static func rename(_ from: String, to destination: String) throws(ReportError) {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw .notWritable(path: destination, reason: "a run with this id already exists")
        }
        do {
            try FileManager.default.moveItem(atPath: from, toPath: destination)
        } catch {
            throw .notWritable(path: destination, reason: error.localizedDescription)
        }
    }
}
