import Configuration
import Foundation
import Importers
import Plotting
import Report
import RunRecord
import TrainerRecord
import Training

/// Remakes a finished run from what its folder recorded and compares every artifact with the recorded SHA-256:
/// runs of `fitreport run` are trained again from their settings, imported runs are imported again from the copies
/// under `source/`. Runs written by a Swift program cannot be rerun; their files are checked against the hashes.
public struct Reproducer: Sendable {
    /// The verdict for one file.
    public enum Verdict: String, Sendable {
        case identical
        case different
        /// Recorded in the manifest, not produced by the rerun.
        case missing
        /// The stored file no longer matches the hash recorded when the run was made.
        case modified = "modified since recorded"
        /// The stored file is gone.
        case deleted = "missing from the run folder"
        /// Produced by the rerun, not in the manifest.
        case unexpected = "not in the manifest"
        /// A page written by an earlier fitreport version, whose layout has changed since (not counted).
        case olderLayout = "different (laid out or drawn differently by an earlier fitreport; not counted)"
        /// Numbers of a run of a model with exp, log, sin, cos, tanh, sigmoid or integer powers made before 0.5.0,
        /// which computed those with the platform's libm; 0.5.0 computes them with its own kernels (not counted).
        case olderMath = "different (computed with the platform's libm by fitreport before 0.5.0; not counted)"
        /// Numbers of a run of a model with exp, tanh or sigmoid made by 0.5.x, whose kernels for those rounded
        /// differently: 0.6.0 evaluates their polynomials with fused multiply-adds (not counted).
        case olderKernels = "different (exp, tanh or sigmoid rounded differently by fitreport 0.5; not counted)"
        /// A file this fitreport writes that the earlier version did not (not counted).
        case newFile = "new in this fitreport version (not counted)"
        /// The stored file matches its recorded hash; the run cannot be remade (Swift API runs).
        case asRecorded = "as recorded"

        /// Whether the verdict counts against reproduction.
        public var isFailure: Bool {
            switch self {
            case .identical, .olderLayout, .olderMath, .olderKernels, .newFile, .asRecorded: false
            default: true
            }
        }
    }

    /// One artifact's result.
    public struct Line: Sendable {
        public var path: String
        public var verdict: Verdict
    }

    /// All artifacts, sorted by path; `passed` when none fails.
    public struct Outcome: Sendable {
        public var lines: [Line]
        /// How the run was remade (or why it could not be).
        public var method: String
        public var passed: Bool { !lines.contains { $0.verdict.isFailure } }
    }

    public var templatesDirectory: String?

    public init(templatesDirectory: String? = nil) {
        self.templatesDirectory = templatesDirectory
    }

    /// Checks the stored files against the manifest, remakes the run into a temporary folder (removed afterwards),
    /// and compares the new files' hashes with the recorded ones.
    public func reproduce(_ directory: String) throws -> Outcome {
        let stored = try StoredRun(directory: directory)
        var settings = ReportSettings(
            templatesDirectory: templatesDirectory, formats: stored.reportFormats.compactMap(ImageFormat.init(rawValue:)),
            selfContained: stored.selfContained, name: stored.name,
            sourceDate: stored.durationsInPage ? nil : Date(timeIntervalSince1970: 0))
        let record: RunRecord
        var mathChange: Verdict?
        var sourceFiles: [(path: String, storedAs: String)] = []
        let method: String
        switch stored.source.kind {
        case .fitreport:
            // The same reading as `fitreport run --config RUN/run.json`, with its located errors.
            let config = try ConfigFile.load(directory + "/run.json")
            let resolved = try config.resolve()
            // A run interrupted by Ctrl-C stopped after a recorded epoch: stop the rerun there too.
            let stop = stored.status == "interrupted" ? stored.statusEpoch : nil
            let run = try Trainer.run(resolved.training) { progress in stop.map { progress.epoch < $0 } ?? true }
            record = run.record(resolved: resolved)
            if Self.version(stored.toolVersion, isBefore: "0.5.0") && Self.usesMathKernels(resolved.training.model) {
                mathChange = .olderMath
            } else if Self.version(stored.toolVersion, isBefore: "0.6.0")
                && Self.usesKernelsChangedIn060(resolved.training.model)
            {
                mathChange = .olderKernels
            }
            settings.figures = resolved.figures
            settings.scale = config.scale
            method = "trained again from the recorded settings"
        case .swiftAPI:
            return Outcome(lines: checkStored(stored, directory: directory, fresh: nil), method:
                "written by a Swift program through the logging API: it cannot be rerun from its folder, so every "
                    + "file was checked against its recorded SHA-256")
        default:
            let imported = try reimport(stored, directory: directory)
            record = imported.record
            sourceFiles = imported.files
            method = "imported again from the copies under source/"
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("fitreport-reproduce-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let identity = RunIdentity(runID: stored.runID, createdAt: stored.createdAt, name: stored.name)
        let fresh = try ReportWriter(outputRoot: scratch, settings: settings)
            .writeFiles(record, into: scratch, identity: identity, sourceFiles: sourceFiles,
                        recordedTimings: stored.timings)
        return Outcome(lines: checkStored(stored, directory: directory, fresh: fresh, mathChange: mathChange),
                       method: method)
    }

    /// Whether `model` evaluates a function whose bits changed in 0.5.0: exp, log, sin, cos, tanh or sigmoid (the
    /// platform's libm before, ``VectorMath`` since) or an integer power a^k with 3 ≤ |k| ≤ 16 or k ≤ −1 (`pow`
    /// before, multiplications since).
    static func usesMathKernels(_ model: Model) -> Bool {
        uses(model, [.exp, .log, .sin, .cos, .tanh, .sigmoid], integerPowers: true)
    }

    /// Whether `model` evaluates a function whose bits changed in 0.6.0: exp, tanh or sigmoid (their polynomials
    /// now in fused multiply-adds), directly in a formula or as a built-in MLP's activation.
    static func usesKernelsChangedIn060(_ model: Model) -> Bool {
        uses(model, [.exp, .tanh, .sigmoid], integerPowers: false)
    }

    /// Whether `model` evaluates one of `functions` (a built-in MLP: its activation, tanh or sigmoid) or, with
    /// `integerPowers`, an integer power a^k other than k = 2 (a built-in polynomial of degree ≥ 3 has one).
    private static func uses(_ model: Model, _ functions: Set<UnaryOp>, integerPowers: Bool) -> Bool {
        switch model.builtin {
        case .mlp(_, let activation)?:
            return activation == .tanh && functions.contains(.tanh)
                || activation == .sigmoid && functions.contains(.sigmoid)
        case .polynomial(let degree)?: return integerPowers && degree >= 3
        case nil: break
        }
        func walk(_ e: Expr) -> Bool {
            switch e {
            case .constant, .variable, .parameter: return false
            case .unary(let op, let a): return functions.contains(op) || walk(a)
            case .binary(.pow, _, .constant(let k)) where integerPowers && Program.isSmallInteger(k) && k != 2:
                return true
            case .binary(_, let a, let b): return walk(a) || walk(b)
            }
        }
        return walk(model.formula)
    }

    /// Verdicts for every recorded artifact (and every new one), comparing with `fresh` when the run was remade.
    func checkStored(_ stored: StoredRun, directory: String, fresh: [String: String]?, mathChange: Verdict? = nil)
        -> [Line]
    {
        // Runs of an earlier fitreport: its pages were laid out differently, before 0.4.0 the `after` figure had no
        // confidence band and reference.csv no band columns, and before 0.5.0 the data figures' x label was an
        // upright "x" (now the blog's italic mathtext `$x$`). Those files are compared but not counted; the numbers
        // (data.csv, history.csv) and the other figures must still be identical — unless the model used a function
        // whose bits changed since (`mathChange`: libm before 0.5.0, exp/tanh/sigmoid before 0.6.0), which is said
        // as such and not counted either.
        let older = stored.schemaVersion < 2 || Self.version(stored.toolVersion, isBefore: fitreportVersion)
        let beforeBands = stored.schemaVersion < 2 || Self.version(stored.toolVersion, isBefore: "0.4.0")
        let beforeMathLabel = stored.schemaVersion < 2 || Self.version(stored.toolVersion, isBefore: "0.5.0")
        func changedSince(_ path: String) -> Bool {
            path.hasPrefix("report.") || (beforeBands && (path.hasPrefix("figures/after.") || path == "reference.csv"))
                || (beforeMathLabel && ["dataset", "before", "after", "residuals"].contains { path.hasPrefix("figures/\($0).") })
        }
        var lines: [Line] = []
        for (path, recorded) in stored.artifacts.sorted(by: { $0.key < $1.key }) {
            let current = Hashing.sha256(file: directory + "/" + path)
            let verdict: Verdict
            if current == nil { verdict = .deleted }
            else if current != recorded { verdict = .modified }
            else if let fresh {
                if let new = fresh[path] {
                    verdict = new == recorded ? .identical
                        : older && changedSince(path) ? .olderLayout : mathChange ?? .different
                } else { verdict = .missing }
            } else { verdict = .asRecorded }
            lines.append(Line(path: path, verdict: verdict))
        }
        for path in (fresh ?? [:]).keys.sorted() where stored.artifacts[path] == nil {
            lines.append(Line(path: path, verdict: older ? .newFile : .unexpected))
        }
        return lines
    }

    /// Whether dotted version `a` (`0.3.0`) comes before `b`; unreadable versions count as earlier.
    static func version(_ a: String, isBefore b: String) -> Bool {
        func parts(_ v: String) -> [Int] { v.split(separator: ".").map { Int($0) ?? -1 } }
        let x = parts(a), y = parts(b)
        for i in 0..<max(x.count, y.count) {
            let u = i < x.count ? x[i] : 0, v = i < y.count ? y[i] : 0
            if u != v { return u < v }
        }
        return false
    }

    /// Imports the copies under `<run>/source/` again, with the format the run was imported with.
    func reimport(_ stored: StoredRun, directory: String) throws -> ImportedRun {
        let files = stored.source.files
        let format: ImportFormat
        switch stored.source.kind {
        case .csv: format = .csv
        case .jsonl: format = .jsonl
        case .kerasCSV: format = .keras
        case .lightningCSV: format = .lightning
        case .tensorboard: format = .tensorboard
        case .dvclive: format = .dvclive
        case .mlflow: format = .mlflow
        case .fitreport, .swiftAPI: throw ReportError.notARun(path: directory, reason: "not an imported run")
        }
        let predictions = files.first { $0.path.hasPrefix("predictions/") }
        let main = files.filter { !$0.path.hasPrefix("predictions/") }
        guard let first = main.first?.path.split(separator: "/").first else {
            throw ReportError.notARun(path: directory, reason: "run.json lists no imported source files")
        }
        // What was imported: the one file, or the folder all files share as their first component.
        let root = directory + "/source/" + (main.count == 1 && !main[0].path.contains("/") ? main[0].path : String(first))
        return try RunImporter.importRun(root, format: format,
                                         predictions: predictions.map { directory + "/source/" + $0.path })
    }
}
