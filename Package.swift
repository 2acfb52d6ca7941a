// swift-tools-version:6.0
import Foundation
import PackageDescription

/// Vector instructions for the training engine: the widest this machine has (fitreport is built where it runs, like
/// `-march=native`), or `FITREPORT_CPU=baseline|avx2|avx512` to choose (baseline for a binary that runs on any x86-64).
/// Results are the same bits at every level: the engine uses only IEEE operations (explicit fused multiply-adds
/// included) and never lets the compiler fuse or reorder them. See README § Performance.
let vectorLevel: [String] = {
    #if arch(x86_64)
    let requested = ProcessInfo.processInfo.environment["FITREPORT_CPU"] ?? "native"
    var level = requested
    if requested == "native" {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?
            .split(separator: " ").map(String.init) ?? [])
        level = flags.isSuperset(of: ["avx512f", "avx512dq", "avx512vl"]) ? "avx512"
            : flags.contains("avx2") ? "avx2" : "baseline"
    }
    switch level {
    case "avx512": return ["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mavx512f", "-Xcc", "-mavx512dq", "-Xcc", "-mavx512vl"]
    case "avx2": return ["-Xcc", "-mavx2", "-Xcc", "-mfma"]
    default: return []
    }
    #else
    return []
    #endif
}()

/// Targets whose code runs once per command, never per epoch or per row, are compiled without optimisation in release
/// builds too: optimising `fitreport`, `Configuration`, `Archive` and `Benchmarks` took ~20 s of the ~200 s of CPU a
/// first release build needs, for no measurable run-time gain. (What runs per epoch, the progress bar and the
/// stop-on-Ctrl-C check, is in `Console`, which is optimised; the loops `fitreport bench` times are in `Training`.)
/// `Report` is built so too: its per-epoch, per-point and per-row work is in `RunArtifacts`, which is optimised
/// (Report alone took ~25 s of CPU optimised; now ~3 s, plus ~10 s for RunArtifacts).
/// `Importers` too: its per-record, per-line and per-row readers are the optimised `ImportReaders` (splitting them
/// took a quarter to a third off the importers' CPU in a first release build; `fitreport bench`'s import workloads are
/// unchanged).
let unoptimised: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

/// The optimised targets do not copy function bodies into their module files for other modules to inline
/// (`-disable-cmo`). Swift's default cross-module optimisation cost ~15–20 s of a first release build's CPU (Training
/// alone 51 s → 44 s), and no timed path gains from it: the hot loops run inside their own module. `fitreport bench`
/// measured the same with and without it (README § Quick start).
let optimised: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-cmo"], .when(configuration: .release))]

let package = Package(
    name: "fitreport",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fitreport", targets: ["fitreport"]),
        .library(name: "RunRecord", targets: ["RunRecord"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "Report", targets: ["Report"]),
        .library(name: "DataLoading", targets: ["DataLoading"]),
        .library(name: "Importers", targets: ["Importers"]),
        .library(name: "RunLog", targets: ["RunLog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // `swift package generate-documentation --target RunLog`: a command plugin, built only when run.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // The run record: the framework-neutral value every producer makes and the report renders. Depends on nothing.
        .target(name: "RunRecord", swiftSettings: optimised),
        // Data generation, expression/autodiff engine, models, losses, optimizers, the loop. No I/O.
        .target(name: "Training", swiftSettings: optimised + (vectorLevel.isEmpty ? [] : [.unsafeFlags(vectorLevel)])),
        // Reading user data: delimited text (CSV, TSV, whitespace) into columns of doubles, with located errors.
        .target(name: "DataLoading", swiftSettings: optimised),
        // Run settings from flags, YAML/JSON files and run.json, resolved into a TrainingConfig.
        .target(
            name: "Configuration",
            dependencies: ["Training", "DataLoading", "Plotting", "YAML"],
            swiftSettings: unoptimised
        ),
        // System library: Cairo 2D graphics (apt: libcairo2-dev).
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]
        ),
        // System library: OpenSSL's libcrypto (apt: libssl-dev), for SHA-256 through its EVP digest interface.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        // System library: libwebp (apt: libwebp-dev): WebPAnimEncoder for the animation of the fit, WebPAnimDecoder to
        // read it back. Its module map links libwebpmux, libwebpdemux and libwebp.
        .systemLibrary(
            name: "CWebP",
            pkgConfig: "libwebpmux",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]
        ),
        // System library: libyaml (apt: libyaml-dev), the parser Yams wrapped, for its event parser.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // YAML (and JSON) text → one document's node tree: libyaml's events composed with aliases expanded, plain
        // scalars' tags resolved by YAML 1.1's rules, located errors, and limits against alias bombs and deep nesting.
        // Built without optimisation: it reads small files (settings, `run.json`, the importers' hparams and meta
        // files) once per command, and libyaml does the per-character work.
        .target(name: "YAML", dependencies: ["CYAML"], swiftSettings: unoptimised),
        // SHA-256 of files and byte streams (libcrypto), shared by Report's artifacts and Importers' source files.
        .target(name: "Digest", dependencies: ["CCrypto"], swiftSettings: optimised),
        // Figure model (knows nothing of Cairo) plus one Cairo canvas rendering it to PNG/SVG/PDF.
        .target(name: "Plotting", dependencies: ["CCairo", "CWebP"], swiftSettings: optimised),
        // A run's figures and data files, made from a RunRecord: the report's and a comparison's figures, the
        // animation, history.csv, data.csv, reference.csv, params_history.csv (written hashed, and read back),
        // ReportError. All of the report's work per epoch, point, row or pixel, so it is optimised.
        .target(name: "RunArtifacts", dependencies: ["RunRecord", "Plotting", "Digest"], swiftSettings: optimised),
        // RunRecord → run folder: the writer's orchestration, run.json, the HTML and Markdown pages (Mustache), stored
        // runs, index, comparisons. Renders run records only: it knows nothing of the trainer, its settings or any
        // importer. Runs once per command (its per-element work is in RunArtifacts, which it re-exports), so it is
        // built without optimisation.
        .target(
            name: "Report",
            dependencies: [
                "RunArtifacts", "RunRecord", "Plotting", "Digest",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: unoptimised
        ),
        // The readers of other tools' files, where importing does its per-record, per-line and per-row work: TFRecord
        // framing and CRC-32C, protobuf and TensorBoard events with the run builder, CSV/TSV and JSON Lines histories,
        // dvclive's and MLflow's metric files, predictions files, series accumulation; and `ImportError`. Optimised.
        .target(
            name: "ImportReaders",
            dependencies: ["RunRecord", "DataLoading"],
            swiftSettings: optimised
        ),
        // Producers of run records from other tools' files: CSV/TSV, JSON Lines, Keras, Lightning, TensorBoard, dvclive,
        // MLflow. What runs once per import (format detection, each tool's folder layout and run assembly, settings and
        // hparams files, source links and hashing) is built without optimisation; every loop over records, lines, rows
        // or points calls into `ImportReaders`, which this module re-exports.
        .target(
            name: "Importers",
            dependencies: ["ImportReaders", "RunRecord", "DataLoading", "Digest", "YAML"],
            swiftSettings: unoptimised
        ),
        // The built-in trainer as a producer: TrainingRun (+ its resolved settings) → RunRecord.
        .target(name: "TrainerRecord", dependencies: ["Training", "Configuration", "RunRecord", "Plotting"],
                swiftSettings: optimised),
        // The archive's `reproduce`: remakes a run (trains again, or imports again) and compares every file's hash.
        .target(name: "Archive", dependencies: ["Report", "TrainerRecord", "Importers", "Configuration", "Training",
                                                "RunRecord", "Plotting"], swiftSettings: unoptimised),
        // The Swift logging API: a hand-written training loop logs settings, series, data and parameters into a run
        // record and writes a normal run folder.
        .target(name: "RunLog", dependencies: ["RunRecord", "Report"], swiftSettings: optimised),
        // The blog's loop written by hand with `Objective` (Training) and `RunLogger` (RunLog): the API's example.
        .executableTarget(name: "BlogLoop", dependencies: ["Training", "RunLog"], path: "Examples/BlogLoop"),
        // `swift run -c release nist-lre`: log relative errors of the nonlinear and linear least-squares fits against
        // the NIST StRD certified values copied into Tests/TrainingTests/Data (scripts/nist-lre.sh adds scipy's).
        .executableTarget(name: "nist-lre", dependencies: ["Training"], path: "Tools/NISTLRE"),
        // Workloads for `fitreport bench`: training and rendering, timed in one process. Built without optimisation:
        // what it times runs in the optimised libraries (its epoch loops are Training's `TimedLoops`).
        .target(name: "Benchmarks", dependencies: ["Training", "Plotting", "DataLoading", "Importers", "Report",
                                                   "RunRecord"], swiftSettings: unoptimised),
        // What a command shows and hears on the terminal while training: the progress bar and Ctrl-C handling. Apart
        // from the command-line module because the observer it makes runs once per epoch.
        .target(name: "Console", dependencies: ["Training"], swiftSettings: optimised),
        // The command-line interface: a thin shell over the libraries.
        .executableTarget(
            name: "fitreport",
            dependencies: [
                "Training", "Plotting", "Report", "Configuration", "Benchmarks", "RunRecord", "Importers",
                "TrainerRecord", "Archive", "Console",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: unoptimised
        ),
        .testTarget(name: "TrainingTests", dependencies: ["Training"], exclude: ["Data"]),
        .testTarget(name: "DataLoadingTests", dependencies: ["DataLoading"]),
        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Training"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "CCairo", "CWebP"], exclude: ["Golden"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "RunArtifacts", "RunRecord", "Training", "Plotting",
                                                      "Configuration", "TrainerRecord", "Archive"]),
        .testTarget(name: "RunRecordTests", dependencies: ["RunRecord"]),
        .testTarget(name: "ImportTests", dependencies: ["Importers", "ImportReaders", "RunRecord"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "RunLogTests", dependencies: ["RunLog", "Training", "RunRecord", "BlogLoop", "fitreport"]),
        .testTarget(name: "CLITests", dependencies: ["fitreport", "Plotting"], exclude: ["Golden", "Fixtures"]),
    ]
)
