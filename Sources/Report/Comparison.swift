import Foundation
import Plotting

/// A comparison page of several finished runs: loss curves overlaid, fitted curves over the data, parameters.
public struct Comparison: Sendable {
    public var outputRoot: String
    public var templatesDirectory: String?
    /// Draw the loss axis on a log scale.
    public var logLoss: Bool

    public init(outputRoot: String = "output", templatesDirectory: String? = nil, logLoss: Bool = true) {
        self.outputRoot = outputRoot
        self.templatesDirectory = templatesDirectory
        self.logLoss = logLoss
    }

    /// matplotlib's tab10 cycle.
    static let cycle: [Color] = [0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f,
                                 0xbcbd22, 0x17becf].map { Color(hex: $0) }

    /// Writes `<outputRoot>/comparisons/<id>/compare.html` with its figures and returns the page's path.
    public func write(runDirectories: [String], date: Date = Date()) throws -> String {
        let templates = try TemplateSet(explicit: templatesDirectory)
        let template = try templates.template("compare.html")
        let runs = try runDirectories.map { directory throws(ReportError) in try StoredRun(directory: directory) }
        guard !runs.isEmpty else { throw ReportError.notARun(path: "(none)", reason: "give at least one run folder") }

        let labels = Self.labels(for: runs)
        var lossSeries: [Series] = []
        var fitSeries: [Series] = []
        for (i, run) in runs.enumerated() {
            let color = Self.cycle[i % Self.cycle.count]
            let history = run.columns("history.csv", "epoch", "loss")
            lossSeries.append(.line(LineSeries(x: history.x, y: history.y, label: labels[i], color: color)))
            let data = run.columns("data.csv", "x", "y_after")
            let order = data.x.indices.sorted { data.x[$0] < data.x[$1] }
            if i == 0 || run.config.data != runs[0].config.data || run.config.generate != runs[0].config.generate {
                let observed = run.columns("data.csv", "x", "y")
                fitSeries.insert(.scatter(ScatterSeries(x: observed.x, y: observed.y, label: i == 0 ? "data" : nil,
                                                        color: Color(hex: 0x7f7f7f), markerArea: 16, alpha: 0.5)),
                                 at: 0)
            }
            fitSeries.append(.line(LineSeries(x: order.map { data.x[$0] }, y: order.map { data.y[$0] },
                                              label: labels[i], color: color, width: 2)))
        }
        var lossAxes = Axes(title: "Loss vs. Epoch", xLabel: "Epoch", yLabel: "Loss", grid: true, legend: true,
                            series: lossSeries)
        if logLoss { lossAxes.yScale = .log }

        let figures: [(String, Figure)] = [
            ("loss", Figure(axes: lossAxes)),
            ("fits", Figure(axes: Axes(title: "Fitted curves", xLabel: "x", yLabel: "y", legend: true,
                                       series: fitSeries))),
        ]

        let names = runs.reduce(into: [String]()) { all, run in
            for n in run.parameterNames where !all.contains(n) { all.append(n) }
        }
        let rows: [[String: Any]] = runs.enumerated().map { i, run in
            [
                "label": labels[i],
                "report": run.directory + "/report.html",
                "model": run.formula, "loss": run.config.loss, "optimizer": run.config.optimizer,
                "lr": NumberFormat.short(run.config.lr), "epochs": "\(run.config.epochs)",
                "finalLoss": NumberFormat.short(run.finalLoss, digits: 6), "status": run.status,
                "values": names.map { ["value": run.finalParameters[$0].map { NumberFormat.short($0, digits: 6) } ?? "—"] },
            ]
        }

        var hashInput = Data()
        for run in runs { hashInput.append(Data(run.runID.utf8)) }
        let baseID = RunFolder.makeID(configJSON: hashInput, date: ReportSettings.sourceDateFromEnvironment() ?? date)
        let (_, destination) = try RunFolder.create(in: outputRoot + "/comparisons", baseID: baseID) { _, staging, destination in
            try FileOps.createDirectory(staging + "/figures")
            let canvas = CairoCanvas()
            for (name, figure) in figures {
                for format in [ImageFormat.png, .svg] {
                    do {
                        try FileOps.write(staging + "/figures/\(name).\(format.rawValue)",
                                          Data(try canvas.render(figure, format: format)))
                    } catch let error as ReportError {
                        throw error
                    } catch {
                        throw ReportError.figure(name: name, reason: "\(error)")
                    }
                }
            }
            let context: [String: Any] = [
                "title": "Comparison of \(runs.count) runs",
                "parameterNames": names.map { ["name": $0] },
                "runs": rows.map { row in
                    var r = row
                    r["report"] = Self.relativePath(from: destination, to: (row["report"] as? String) ?? "")
                    return r
                },
                "figures": figures.map { ["name": $0.0, "title": $0.1.axes.title ?? $0.0] },
                "generatedAt": RunFolder.timestamp(ReportSettings.sourceDateFromEnvironment() ?? date),
                "toolVersion": fitreportVersion,
            ]
            try FileOps.write(staging + "/compare.html", Data(try templates.render(template, context).utf8))
        }
        return destination + "/compare.html"
    }

    /// Short legend labels: the run's name, else what differs between the runs' settings, else the run id.
    static func labels(for runs: [StoredRun]) -> [String] {
        let dicts: [[String: String]] = runs.map { run in
            let data = RunManifest.configJSON(run.config)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return object.mapValues { "\($0)" }
        }
        let keys = Set(dicts.flatMap(\.keys)).sorted().filter { key in Set(dicts.map { $0[key] ?? "" }).count > 1 }
        return runs.enumerated().map { i, run in
            if let name = run.name, !name.isEmpty { return name }
            let parts = keys.prefix(3).map { "\($0)=\(dicts[i][$0] ?? "")" }
            return parts.isEmpty ? run.runID : parts.joined(separator: " ")
        }
    }

    /// A relative path from folder `from` to file `to` (both absolute or both relative to the same folder).
    static func relativePath(from: String, to: String) -> String {
        let a = URL(fileURLWithPath: from).standardizedFileURL.pathComponents
        let b = URL(fileURLWithPath: to).standardizedFileURL.pathComponents
        var common = 0
        while common < min(a.count, b.count), a[common] == b[common] { common += 1 }
        return (Array(repeating: "..", count: a.count - common) + b[common...]).joined(separator: "/")
    }
}
