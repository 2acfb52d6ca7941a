// The blog's custom training loop, written by hand with fitreport's autodiff (`Objective`) and logging API
// (`RunLogger`). Same data, initial values and arithmetic as `fitreport run`, so history.csv and data.csv come out
// byte for byte the same. Usage: BlogLoop [--out DIR]
import RunLog
import Training

let arguments = CommandLine.arguments
let out = arguments.firstIndex(of: "--out").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "output"

// Data: y = 20x² + 5x − 3 + N(0, 1) at 100 points on [0, 1], then a, b, c ~ N(0, 1) — one generator, seed 0.
var rng = Xoshiro256StarStar(seed: 0)
let data = try DataGenerator.blog.generate(using: &rng)
var theta = rng.gaussians(3)
let initial = theta

// The model f(x) = a·x² + b·x + c and its mean squared error on the data: one call gives loss and gradient.
let (a, b, c, x) = (Expr.parameter("a"), Expr.parameter("b"), Expr.parameter("c"), Expr.variable("x"))
let model = a * x ** 2 + b * x + c
let objective = try Objective(model, loss: .mse, data: ["x": data.x, "y": data.y])

let lr = 1e-3, epochs = 15000
let run = RunLogger(title: "Fitting f(x) = \(model)", outputRoot: out)
run.setModel("f(x) = \(model)")
run.describeSeries("loss", displayName: "MSE")
run.logSettings(["model": "\(model)", "loss": "mse", "optimizer": "sgd", "lr": lr, "epochs": epochs, "seed": 0])
run.attachData(x: data.x, y: data.y)
run.attachPrediction("y_before", objective.predictions(at: theta))

for epoch in 0..<epochs {
    let (loss, gradient) = objective.lossAndGradient(at: theta)
    run.log("loss", loss, step: epoch)
    for i in theta.indices { theta[i] -= lr * gradient[i] }  // SGD: θ ← θ − lr·∇L
}

run.attachPrediction("y_after", objective.predictions(at: theta))
// The model is linear in a, b, c, so the exact optimum is one least-squares solve away, with its error bars.
let exact = try Trainer.fitLeastSquares(Model(formula: model), dataset: data, loss: .mse)
if let exact {
    run.attachPrediction("least squares", exact.predictions, role: .reference)
    run.attachBand(lower: exact.bandLower, upper: exact.bandUpper, level: exact.statistics?.level ?? 0.95)
}
let errors = exact?.statistics?.standardErrors, intervals = exact?.statistics?.intervals
run.setParameters(objective.parameterNames.indices.map { i in
    Parameter(name: objective.parameterNames[i], initial: initial[i], final: theta[i], reference: exact?.parameters[i],
              standardError: errors?[i], lower: intervals?[i].lowerBound, upper: intervals?[i].upperBound)
}, referenceName: "least squares")
run.note("Written by hand with Objective and RunLogger: Examples/BlogLoop/main.swift.")
print(try run.finish().reportPath)
