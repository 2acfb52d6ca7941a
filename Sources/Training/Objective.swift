/// Errors raised while building an `Objective` or looking up parameters by name.
public enum ObjectiveError: Error, Equatable, CustomStringConvertible {
    /// The expression uses a name the data or the parameter list does not provide.
    case engine(EngineError)
    /// The model or the loss reads a data column that `data` does not have.
    case missingColumn(String, available: [String])
    /// The data columns the objective reads have different lengths.
    case columnLengths([ColumnLength])
    /// The data has no rows.
    case noData
    /// The model has no trainable parameters.
    case noParameters
    /// A named parameter value was given for a name the objective does not have.
    case unknownParameter(String, known: [String])
    /// A named parameter value is missing.
    case missingParameter(String)

    /// One column name and its length, for `columnLengths`.
    public struct ColumnLength: Sendable, Equatable {
        /// The column's name.
        public var name: String
        /// The column's number of rows.
        public var count: Int

        /// A column name and its length.
        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// The problem in one sentence.
    public var description: String {
        switch self {
        case .engine(let e): e.description
        case .missingColumn(let name, let available):
            "the objective reads the data column '\(name)', but the data has only: "
                + (available.isEmpty ? "no columns" : available.joined(separator: ", "))
        case .columnLengths(let columns):
            "the data columns have different lengths: "
                + columns.map { "\($0.name) has \($0.count) rows" }.joined(separator: ", ")
        case .noData: "the data has no rows"
        case .noParameters: "the model has no trainable parameters"
        case .unknownParameter(let name, let known):
            "'\(name)' is not a parameter of the objective; its parameters are " + known.joined(separator: ", ")
        case .missingParameter(let name): "no value was given for the parameter '\(name)'"
        }
    }
}

/// The loss of a model on a fixed data set as a function of the parameters: one call gives the loss and its gradient.
///
/// This is the piece a hand-written training loop needs. The model is an ``Expr`` built with Swift operators, the loss
/// is the mean over the data rows of a pointwise penalty, and the gradient with respect to every parameter comes from
/// the same compiled `Program` and `ObjectiveKernel` that `Trainer.run` uses, so a loop written with it produces the
/// built-in trainer's losses and parameters bit for bit:
///
/// ```swift
/// let (a, b, c, x) = (Expr.parameter("a"), Expr.parameter("b"), Expr.parameter("c"), Expr.variable("x"))
/// let objective = try Objective(a * x ** 2 + b * x + c, loss: .mse, data: ["x": xs, "y": ys])
/// for epoch in 0..<15000 {
///     let (loss, gradient) = objective.lossAndGradient(at: theta)
///     for i in theta.indices { theta[i] -= 1e-3 * gradient[i] }
/// }
/// ```
///
/// Parameters are arrays in ``parameterNames`` order (the order of first appearance in the model, unless given), or
/// dictionaries keyed by name. An objective holds scratch buffers and is meant for one thread at a time; make one per
/// thread to evaluate in parallel.
public final class Objective {
    /// The model f(inputs; θ).
    public let model: Expr
    /// The per-row loss ℓ(f(inputs; θ), target) whose mean over the rows is the objective.
    public let pointwise: Expr
    /// Parameter names: the order of parameter arrays and gradients.
    public let parameterNames: [String]
    /// The data columns the model reads, in order of first appearance.
    public let inputNames: [String]
    /// The data column the model is compared with.
    public let targetName: String
    /// Number of data rows.
    public let pointCount: Int

    private let kernel: ObjectiveKernel
    private let predictor: Evaluator
    private let inputColumns: [[Double]]

    /// An objective: the mean over the data rows of `loss` between `model` and the column `target`.
    ///
    /// - Parameters:
    ///   - model: the model as an expression in data variables (`Expr.variable("x")`) and parameters
    ///     (`Expr.parameter("a")`).
    ///   - loss: the pointwise penalty (`.mse`, `.mae`, `.huber(delta:)`).
    ///   - data: columns by name: every variable the model reads, and `target`. Other columns are ignored.
    ///   - target: the name of the column the model predicts (`y`).
    ///   - parameters: the parameter order; `nil` takes the model's parameters in order of first appearance.
    ///   - threads: threads that share each evaluation of large data sets (results are bit-identical for any count).
    public convenience init(_ model: Expr, loss: Loss = .mse, data: [String: [Double]], target: String = "y",
                            parameters: [String]? = nil, threads: Int = Trainer.defaultThreads) throws(ObjectiveError)
    {
        try self.init(model, pointwiseLoss: { loss.pointwise(prediction: $0, target: $1) }, data: data,
                      target: target, parameters: parameters, threads: threads)
    }

    /// An objective whose pointwise penalty you write yourself, as an expression in the prediction and the target:
    /// `Objective(model, pointwiseLoss: { prediction, y in (prediction - y) ** 2 }, data: …)` is the mean squared
    /// error (and gives exactly what `loss: .mse` gives).
    ///
    /// - Parameters:
    ///   - model: the model as an expression in data variables and parameters.
    ///   - pointwiseLoss: builds ℓ(prediction, target) for one row from the model's and the target's expressions.
    ///   - data: columns by name: every variable the model reads, and `target`. Other columns are ignored.
    ///   - target: the name of the column the model predicts (`y`).
    ///   - parameters: the parameter order; `nil` takes the model's parameters in order of first appearance.
    ///   - threads: threads that share each evaluation of large data sets (results are bit-identical for any count).
    public init(_ model: Expr, pointwiseLoss: (_ prediction: Expr, _ target: Expr) -> Expr,
                data: [String: [Double]], target: String = "y", parameters: [String]? = nil,
                threads: Int = Trainer.defaultThreads) throws(ObjectiveError)
    {
        let pointwise = pointwiseLoss(model, .variable(target))
        let inputs = model.variableNames.filter { $0 != target }
        // The trainer's variable order: the model's inputs, then the target (["x", "y"] for the blog).
        var variables = inputs + [target]
        for name in pointwise.variableNames where !variables.contains(name) { variables.append(name) }
        let names = parameters ?? model.parameterNames
        guard !names.isEmpty else { throw .noParameters }
        var columns: [[Double]] = []
        for name in variables {
            guard let column = data[name] else { throw .missingColumn(name, available: data.keys.sorted()) }
            columns.append(column)
        }
        let n = columns[0].count
        if columns.contains(where: { $0.count != n }) {
            throw .columnLengths(zip(variables, columns).map { ObjectiveError.ColumnLength($0, $1.count) })
        }
        guard n > 0 else { throw .noData }
        do {
            let program = try Program(pointwise, variables: variables, parameters: names)
            let predictionProgram = try Program(model, variables: inputs, parameters: names)
            kernel = ObjectiveKernel(program, columns: columns, weight: 1 / Double(n), threads: max(threads, 1))
            predictor = Evaluator(predictionProgram)
        } catch {
            throw .engine(error)
        }
        self.model = model
        self.pointwise = pointwise
        parameterNames = names
        inputNames = inputs
        targetName = target
        pointCount = n
        inputColumns = Array(columns.prefix(inputs.count))
    }

    /// An objective for a `Model` (input `x`) on a `Dataset` (columns `x` and `y`), exactly as `Trainer.run` builds
    /// it for unnormalized data.
    public convenience init(_ model: Model, loss: Loss = .mse, dataset: Dataset,
                            threads: Int = Trainer.defaultThreads) throws(ObjectiveError)
    {
        var data = Dictionary(uniqueKeysWithValues: zip(dataset.inputNames, dataset.inputs))
        data["y"] = dataset.y
        try self.init(model.formula, loss: loss, data: data, target: "y", parameters: model.parameterNames,
                      threads: threads)
    }

    /// The loss at `parameters` (in ``parameterNames`` order) and its gradient with respect to each parameter.
    ///
    /// The values are those `Trainer.run` records and steps with, bit for bit. The array must hold one value per
    /// parameter (a wrong count stops the program, like an index out of range).
    public func lossAndGradient(at parameters: [Double]) -> (loss: Double, gradient: [Double]) {
        var gradient = [Double](repeating: 0, count: parameterNames.count)
        let loss = lossAndGradient(at: parameters, gradient: &gradient)
        return (loss, gradient)
    }

    /// The loss at `parameters`; writes its gradient into `gradient` (resized to the parameter count when needed),
    /// so a loop can reuse one buffer and allocate nothing per step.
    public func lossAndGradient(at parameters: [Double], gradient: inout [Double]) -> Double {
        precondition(parameters.count == parameterNames.count,
                     "expected \(parameterNames.count) parameter values (\(parameterNames.joined(separator: ", "))), "
                         + "got \(parameters.count)")
        return kernel.valueAndGradient(parameters: parameters, gradient: &gradient)
    }

    /// The loss and its gradient for parameter values given by name; every parameter needs a value.
    public func lossAndGradient(at parameters: [String: Double]) throws(ObjectiveError)
        -> (loss: Double, gradient: [String: Double])
    {
        let (loss, gradient) = lossAndGradient(at: try values(parameters))
        return (loss, Dictionary(uniqueKeysWithValues: zip(parameterNames, gradient)))
    }

    /// The loss alone at `parameters` (in ``parameterNames`` order).
    public func loss(at parameters: [Double]) -> Double {
        lossAndGradient(at: parameters).loss
    }

    /// The model's prediction for every data row at `parameters` (in ``parameterNames`` order): the values
    /// `Trainer.run` reports as the predictions before and after training.
    public func predictions(at parameters: [Double]) -> [Double] {
        precondition(parameters.count == parameterNames.count,
                     "expected \(parameterNames.count) parameter values, got \(parameters.count)")
        if inputColumns.isEmpty {
            // A model without inputs is one value; the evaluator then works on a single row.
            let value = predictor.evaluate(columns: [], parameters: parameters).first ?? .nan
            return [Double](repeating: value, count: pointCount)
        }
        return predictor.evaluate(columns: inputColumns, parameters: parameters)
    }

    /// Parameter values by name, in ``parameterNames`` order.
    public func values(_ named: [String: Double]) throws(ObjectiveError) -> [Double] {
        for name in named.keys.sorted() where !parameterNames.contains(name) {
            throw .unknownParameter(name, known: parameterNames)
        }
        var out: [Double] = []
        out.reserveCapacity(parameterNames.count)
        for name in parameterNames {
            guard let value = named[name] else { throw .missingParameter(name) }
            out.append(value)
        }
        return out
    }

    /// Parameter values keyed by name.
    public func named(_ values: [Double]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: zip(parameterNames, values))
    }
}

/// The data and initial parameters a training run starts from.
public struct StartingPoint: Sendable, Equatable {
    /// The data set, in original units.
    public var dataset: Dataset
    /// The model's parameter names.
    public var parameterNames: [String]
    /// Initial parameter values in `parameterNames` order.
    public var initialParameters: [Double]
}

extension TrainingConfig {
    /// The data set and initial parameters `Trainer.run` starts from, drawn the same way: one xoshiro256** generator
    /// seeded with `seed` gives one N(0, 1) per generated data point (noise, in order of x), then one per parameter
    /// (initial values), and `initialValues` replaces the named ones.
    ///
    /// `TrainingConfig().startingPoint()` is the blog's data (100 points of 20x² + 5x − 3 + N(0, 1)) and its initial
    /// a, b, c for seed 0. With `normalize` the trainer trains on standardized data; this returns original units.
    public func startingPoint() throws(TrainingError) -> StartingPoint {
        let problems = validationErrors()
        guard problems.isEmpty else { throw .invalidConfig(problems) }
        var rng = Xoshiro256StarStar(seed: seed)
        return try startingPoint(using: &rng)
    }

    /// The starting point drawn from `rng` (which then continues with the trainer's later draws).
    func startingPoint(using rng: inout Xoshiro256StarStar) throws(TrainingError) -> StartingPoint {
        let dataset: Dataset
        switch data {
        case .generated(let generator):
            do { dataset = try generator.generate(using: &rng) } catch { throw .engine(error) }
        case .provided(let provided): dataset = provided
        }
        let initial = model.initialValues(using: &rng, overrides: initialValues)
        return StartingPoint(dataset: dataset, parameterNames: model.parameterNames, initialParameters: initial)
    }
}
