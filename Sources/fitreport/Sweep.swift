import ArgumentParser
import Configuration
import Foundation
import Report

/// `fitreport sweep --lr 1e-4,1e-3,1e-2 …`: one run per combination, then a comparison page.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every combination of comma-separated values (a grid), then write a comparison page.",
        discussion: "Lists are accepted for: " + RunConfig.sweepableKeys.sorted().joined(separator: ", ")
            + ". With --print-commands, prints the equivalent `fitreport run` commands instead (one per line), "
            + "for a scheduler such as a Slurm array or GNU parallel; `fitreport index` gathers their results.")

    @OptionGroup(title: "Run settings") var options: RunOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Output") var figureFormats: FigureFormatOptions

    @OptionGroup(title: "Messages") var messages: MessageOptions

    @Flag(name: .customLong("print-commands"), help: "Print one `fitreport run` command per combination and exit.")
    var printCommands = false

    func run() throws {
        let grid = SweepGrid(settings: options.settings())
        let combinations: [(config: RunConfig, label: [(String, String)])]
        do {
            combinations = try grid.expand(over: try options.baseConfig())
        } catch {
            throw Failure(code: .badInput, message: error.description)
        }
        if printCommands {
            for combination in combinations {
                let overrides = Dictionary(combination.label, uniquingKeysWith: { a, _ in a })
                var args = ["fitreport", "run"] + options.arguments(overrides: overrides)
                args += ["--out", output.out]
                if let templates = output.templates { args += ["--templates", templates] }
                if figureFormats.format != "png,svg" { args += ["--format", figureFormats.format] }
                if output.selfContained { args.append("--self-contained") }
                let name = Self.runName(base: output.name, label: combination.label)
                if !name.isEmpty { args += ["--name", name] }
                print(args.map(Self.shellQuoted).joined(separator: " "))
            }
            return
        }
        // Check every combination before training any.
        for combination in combinations {
            do {
                _ = try combination.config.resolve()
            } catch {
                throw Failure(code: .badInput, message: error.description)
            }
        }
        let interruption = Interruption()
        var folders: [String] = []
        for (i, combination) in combinations.enumerated() {
            var runOutput = output
            let name = Self.runName(base: output.name, label: combination.label)
            runOutput.name = name.isEmpty ? nil : name
            let (_, written) = try RunExecution.execute(combination.config, output: runOutput,
                                                        formats: try figureFormats.formats(),
                                                        interruption: interruption, messages: messages, threads: options.threads)
            print("[\(i + 1)/\(combinations.count)] \(name.isEmpty ? written.runID : name): \(written.reportPath)")
            folders.append(written.directory)
            if interruption.requested { break }
        }
        do {
            print(try Comparison(outputRoot: output.out, templatesDirectory: output.templates)
                .write(runDirectories: folders))
        } catch let error as ReportError {
            throw Failure(code: error.exitCode, message: error.description)
        }
        if interruption.requested {
            throw Failure(code: .interrupted, message: "sweep interrupted: \(folders.count) of \(combinations.count) "
                + "runs written (the last one with status interrupted); the comparison covers those")
        }
    }

    /// `lr=0.001_epochs=100`-style run name from the varying values (and the user's --name).
    static func runName(base: String?, label: [(String, String)]) -> String {
        let parts = label.map { "\($0.0)=\($0.1)" }
        return ([base].compactMap { $0 } + parts).joined(separator: "_")
    }

    /// Quotes an argument for a POSIX shell when it needs it.
    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "-_.,:=/+@%".contains($0) }
        return safe && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
