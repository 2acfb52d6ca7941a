import Foundation
import Training

/// What `BenchSuite.run` measures and how often.
public struct BenchOptions: Sendable {
    /// Fewer repetitions and epochs, for a quick look (well under a minute).
    public var quick: Bool
    /// Repetitions of each workload (overrides the defaults: 7 for training, 5 for the whole program, 3 for
    /// rendering; quick: 3, 3, 1).
    public var repetitions: Int?
    /// Threads for the fast training path (default: active processor count).
    public var threads: Int
    /// Run the training workloads.
    public var training: Bool
    /// Run the rendering workloads.
    public var rendering: Bool
    /// The `fitreport` executable for the whole-program workload; nil skips it.
    public var executable: String?
    /// Run only workloads whose name contains one of these (empty: all).
    public var only: [String]

    /// Options; the defaults run every workload with the default repetitions.
    public init(quick: Bool = false, repetitions: Int? = nil, threads: Int = Trainer.defaultThreads,
                training: Bool = true, rendering: Bool = true, executable: String? = nil, only: [String] = [])
    {
        self.only = only
        self.quick = quick
        self.repetitions = repetitions
        self.threads = threads
        self.training = training
        self.rendering = rendering
        self.executable = executable
    }
}

extension BenchOptions {
    /// True when some selected workload name contains `part`.
    func selects(_ part: String) -> Bool {
        only.isEmpty || only.contains { $0.contains(part) || part.contains($0) }
    }
}

/// Everything one `fitreport bench` run measured.
public struct BenchReport: Sendable, Equatable, Codable {
    /// Where it ran.
    public var machine: MachineInfo
    /// One entry per workload, in run order.
    public var results: [BenchResult]
    /// Workloads that could not run, with the reason.
    public var skipped: [String: String]
    /// Peak resident memory of the benchmark process (getrusage ru_maxrss), in bytes.
    public var peakRSSBytes: Int
}

/// The workloads of `fitreport bench`, run in one process against the same data.
public enum BenchSuite {
    /// Runs the selected workloads in order, calling `progress` before each one.
    public static func run(_ options: BenchOptions, progress: (String) -> Void = { _ in }) -> BenchReport {
        let quick = options.quick
        let trainReps = options.repetitions ?? (quick ? 3 : 7)
        let programReps = options.repetitions ?? (quick ? 3 : 5)
        let renderReps = options.repetitions ?? (quick ? 1 : 3)
        var results: [BenchResult] = []
        var skipped: [String: String] = [:]
        func attempt(_ name: String, _ body: () throws -> BenchResult) {
            guard options.only.isEmpty || options.only.contains(where: { name.contains($0) }) else { return }
            progress(name)
            let cpu = ResourceUsage.processCPUSeconds()
            var result: BenchResult?
            let wall = seconds {
                do { result = try body() } catch { skipped[name] = "\(error)" }
            }
            guard var result else { return }
            result.cpuPerWall = (ResourceUsage.processCPUSeconds() - cpu) / max(wall, 1e-9)
            results.append(result)
        }
        if options.training {
            let small = try? TrainingWorkloads.seedData(points: 100)
            let large = options.selects("n1m") ? try? TrainingWorkloads.seedData(points: 1_000_000) : nil
            if let small {
                attempt("train-n100") {
                    try TrainingWorkloads.trainer(name: "train-n100", data: small, epochs: 15_000,
                                                  threads: options.threads, repetitions: trainReps)
                }
                attempt("train-n100-batch10") {
                    try TrainingWorkloads.trainer(name: "train-n100-batch10", data: small, epochs: quick ? 3_000 : 15_000,
                                                  threads: options.threads, repetitions: trainReps, batchSize: 10)
                }
                attempt("train-n100-val20") {
                    try TrainingWorkloads.trainer(name: "train-n100-val20", data: small, epochs: 15_000,
                                                  threads: options.threads, repetitions: trainReps, validation: 0.2)
                }
                if let twenty = try? TrainingWorkloads.seedData(points: 20) {
                    attempt("forward-n20") {
                        try TrainingWorkloads.forward(name: "forward-n20", data: twenty, repetitions: trainReps)
                    }
                }
                attempt("train-n100-interpreter") {
                    try TrainingWorkloads.interpreter(name: "train-n100-interpreter", data: small,
                                                      epochs: quick ? 3_000 : 15_000, repetitions: trainReps)
                }
            }
            if let large {
                attempt("train-n1m") {
                    try TrainingWorkloads.trainer(name: "train-n1m", data: large, epochs: quick ? 50 : 200,
                                                  threads: options.threads, repetitions: trainReps)
                }
                if options.threads != 1 {
                    attempt("train-n1m-1thread") {
                        try TrainingWorkloads.trainer(name: "train-n1m-1thread", data: large, epochs: quick ? 50 : 200,
                                                      threads: 1, repetitions: trainReps)
                    }
                }
                attempt("train-n1m-batch10") {
                    try TrainingWorkloads.trainer(name: "train-n1m-batch10", data: large, epochs: quick ? 2 : 5,
                                                  threads: options.threads, repetitions: quick ? 2 : 3, batchSize: 10)
                }
                attempt("train-n1m-interpreter") {
                    try TrainingWorkloads.interpreter(name: "train-n1m-interpreter", data: large,
                                                      epochs: quick ? 3 : 10, repetitions: quick ? 2 : 3)
                }
            }
        }
        if options.training {
            for formulaCase in FormulaWorkloads.cases {
                attempt(formulaCase.name) {
                    try FormulaWorkloads.run(formulaCase, threads: options.threads,
                                             repetitions: formulaCase.points >= 10_000 ? min(trainReps, 3) : trainReps,
                                             quick: quick)
                }
            }
        }
        if options.training {
            if options.selects("fit-seed-n1m") {
                attempt("fit-seed-n1m") {
                    try ReferenceWorkloads.solve(
                        name: "fit-seed-n1m", summary: "reference fit of the seed model on 1,000,000 points (QR, "
                            + "standard errors, band)", model: .quadratic,
                        data: try TrainingWorkloads.seedData(points: 1_000_000), start: [0, 0, 0],
                        repetitions: quick ? 2 : 5)
                }
            }
            attempt("fit-decay-n1e5") {
                try ReferenceWorkloads.solve(
                    name: "fit-decay-n1e5", summary: "reference fit of a*exp(-b*x) + c on 100,000 points "
                        + "(Levenberg–Marquardt from (1, 1, 0), standard errors, band)",
                    model: Model(formula: try Formula.parse("a*exp(-b*x) + c")),
                    data: ReferenceWorkloads.decayData(points: 100_000), start: [1, 1, 0],
                    repetitions: quick ? 3 : 7)
            }
        }
        if let executable = options.executable {
            attempt("whole-program") { try WholeProgram.run(executable: executable, repetitions: programReps) }
            // Seven pairs: each sample is the difference of two process times, and on a shared machine one slow
            // process moves a three-sample median by a third.
            attempt("whole-program-marginal") {
                try WholeProgram.marginal(executable: executable, repetitions: quick ? 2 : 7)
            }
        }
        if options.rendering, options.selects("render") {
            let scatter = RenderingWorkloads.scatterFigure(points: 1_000_000)
            attempt("render-scatter-1m-png") {
                try RenderingWorkloads.render(name: "render-scatter-1m-png", summary: "scatter of 1,000,000 points → PNG",
                                              figure: scatter, format: .png, repetitions: renderReps)
            }
            attempt("render-scatter-1m-svg") {
                try RenderingWorkloads.render(name: "render-scatter-1m-svg", summary: "scatter of 1,000,000 points → SVG",
                                              figure: scatter, format: .svg, repetitions: renderReps)
            }
            let line = RenderingWorkloads.lineFigure(points: 1_000_000)
            attempt("render-line-1m-svg") {
                try RenderingWorkloads.render(name: "render-line-1m-svg", summary: "line of 1,000,000 points → SVG",
                                              figure: line, format: .svg, repetitions: renderReps)
            }
        }
        if options.rendering, options.selects("import") {
            do {
                let files = try ImportWorkloads.makeFiles(steps: 1_000_000)
                defer { files.cleanUp() }
                let reps = options.repetitions ?? (quick ? 2 : 5)
                attempt("import-csv-1m") {
                    try ImportWorkloads.importTime(name: "import-csv-1m", summary: "import a 1,000,000-step CSV history",
                                                   path: files.csv, format: .csv, repetitions: reps)
                }
                attempt("import-tb-1m") {
                    try ImportWorkloads.importTime(name: "import-tb-1m",
                                                   summary: "import a 1,000,000-step TensorBoard event file",
                                                   path: files.events, format: .tensorboard, repetitions: reps)
                }
                attempt("import-tb-1m-report") {
                    try ImportWorkloads.importAndReport(path: files.events, repetitions: quick ? 1 : 3)
                }
            } catch {
                skipped["import"] = "cannot write the synthesized files: \(error)"
            }
        }
        return BenchReport(machine: .current(), results: results, skipped: skipped,
                           peakRSSBytes: ResourceUsage.peakResidentBytes())
    }
}

/// Resource usage of this process.
public enum ResourceUsage {
    /// User plus system CPU time of this process so far (all threads), in seconds.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        #endif
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    /// Peak resident set size so far (getrusage ru_maxrss, kilobytes on Linux), in bytes.
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #endif
    }
}
