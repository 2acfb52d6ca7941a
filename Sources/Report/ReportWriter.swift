import Dispatch
import Foundation
import Plotting
import Synchronization
import RunArtifacts
import RunRecord

/// Where a finished run was written.
public struct WrittenRun: Sendable, Equatable {
    public var runID: String
    /// The run folder, `<out>/runs/<run-id>`.
    public var directory: String
    /// `<directory>/report.html`.
    public var reportPath: String
}

/// Turns a `RunRecord` into a run folder: figures, `history.csv`, `data.csv` (when the record has data),
/// `report.html`, `report.md`, `source/` (copies of imported files) and `run.json` (with the SHA-256 of every other
/// file). Nothing appears under the final name until every file is written; an existing run is never touched.
public struct ReportWriter: Sendable {
    /// The output root (`output` by default); runs go to `<outputRoot>/runs/<run-id>`.
    public var outputRoot: String
    public var settings: ReportSettings
    /// The `<outputRoot>/runs` folder a command saw when it started (`prepareRunsFolder()`): when set, `write`
    /// refuses (`ReportError.outputFolderChanged`) if that folder was removed or replaced since, instead of
    /// creating a fresh output tree.
    public var runsFolder: FolderIdentity?

    public init(outputRoot: String = "output", settings: ReportSettings = ReportSettings(),
                runsFolder: FolderIdentity? = nil) {
        self.outputRoot = outputRoot
        self.settings = settings
        self.runsFolder = runsFolder
    }

    /// Creates `<outputRoot>/runs` when missing and returns its identity, for a command to call before its long
    /// part (training, reading an import) and pass as `runsFolder`.
    public static func prepareRunsFolder(outputRoot: String) throws(ReportError) -> FolderIdentity {
        let runs = outputRoot + "/runs"
        try FileOps.refuseLink(runs)
        try FileOps.createDirectory(runs)
        guard let identity = FolderIdentity(of: runs) else {
            throw .notWritable(path: runs, reason: "not a folder")
        }
        return identity
    }

    /// Writes a new run folder for `record` and returns where it went.
    /// - Parameters:
    ///   - sourceFiles: files to copy into the folder's `source/` (path on disk, path under `source/`), for
    ///     imported runs; each must match the SHA-256 recorded in `record.source.files`.
    ///   - shouldStop: polled between files; returning `true` abandons the run (`ReportError.interrupted`).
    public func write(_ record: RunRecord, sourceFiles: [(path: String, storedAs: String)] = [], date: Date = Date(),
                      shouldStop: (() -> Bool)? = nil) throws -> WrittenRun {
        let problems = record.problems
        guard problems.isEmpty else { throw ReportError.invalidRecord(problems) }
        let templates = try TemplateSet(explicit: settings.templatesDirectory)
        _ = try templates.template("report.html")  // fail before creating anything

        let when = settings.sourceDate ?? date
        let label = settings.name.map(TextEscaping.pathLabel).flatMap { $0.isEmpty ? nil : $0 }
        var baseID = RunFolder.makeID(configJSON: Self.identityJSON(record), date: when)
        if let label { baseID += "-" + label }
        let (runID, destination) = try RunFolder.create(in: outputRoot + "/runs", baseID: baseID,
                                                             expectedParent: runsFolder) { id, staging, _ in
            let identity = RunIdentity(runID: id, createdAt: Timestamp.iso8601(when), name: settings.name)
            _ = try writeFiles(record, into: staging, identity: identity, sourceFiles: sourceFiles,
                               shouldStop: shouldStop)
            if shouldStop?() == true { throw ReportError.interrupted }
        }
        return WrittenRun(runID: runID, directory: destination, reportPath: destination + "/report.html")
    }

    /// What the run id's hash is taken over: for `fitreport run` records the settings alone, which determine the run
    /// (so one configuration keeps one hash, as in earlier versions); for every other record its title, source
    /// (with the imported files' hashes) and settings.
    static func identityJSON(_ record: RunRecord) -> Data {
        if !record.settings.isEmpty && record.source.kind == .fitreport {
            var object: [String: JSONValue] = [:]
            for pair in record.settings { object[pair.key] = pair.value }
            return RunManifest.canonicalJSON(object)
        }
        struct Identity: Encodable { var title: String; var source: RunSource; var settings: [KeyValue<JSONValue>] }
        return RunManifest.canonicalJSON(Identity(title: record.title, source: record.source, settings: record.settings))
    }

    /// Writes every file of the run into the existing folder `directory` and returns the artifact hashes.
    /// - Parameter recordedTimings: durations to show instead of the measured ones (used by `reproduce`, so the
    ///   page comes out byte for byte as recorded).
    public func writeFiles(_ record: RunRecord, into directory: String, identity: RunIdentity,
                           sourceFiles: [(path: String, storedAs: String)] = [],
                           recordedTimings: [KeyValue<Double>]? = nil, shouldStop: (() -> Bool)? = nil) throws
        -> [String: String]
    {
        let templates = try TemplateSet(explicit: settings.templatesDirectory)
        let htmlTemplate = try templates.template("report.html")
        let markdownTemplate = try templates.templateIfPresent("report.md")
        var artifacts: [String: String] = [:]
        func check() throws { if shouldStop?() == true { throw ReportError.interrupted } }
        func save(_ relative: String, _ data: Data) throws {
            try FileOps.write(directory + "/" + relative, data)
            artifacts[relative] = Hashing.sha256(data)
        }

        // Imported files first: a copy that does not match the hash the importer recorded means the file changed
        // while we read it.
        for file in sourceFiles {
            guard let bytes = FileManager.default.contents(atPath: file.path) else {
                throw ReportError.notARun(path: file.path, reason: "the source file can no longer be read")
            }
            let relative = "source/" + file.storedAs
            try FileOps.createDirectory((relative as NSString).deletingLastPathComponent, within: directory)
            try save(relative, bytes)
            if let recorded = record.source.files.first(where: { $0.path == file.storedAs }),
               recorded.sha256 != artifacts[relative] {
                throw ReportError.notARun(path: file.path, reason: "the file changed while it was being imported; "
                    + "import it again once its writer has finished")
            }
        }

        let clock = ContinuousClock()
        let figuresStart = clock.now
        try FileOps.createDirectory("figures", within: directory)
        let canvas = CairoCanvas(scale: settings.scale)
        let figures = ReportFigures.make(for: record, settings: settings.figures)
        try check()
        // Every (figure, format) renders independently, so they are drawn in parallel; files are written in order.
        let jobs = figures.flatMap { name, figure in settings.formats.map { (name, figure, $0) } }
        let rendered = Locked<[Int: Result<Data, ReportError>]>([:])
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
            var entry = ReportPage.FigureEntry(name: name, title: ReportFigures.caption(of: figure) ?? name, source: nil, files: [])
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
        // The animation of the fit, shown under the `after` figure (or at the end without one).
        if settings.figures.animate, let bytes = try TrainingAnimation.render(record, settings: settings.figures) {
            try check()
            let relative = TrainingAnimation.fileName
            try save(relative, Data(bytes))
            let pixels = (width: Int((TrainingAnimation.widthInches * settings.figures.dpi).rounded()),
                          height: Int((TrainingAnimation.heightInches * settings.figures.dpi).rounded()))
            let entry = ReportPage.FigureEntry(
                name: "training", title: "The fit during training (animated)",
                source: settings.selfContained ? "data:image/webp;base64,\(Data(bytes).base64EncodedString())" : relative,
                files: [("webp", relative)], width: pixels.width, height: pixels.height)
            let at = entries.firstIndex { $0.name == "after" }.map { $0 + 1 } ?? entries.count
            entries.insert(entry, at: at)
        }
        let figuresSeconds = seconds(clock.now - figuresStart)

        try check()
        let reportStart = clock.now
        var files: [(String, String)] = []
        if let data = record.data, data.rowCount > 0 {
            artifacts["data.csv"] = try DataFiles.writeDataCSV(data, to: directory + "/data.csv")
            files.append(("data.csv", DataFiles.dataColumnNames(data).joined(separator: ", ")))
            if let digest = try DataFiles.writeReferenceCSV(data, to: directory + "/reference.csv") {
                artifacts["reference.csv"] = digest
                var about = !DataFiles.referencePredictions(data).isEmpty
                    ? record.referenceName ?? "reference predictions" : "x"
                if let band = data.band {
                    let columns = DataFiles.bandColumnNames(data)
                    about += ", its \(Uncertainty.percent(band.level)) confidence band (\(columns.lower), "
                        + "\(columns.upper))"
                }
                files.append(("reference.csv", about))
            }
        }
        artifacts["history.csv"] = try HistoryFile.write(record, to: directory + "/history.csv")
        files.insert(("history.csv", "every series per \(record.stepAxis == .epoch ? "epoch" : "step")"), at: 0)
        if let history = record.parameterHistory, history.count > 0 {
            artifacts[ParamsHistoryFile.fileName] = try ParamsHistoryFile.write(
                history, stepAxis: record.stepAxis, to: directory + "/" + ParamsHistoryFile.fileName)
            files.insert((ParamsHistoryFile.fileName, "the parameters at \(history.count) "
                + "\(record.stepAxis == .epoch ? "epochs" : "steps") (snapshots)"), at: 1)
        }
        files.append(("run.json", "settings, parameters, series summary, timings, SHA-256 of every file"))
        if markdownTemplate != nil { files.append(("report.md", "this report as Markdown")) }
        if !sourceFiles.isEmpty { files.append(("source/", "the imported files, as read")) }

        var timings = recordedTimings ?? (record.durations + [KeyValue("figures", figuresSeconds), KeyValue("report", 0)])
        let page = ReportPage(
            record: record, runID: identity.runID, runName: identity.name, createdAt: identity.createdAt,
            timings: timings, showDurations: settings.sourceDate == nil, figureEntries: entries,
            selfContained: settings.selfContained, files: files)
        try save("report.html", Data(try templates.render(htmlTemplate, page.context()).utf8))
        if let markdownTemplate {
            try save("report.md", Data(try templates.render(markdownTemplate, page.markdownContext()).utf8))
        }
        if recordedTimings == nil, let i = timings.firstIndex(where: { $0.key == "report" }) {
            timings[i].value = seconds(clock.now - reportStart)
        }

        let manifest = RunManifest(record: record, identity: identity, timings: timings,
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

    /// Creates the folder `relative` (and the folders on its way) inside `root`, which must exist: unlike
    /// `createDirectory(_:)` it never makes `root` or anything above it, so a run folder removed while it is being
    /// written is not made again piece by piece.
    static func createDirectory(_ relative: String, within root: String) throws(ReportError) {
        var path = root
        for component in relative.split(separator: "/") where component != "." {
            path += "/" + component
            if mkdir(path, 0o777) != 0 && errno != EEXIST {
                throw .notWritable(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    static func write(_ path: String, _ data: Data) throws(ReportError) {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .notWritable(path: path, reason: error.localizedDescription)
        }
    }

    /// The target of `path` when `path` itself is a symbolic link (`lstat`), else `nil`.
    static func linkTarget(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return nil }
        return (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
    }

    /// Throws `ReportError.symbolicLink` when `path` (a file or folder inside the output folder that fitreport
    /// writes) is a symbolic link: writing through it would write outside the output folder.
    static func refuseLink(_ path: String) throws(ReportError) {
        if let target = linkTarget(path) { throw .symbolicLink(path: path, target: target) }
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

/// A duration in seconds as a Double.
func seconds(_ d: Duration) -> Double {
    let (s, atto) = d.components
    return Double(s) + Double(atto) * 1e-18
}
