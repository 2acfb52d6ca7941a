import RunArtifacts
import RunRecord

/// The values the report template renders. Every string is plain text; the template engine HTML-escapes it.
struct ReportPage {
    /// A figure as the page shows it.
    struct FigureEntry {
        var name: String
        var title: String
        /// What the `<img>` loads: a relative path, or a data URI when self-contained; `nil` when only PDF exists.
        var source: String?
        /// (label, relative path) of every written file of the figure.
        var files: [(format: String, path: String)]
        /// The size the page gives the image, in CSS pixels.
        var width = 640
        var height = 480
    }

    let record: RunRecord
    let runID: String
    let runName: String?
    let createdAt: String
    /// Seconds per phase, as shown (the producer's, then figures and report).
    let timings: [KeyValue<Double>]
    /// `false` under SOURCE_DATE_EPOCH: durations vary between runs, so the page leaves them out.
    let showDurations: Bool
    let figureEntries: [FigureEntry]
    let selfContained: Bool
    /// The run folder's files, for the page's file list: (name, what it holds).
    let files: [(name: String, about: String)]

    /// Parameter tables longer than this show their first rows and keep the whole table in a collapsed
    /// `<details>` (a small neural network has hundreds of parameters); the Markdown report shows the first rows and
    /// says that run.json holds them all.
    static let parameterPreviewRows = 20

    /// The producer's summary, else one written from the series: how many steps, the last loss, the best
    /// validation value and where it was reached.
    static func summary(_ record: RunRecord) -> String {
        if let summary = record.summary { return summary }
        let axis = record.stepAxis == .epoch ? "epoch" : "step"
        let steps = record.series.map(\.count).max() ?? 0
        var sentence = "\(record.series.count) series over \(steps) logged \(axis)s."
        if !record.source.files.isEmpty { sentence = "Imported from \(record.source.kind.displayName): " + sentence }
        if let loss = record.primaryLoss, let last = loss.last {
            sentence += " Final \(loss.label): \(NumberFormat.short(last.value, digits: 5)) at \(axis) \(last.step)."
        }
        for s in ReportFigures.lossFigureSeries(record).filter({ $0.split == .validation }).prefix(2) {
            if let best = s.best, let last = s.last {
                sentence += " Best \(s.label): \(NumberFormat.short(best.value, digits: 5)) at \(axis) \(best.step)"
                sentence += best.step == last.step ? " (the last)." : " (last: \(NumberFormat.short(last.value, digits: 5)))."
            }
        }
        return sentence
    }

    /// A message shown at the top of the page when the run did not complete normally.
    static func warning(_ status: RunStatus) -> String? {
        switch status {
        case .complete, .imported: nil
        case .diverged(let epoch):
            "Training diverged at epoch \(epoch): the loss became non-finite or grew more than a millionfold. "
                + "The figures show the history up to that point. Try a smaller learning rate (--lr)."
        case .interrupted(let epoch): "Training was stopped at epoch \(epoch)."
        }
    }

    /// Readable names of the producer's phases.
    static func phaseName(_ key: String) -> String {
        switch key {
        case "data": "Data generation"
        case "training": "Training time"
        case "figures": "Figures"
        case "report": "Report"
        default: key
        }
    }

    /// The Mustache context.
    func context() -> [String: Any] {
        let figures: [[String: Any]] = figureEntries.map { f in
            [
                "name": f.name,
                "title": f.title,
                "src": f.source as Any,
                "alt": "\(f.title) figure",
                "width": f.width,
                "height": f.height,
                "files": f.files.map { ["format": $0.format.uppercased(), "path": $0.path] },
            ]
        }
        let config = record.overview.map { ["key": $0.key, "value": $0.value] }
        let settings = record.settings.map { ["key": $0.key, "value": $0.value.displayText] }
        let hasReference = record.parameters.contains { $0.reference != nil }
        let hasIntervals = hasReference && record.parameters.contains { $0.lower != nil || $0.upper != nil }
        func cell(_ v: Double?) -> String { v.map { NumberFormat.short($0, digits: 6) } ?? "—" }
        let params: [[String: String]] = record.parameters.map { p in
            var row = ["name": p.name, "initial": cell(p.initial), "trained": cell(p.final),
                       "leastSquares": Uncertainty.estimate(p.reference, standardError: p.standardError) ?? "—"]
            if hasIntervals { row["interval"] = Uncertainty.interval(lower: p.lower, upper: p.upper) }
            return row
        }
        var results: [[String: String]] = record.metrics.map {
            ["key": $0.key, "value": NumberFormat.short($0.value, digits: 6)]
        }
        if showDurations {
            results += timings.filter { $0.key != "report" }.map {
                ["key": Self.phaseName($0.key), "value": NumberFormat.seconds($0.value)]
            }
        }
        let axis = record.stepAxis == .epoch ? "epoch" : "step"
        let notes = record.notes + NonFiniteNotes.notes(record)
        let series: [[String: String]] = record.series.map { s in
            let best = s.best
            return [
                "name": s.name,
                "split": s.split.rawValue,
                "points": "\(s.count)",
                "last": s.last.map { "\(NumberFormat.short($0.value, digits: 6)) (\(axis) \($0.step))" } ?? "—",
                "best": best.map { "\(NumberFormat.short($0.value, digits: 6)) (\(axis) \($0.step))" } ?? "—",
            ]
        }
        let referenceName = record.referenceName.map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "Reference"
        // The first 20 imported files (an import may have thousands; run.json lists them all).
        var sources: [[String: String]] = record.source.files.prefix(20).map {
            ["path": $0.path, "sha256": $0.sha256, "bytes": "\($0.bytes)"]
        }
        if record.source.files.count > 20 {
            sources.append(["path": "… and \(record.source.files.count - 20) more (see run.json)", "sha256": "", "bytes": ""])
        }
        var context: [String: Any] = [
            "title": record.title,
            "summary": Self.summary(record),
            "runID": runID,
            "runName": runName as Any,
            "createdAt": createdAt,
            "toolVersion": fitreportVersion,
            "source": record.source.kind.displayName,
            "isImported": !record.source.files.isEmpty,
            "sourceFiles": sources,
            "hasSourceFiles": !sources.isEmpty,
            "figures": figures,
            "config": config,
            "hasConfig": !config.isEmpty,
            "settings": settings,
            "hasSettings": !settings.isEmpty,
            "params": params,
            "hasParams": !params.isEmpty,
            "manyParams": params.count > Self.parameterPreviewRows,
            "paramsPreview": Array(params.prefix(Self.parameterPreviewRows)),
            "paramPreviewCount": "\(min(params.count, Self.parameterPreviewRows))",
            "paramCount": "\(params.count)",
            "hasLeastSquares": hasReference,
            "referenceName": referenceName,
            "results": results,
            "hasResults": !results.isEmpty,
            "series": series,
            "hasSeries": !series.isEmpty,
            "notes": notes.map { ["text": $0] },
            "hasNotes": !notes.isEmpty,
            "warning": Self.warning(record.status) as Any,
            "selfContained": selfContained,
            "files": files.map { ["name": $0.name, "about": $0.about] },
        ]
        // Keys of a reference fit with error bars, only for records that have one (other pages stay as they were).
        if hasIntervals {
            context["hasIntervals"] = true
            context["intervalTitle"] = "\(Uncertainty.percent(Uncertainty.level(of: record))) interval"
        }
        if let correlations = correlationContext() {
            context["hasCorrelations"] = true
            context["correlations"] = correlations
        }
        return context
    }

    /// Parameters up to this many get the correlation matrix on the page (and in the Markdown report up to
    /// `markdownCorrelationLimit`); more leave it to run.json.
    static let correlationLimit = 50
    static let markdownCorrelationLimit = 10

    /// The correlation matrix of the reference estimates for the page: names, rows of cells (3 decimals, `high` for
    /// |r| > 0.999 off the diagonal), and whether the matrix is shown (`shown`) in HTML and in Markdown. `nil` when
    /// the record has no correlations or they do not match the parameters.
    func correlationContext() -> [String: Any]? {
        guard let matrix = record.correlations, !matrix.isEmpty else { return nil }
        let names = record.parameters.map(\.name)
        guard let (rows, highPairs) = Uncertainty.correlationTable(matrix, names: names) else { return nil }
        var out: [String: Any] = [
            "count": "\(names.count)",
            "names": names.map { ["name": $0] },
            "rows": rows,
            "shown": names.count <= Self.correlationLimit,
            "shownInMarkdown": names.count <= Self.markdownCorrelationLimit,
            "threshold": NumberFormat.short(Uncertainty.highCorrelation),
        ]
        if !highPairs.isEmpty { out["highPairs"] = highPairs.joined(separator: ", ") }
        return out
    }
}

extension ReportPage {
    /// Keys whose values are paths or URIs, kept as they are in Markdown.
    private static let rawKeys: Set<String> = ["src", "path", "svg", "png"]

    /// The same context with every text value escaped for Markdown (render it with `{{{…}}}`).
    func markdownContext() -> [String: Any] {
        Self.escapeForMarkdown(context()) as? [String: Any] ?? [:]
    }

    private static func escapeForMarkdown(_ value: Any, key: String = "") -> Any {
        switch value {
        case let text as String: return rawKeys.contains(key) ? text : TextEscaping.markdown(text)
        case let dict as [String: Any]:
            return Dictionary(uniqueKeysWithValues: dict.map { ($0.key, escapeForMarkdown($0.value, key: $0.key)) })
        case let dict as [String: String]:
            return Dictionary(uniqueKeysWithValues: dict.map {
                ($0.key, rawKeys.contains($0.key) ? $0.value : TextEscaping.markdown($0.value))
            })
        case let list as [[String: Any]]: return list.map { escapeForMarkdown($0) }
        case let list as [[String: String]]: return list.map { escapeForMarkdown($0) }
        default: return value
        }
    }
}
