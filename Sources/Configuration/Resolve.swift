import DataLoading
import Foundation
import Plotting
import Training

/// A `RunConfig` turned into what the training core runs, plus what the report says about the data.
public struct ResolvedRun: Sendable {
    public var settings: RunConfig
    public var training: TrainingConfig
    /// For CSV data: the file and the resolved column names.
    public var dataDescription: String?
    /// For a validation file: the file and its row count.
    public var validationDescription: String?
    /// The data's input columns as the data names them (`temp`, `pressure`), in input order; `x` for one generated
    /// input.
    public var inputColumns: [String] = ["x"]
    public var figures: FigureSettings
    /// Things worth a warning that do not stop the run (a parameter named like the target column, …).
    public var warnings: [String] = []
}

extension RunConfig {
    /// Parses formulas and options, loads the data file if any, and checks every value.
    /// Errors name the key (`lr`, `model`, `init`, …), and for data files the file, line and column.
    public func resolve() throws(ConfigError) -> ResolvedRun {
        let lossValue: Loss
        switch loss.lowercased() {
        case "mse": lossValue = .mse
        case "mae": lossValue = .mae
        case "huber": lossValue = .huber(delta: huberDelta)
        default: throw ConfigError(key: "loss", "unknown loss '\(loss)'; choose mse, mae or huber")
        }
        let optimizerKind: OptimizerKind
        switch optimizer.lowercased() {
        case "sgd": optimizerKind = .sgd
        case "momentum": optimizerKind = .momentum(momentum: momentum, nesterov: nesterov)
        case "adam": optimizerKind = .adam(beta1: beta1, beta2: beta2, epsilon: eps)
        default: throw ConfigError(key: "optimizer", "unknown optimizer '\(optimizer)'; choose sgd, momentum or adam")
        }
        let initial = try parseInit()
        let schedule: LearningRateSchedule
        do {
            schedule = try LearningRateSchedule(parsing: lrSchedule)
        } catch {
            throw ConfigError(key: "lr-schedule", error.description)
        }

        let inputs = try resolveInputs()
        let modelValue = try resolveModel(inputs)
        var warnings = inputs.warnings(for: modelValue)

        var validationSource = ValidationSource.none
        var validationDescription: String?
        if let validation, validationData != nil {
            throw ConfigError(key: "validation", "give either a fraction (\(validation)) or "
                + "--validation-data FILE, not both")
        }
        if let validation { validationSource = .fraction(validation) }
        if let validationData {
            guard let data else {
                throw ConfigError(key: "validation-data", "a validation file needs a data file; add --data FILE.csv "
                    + "(generated data can hold out a fraction with --validation 0.2)")
            }
            let table = try Self.readTable(validationData, key: "validation-data", x: x, y: y)
            if table.inputNames != inputs.table?.inputNames || table.yName != inputs.table?.yName {
                warnings.append("validation-data: \(validationData) names its columns "
                    + (table.inputNames + [table.yName]).joined(separator: ", ") + "; \(data) names them "
                    + ((inputs.table?.inputNames ?? []) + [inputs.table?.yName ?? "?"]).joined(separator: ", ")
                    + " — they are matched by the --x/--y selection")
            }
            validationSource = .provided(Dataset(inputs: table.inputs, inputNames: inputs.variables, y: table.y))
            validationDescription = "\(Self.fileName(validationData)) (\(table.rowCount) rows)"
        }

        var training = TrainingConfig(
            seed: seed, data: inputs.source, model: modelValue, loss: lossValue, optimizer: optimizerKind,
            learningRate: lr, epochs: epochs, initialValues: initial, normalize: normalize)
        training.validation = validationSource
        training.batchSize = batchSize
        training.schedule = schedule
        training.warmup = warmup
        training.earlyStopPatience = earlyStop
        training.minDelta = minDelta
        training.tolerance = tolerance
        training.clipGradNorm = clipGradNorm
        training.restoreBest = restoreBest
        if let problem = training.validationErrors().first {
            // Validation messages start with the key they concern.
            throw ConfigError(key: "", problem)
        }
        guard scale.isFinite, scale >= 0.25, scale <= 8 else {
            throw ConfigError(key: "scale", "must be between 0.25 and 8, got \(scale)")
        }
        var figures = try figureSettings()
        try chooseFigures(&figures, parameters: training.model.parameterNames)
        var settings = self
        if let data { settings.data = URL(fileURLWithPath: data).standardizedFileURL.path }
        if let validationData { settings.validationData = URL(fileURLWithPath: validationData).standardizedFileURL.path }
        return ResolvedRun(settings: settings, training: training, dataDescription: inputs.description,
                           validationDescription: validationDescription, inputColumns: inputs.columns,
                           figures: figures, warnings: warnings)
    }

    /// The model: a built-in (`poly:3`, `mlp:16,16`) expanded over the inputs, or a formula whose input names are
    /// resolved to the inputs.
    private func resolveModel(_ inputs: ResolvedInputs) throws(ConfigError) -> Model {
        let builtin: BuiltinModel?
        do {
            builtin = try BuiltinModel.parse(model)
        } catch {
            throw ConfigError(key: "model", error.description)
        }
        if let builtin {
            do {
                return Model(formula: try builtin.expression(inputs: inputs.variables), inputs: inputs.variables,
                             builtin: builtin)
            } catch {
                throw ConfigError(key: "model", error.description)
            }
        }
        let parsed: Expr
        do {
            parsed = try Formula.parse(model, variables: Set(inputs.aliases.keys))
        } catch {
            throw ConfigError(key: "model", error.message + " (column \(error.column))", detail: caret(error))
        }
        try inputs.checkParameters(parsed.parameterNames, key: "model")
        return Model(formula: inputs.canonical(parsed), inputs: inputs.variables)
    }

    /// The data (file or generator) and the names its inputs go by in formulas.
    private func resolveInputs() throws(ConfigError) -> ResolvedInputs {
        if let data {
            if inputs != 1 {
                throw ConfigError(key: "inputs", "sets the number of generated inputs; with --data the inputs are "
                    + "the --x columns")
            }
            let table = try Self.readTable(data, key: "data", x: x, y: y)
            let k = table.inputs.count
            var variables: [String] = []
            var aliases: [String: Int] = [:]
            for (i, name) in table.inputNames.enumerated() {
                let numbered = "x\(i + 1)"
                // One input is `x` in formulas (and by its column name); several go by their column names when
                // those are usable names, else x1…xk — and x1…xk always work.
                let canonical = k == 1 ? "x" : (Self.isUsableName(name) && !table.inputNames[..<i].contains(name)
                    && !(name.hasPrefix("x") && Int(name.dropFirst()) != nil) ? name : numbered)
                variables.append(canonical)
                aliases[canonical] = i
                aliases[numbered] = i
                if Self.isUsableName(name), aliases[name] == nil { aliases[name] = i }
            }
            if k == 1 { aliases["x"] = 0 }
            let columns = k == 1 ? "x: \(table.inputNames[0])" : "inputs: " + table.inputNames.joined(separator: ", ")
            // The file's name, not its path: the same words whether the run was made here or is reproduced from
            // run.json, which records the absolute path.
            let description = "\(Self.fileName(data)) (\(columns), y: \(table.yName), \(table.rowCount) rows)"
            let dataset = Dataset(inputs: table.inputs, inputNames: variables, y: table.y)
            return ResolvedInputs(source: .provided(dataset), variables: variables, aliases: aliases,
                                  columns: table.inputNames, description: description, table: table,
                                  file: data)
        }
        if x != nil || y != nil {
            throw ConfigError(key: x != nil ? "x" : "y", "column selection needs a data file; add --data FILE.csv")
        }
        guard inputs >= 1, inputs <= 100 else {
            throw ConfigError(key: "inputs", "must be between 1 and 100, got \(inputs)")
        }
        let variables = DataGenerator.inputNames(count: inputs)
        var aliases: [String: Int] = [:]
        for (i, name) in variables.enumerated() { aliases[name] = i }
        let truth: Expr
        do {
            truth = try Formula.parse(generate, variables: Set(variables))
        } catch {
            throw ConfigError(key: "generate", error.message + " (column \(error.column))", detail: caret(error))
        }
        if let stray = truth.parameterNames.first {
            throw ConfigError(key: "generate", "the formula may only use " + Self.list(variables)
                + ", constants and functions; '\(stray)' is none of them"
                + (inputs == 1 && stray.hasPrefix("x") ? " (for several inputs set --inputs K and use x1…xK)" : ""))
        }
        let source = DataSource.generated(DataGenerator(truth: truth, points: points, noise: noise,
                                                        xRange: try parseRange(), inputCount: inputs))
        return ResolvedInputs(source: source, variables: variables, aliases: aliases, columns: variables,
                              description: nil, table: nil, file: nil)
    }

    /// The last component of `path`.
    static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    /// `x` or `x1, x2 and x3`.
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }

    /// A name the formula parser reads as one identifier and not as a function or constant.
    static func isUsableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else {
            return false
        }
        guard name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) })
        else { return false }
        return Formula.unaryFunctions[name] == nil && Formula.binaryFunctions[name] == nil
            && Formula.constants[name] == nil
    }

    /// Reads the `x` (one or more columns) and `y` columns of `path`.
    static func readTable(_ path: String, key: String, x: String?, y: String?) throws(ConfigError) -> LoadedTable {
        let selectors = ColumnSelector.list(parsing: x ?? "1")
        guard !selectors.isEmpty else { throw ConfigError(key: "x", "lists no columns; give names or 1-based indices") }
        do {
            return try DelimitedFileReader(path: path).readTable(inputs: selectors,
                                                                 target: ColumnSelector(parsing: y ?? "2"),
                                                                 minimumRows: 2)
        } catch {
            // Problems with the column selection belong to --x, the rest to the file.
            switch error {
            case .repeatedInput, .targetIsInput: throw ConfigError(key: "x", "\(error)")
            default: throw ConfigError(key: key, "\(error)")
            }
        }
    }

    func figureSettings() throws(ConfigError) -> FigureSettings {
        let parts = size.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let h = Double(parts[1].trimmingCharacters(in: .whitespaces)), w >= 1, h >= 1, w <= 40, h <= 40
        else {
            throw ConfigError(key: "size", "expected WIDTHxHEIGHT in inches between 1 and 40, e.g. 6.4x4.8; got '\(size)'")
        }
        guard dpi.isFinite, dpi >= 20, dpi <= 600 else {
            throw ConfigError(key: "dpi", "must be between 20 and 600, got \(dpi)")
        }
        guard w * dpi * scale <= 20000, h * dpi * scale <= 20000 else {
            throw ConfigError(key: "size", "the PNG would be larger than 20000 pixels on a side; lower --size, --dpi or --scale")
        }
        guard FigureSettings.styles.contains(style) else {
            throw ConfigError(key: "style", "unknown style '\(style)'; choose " + FigureSettings.styles.joined(separator: " or "))
        }
        guard let scaleChoice = FigureSettings.LossScale(rawValue: lossScale) else {
            throw ConfigError(key: "loss-scale", "expected auto, log or linear; got '\(lossScale)'")
        }
        guard smooth.isFinite, smooth >= 0, smooth < 1 else {
            throw ConfigError(key: "smooth", "must be at least 0 and less than 1 (e.g. 0.9), got \(smooth)")
        }
        return FigureSettings(widthInches: w, heightInches: h, dpi: dpi, style: style, lossScale: scaleChoice,
                              smooth: smooth)
    }

    /// `figures`, `landscape` and `animate` into `settings`, checked: known figure names, two distinct parameters of
    /// the model.
    func chooseFigures(_ settings: inout FigureSettings, parameters: [String]) throws(ConfigError) {
        if let figures {
            let names = figures.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                .filter { !$0.isEmpty }
            for name in names where !FigureSettings.selectableFigures.contains(name) {
                throw ConfigError(key: "figures", "unknown figure '\(name)'; choose from "
                    + FigureSettings.selectableFigures.joined(separator: ", "))
            }
            settings.figureNames = names
        }
        if let landscape {
            let names = landscape.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard names.count == 2, names[0] != names[1] else {
                throw ConfigError(key: "landscape", "expected two different parameters, e.g. a,b; got '\(landscape)'")
            }
            for name in names where !parameters.contains(name) {
                throw ConfigError(key: "landscape", "'\(name)' is not a parameter of the model; its parameters are "
                    + parameters.joined(separator: ", "))
            }
            settings.landscapeParameters = names
        }
        settings.animate = animate ?? false
    }

    private func caret(_ error: FormulaError) -> String {
        "  " + error.formula + "\n  " + String(repeating: " ", count: max(0, error.column - 1)) + "^"
    }

    /// `LOW:HIGH` with LOW < HIGH.
    func parseRange() throws(ConfigError) -> ClosedRange<Double> {
        let parts = xRange.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Double(parts[0].trimmingCharacters(in: .whitespaces)),
              let hi = Double(parts[1].trimmingCharacters(in: .whitespaces)), lo.isFinite, hi.isFinite
        else {
            throw ConfigError(key: "x-range", "expected LOW:HIGH with two numbers, for example 0:1; got '\(xRange)'")
        }
        guard lo < hi else {
            throw ConfigError(key: "x-range", "LOW must be less than HIGH; got '\(xRange)' (reversed or empty)")
        }
        return lo...hi
    }

    /// `a=1,b=0.5` → ["a": 1, "b": 0.5].
    func parseInit() throws(ConfigError) -> [String: Double] {
        guard let text = `init`, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        var values: [String: Double] = [:]
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", omittingEmptySubsequences: false)
            let name = pair.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard pair.count == 2, !name.isEmpty, let value = Double(pair[1].trimmingCharacters(in: .whitespaces)),
                  value.isFinite
            else {
                throw ConfigError(key: "init", "expected NAME=NUMBER pairs separated by commas, e.g. a=1,b=0.5; "
                    + "could not read '\(item)'")
            }
            guard values[name] == nil else { throw ConfigError(key: "init", "'\(name)' is given twice") }
            values[name] = value
        }
        return values
    }
}

/// The inputs of a run: the data source and how formulas name each input.
struct ResolvedInputs {
    var source: DataSource
    /// The canonical variable of each input (what the model and the data set use).
    var variables: [String]
    /// Every name a formula may use for an input (canonical, `x1`…`xk`, column names; `x` for a single input).
    var aliases: [String: Int]
    /// The inputs as the data names them.
    var columns: [String]
    var description: String?
    var table: LoadedTable?
    var file: String?

    /// `expr` with every alias replaced by its input's canonical variable.
    func canonical(_ expr: Expr) -> Expr {
        var out = expr
        for (alias, index) in aliases where alias != variables[index] {
            out = out.substituting(variable: alias, with: .variable(variables[index]))
        }
        return out
    }

    /// Parameters that look like inputs that do not exist are errors: another column of the data file, or `xN`
    /// beyond the inputs.
    func checkParameters(_ names: [String], key: String) throws(ConfigError) {
        let inputList = RunConfig.list(columns)
        for name in names {
            if let table, let header = table.header, header.contains(name), name != table.yName {
                throw ConfigError(key: key, "'\(name)' is a column of \(file ?? "the data file") but not an input; "
                    + "add it to --x (the inputs are \(inputList)) or rename the parameter")
            }
            if variables.count > 1 || table == nil, name.hasPrefix("x"), let k = Int(name.dropFirst()), k >= 1 {
                throw ConfigError(key: key, "'\(name)' is not an input: there \(variables.count == 1 ? "is 1 input" : "are \(variables.count) inputs") ("
                    + RunConfig.list(variables) + ")" + (table == nil ? "; set --inputs to generate more" : "; add columns to --x"))
            }
            if variables.count > 1, name == "x" {
                throw ConfigError(key: key, "with \(variables.count) inputs there is no single x; use "
                    + RunConfig.list(variables) + " (or x1…x\(variables.count))")
            }
        }
    }

    /// Warnings for a model whose parameters are named like the target column.
    func warnings(for model: Model) -> [String] {
        let targetNames: Set<String> = ["y", table?.yName].compactMap { $0 }.reduce(into: []) { $0.insert($1) }
        return model.parameterNames.filter { targetNames.contains($0) }.map {
            "model: '\($0)' is a trainable parameter, not the data column \($0 == "y" ? "y" : "'\($0)'"); the model "
                + "is fitted to the target, so it should not name it"
        }
    }
}
