// nist-lre: fits every NIST StRD nonlinear regression data set copied into the repository (both starting vectors)
// with `LevenbergMarquardt.fit`, and the linear ones with `LeastSquares` + `FitStatistics`, and prints the log
// relative errors (LRE = −log10 max |estimate − certified| / |certified|; the number of agreeing significant digits)
// as a Markdown table.
//
//     swift run -c release nist-lre [DATA_DIR]
//     swift run -c release nist-lre --speed      # times fit of a*exp(-b*x) + c on 100,000 points instead
//
// DATA_DIR defaults to the repository's Tests/TrainingTests/Data (found from this file's path).
import Foundation
import Training

struct NISTSet: Decodable {
    var name: String
    var difficulty: String
    var model: String
    var start1: [Double]
    var start2: [Double]
    var certified: [Double]
    var certified_sd: [Double]
    var rss: Double
    var residual_sd: Double
    var dof: Int
}

/// −log10 of the largest relative error (absolute where the certified value is 0), capped at 15.
func lre(_ estimates: [Double], _ certified: [Double]) -> Double {
    var worst = 0.0
    for (e, c) in zip(estimates, certified) {
        let error = c == 0 ? abs(e) : abs(e - c) / abs(c)
        worst = max(worst, error.isNaN ? .infinity : error)
    }
    return worst == 0 ? 15 : min(15, -log10(worst))
}

func readXY(_ url: URL) throws -> (x: [Double], y: [Double]) {
    let text = try String(contentsOf: url, encoding: .utf8)
    var xs: [Double] = [], ys: [Double] = []
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
        let fields = line.split(separator: ",")
        guard fields.count == 2, let x = Double(fields[0]), let y = Double(fields[1]) else { continue }
        xs.append(x)
        ys.append(y)
    }
    return (xs, ys)
}

func format(_ v: Double) -> String { v.isFinite ? String(format: "%.1f", v) : "—" }

/// Times `LevenbergMarquardt.fit` of a·exp(−b·x) + c on N = 100,000 points (x = linspace(0, 5), y = 2.5·exp(−1.3x)
/// + 0.5 + N(0, 0.05²), seed 1) from (1, 1, 0): the median and fastest of 9 runs after one warm-up.
func speed() throws {
    let n = 100_000
    let x = Dataset.linspace(0, 5, count: n)
    var rng = Xoshiro256StarStar(seed: 1)
    let noise = rng.gaussians(n)
    let y = (0..<n).map { 2.5 * exp(-1.3 * x[$0]) + 0.5 + 0.05 * noise[$0] }
    let model = Model(formula: try Formula.parse("a*exp(-b*x) + c"))
    let clock = ContinuousClock()
    var times: [Double] = []
    var last: LevenbergMarquardt.Outcome?
    for run in 0..<10 {
        let began = clock.now
        let fit = try LevenbergMarquardt.fit(model, inputs: [x], targets: y, start: [1, 1, 0])
        let d = clock.now - began
        if run > 0 { times.append(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15) }
        last = fit
    }
    times.sort()
    guard let fit = last else { return }
    print("fit a*exp(-b*x) + c, N = \(n): median \(String(format: "%.1f", times[times.count / 2])) ms, fastest "
          + "\(String(format: "%.1f", times[0])) ms (9 runs); \(fit.iterations) iterations, \(fit.evaluations) "
          + "evaluations, θ = \(fit.parameters.map { String(format: "%.6f", $0) }), \(fit.stopReason)")
}

if CommandLine.arguments.dropFirst().first == "--speed" {
    do { try speed() } catch {
        FileHandle.standardError.write(Data("nist-lre: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}

let dataDir = CommandLine.arguments.count > 1
    ? URL(fileURLWithPath: CommandLine.arguments[1])
    : URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/TrainingTests/Data")

do {
    let json = try Data(contentsOf: dataDir.appendingPathComponent("nist-nls/datasets.json"))
    let sets = try JSONDecoder().decode([NISTSet].self, from: json)
    print("| dataset | difficulty | start | LRE params | LRE SD | LRE RSS | iterations | evaluations | stop reason "
          + "| ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for set in sets {
        let data = try readXY(dataDir.appendingPathComponent("nist-nls/\(set.name).csv"))
        var model = Model(formula: try Formula.parse(set.model, variables: ["x"]), inputs: ["x"])
        model.parameterNames = (1...set.certified.count).map { "b\($0)" }
        for (label, start) in [("1", set.start1), ("2", set.start2)] {
            let clock = ContinuousClock()
            let began = clock.now
            let fit = try LevenbergMarquardt.fit(model, inputs: [data.x], targets: data.y, start: start)
            let elapsed = clock.now - began
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
            let stats = try? FitStatistics.compute(model, inputs: [data.x], targets: data.y,
                                                  parameters: fit.parameters)
            let sd = stats?.standardErrors.map { lre($0, set.certified_sd) } ?? .nan
            print("| \(set.name) | \(set.difficulty) | \(label) | \(format(lre(fit.parameters, set.certified))) | "
                  + "\(format(sd)) | \(format(lre([fit.residualSumOfSquares], [set.rss]))) | \(fit.iterations) | "
                  + "\(fit.evaluations) | \(fit.stopReason) | \(String(format: "%.2f", ms)) |")
        }
    }
    // Linear sets: the least-squares solution of the design, with FitStatistics for the standard deviations.
    let linear: [(name: String, difficulty: String, formula: String, certified: [Double], sd: [Double],
                  residualSD: Double)] = [
        ("Pontius", "lower", "b0 + b1*x + b2*x^2",
         [0.673565789473684E-03, 0.732059160401003E-06, -0.316081871345029E-14],
         [0.107938612033077E-03, 0.157817399981659E-09, 0.486652849992036E-16], 0.205177424076185E-03),
        ("NoInt1", "average", "b1*x", [2.07438016528926], [0.165289256198347E-01], 3.56753034006338),
        ("Wampler2", "lower", "b0 + b1*x + b2*x^2 + b3*x^3 + b4*x^4 + b5*x^5",
         [1, 0.1, 0.01, 0.001, 0.0001, 0.00001], [0, 0, 0, 0, 0, 0], 0),
        ("Wampler3", "higher", "b0 + b1*x + b2*x^2 + b3*x^3 + b4*x^4 + b5*x^5", [1, 1, 1, 1, 1, 1],
         [2152.32624678170, 2363.55173469681, 779.343524331583, 101.475507550350, 5.64566512170752,
          0.112324854679312], 2360.14502379268),
    ]
    print("")
    print("| linear dataset | difficulty | LRE params | LRE SD | LRE residual SD |")
    print("|---|---|---|---|---|")
    for set in linear {
        let data = try readXY(dataDir.appendingPathComponent("nist/\(set.name).csv"))
        let model = Model(formula: try Formula.parse(set.formula, variables: ["x"]), inputs: ["x"])
        // The model is linear in its parameters, so its Jacobian (at any point) is the design matrix.
        let design = try Evaluator(Program(model.formula, variables: ["x"], parameters: model.parameterNames))
            .valuesAndJacobian(columns: [data.x], parameters: model.parameterNames.map { _ in 0 },
                               rows: 0..<data.x.count).jacobian
        let theta = try LeastSquares.solve(columns: design, targets: data.y)
        let stats = try FitStatistics.compute(model, inputs: [data.x], targets: data.y, parameters: theta)
        print("| \(set.name) | \(set.difficulty) | \(format(lre(theta, set.certified))) | "
              + "\(format(stats.standardErrors.map { lre($0, set.sd) } ?? .nan)) | "
              + "\(format(lre([stats.residualStandardDeviation], [set.residualSD]))) |")
    }
} catch {
    FileHandle.standardError.write(Data("nist-lre: \(error)\n".utf8))
    exit(1)
}
