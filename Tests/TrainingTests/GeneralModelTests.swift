import Foundation
import XCTest
@testable import Training

final class GeneralModelTests: XCTestCase {
    /// The example: a·sin(b·x) + c recovered with Adam.
    func testSineModelIsRecoveredWithAdam() throws {
        let config = TrainingConfig(
            data: .generated(DataGenerator(truth: try Formula.parse("3*sin(2*x) + 0.5"), points: 200, noise: 0.1,
                                           xRange: 0...6)),
            model: Model(formula: try Formula.parse("a*sin(b*x) + c")),
            optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 0.05, epochs: 3000,
            initialValues: ["a": 1, "b": 1.9, "c": 0])
        let run = try Trainer.run(config)
        XCTAssertEqual(run.initialParameters, [1, 1.9, 0])
        XCTAssertEqual(run.finalParameters[0], 3, accuracy: 0.05)
        XCTAssertEqual(run.finalParameters[1], 2, accuracy: 0.01)
        XCTAssertEqual(run.finalParameters[2], 0.5, accuracy: 0.03)
        // A nonlinear model's reference comes from Levenberg–Marquardt; Adam after 3000 epochs is at it.
        let ls = try XCTUnwrap(run.leastSquares)
        XCTAssertEqual(ls.method, .levenbergMarquardt(start: "trained"))
        for (trained, optimum) in zip(run.finalParameters, ls.parameters) {
            XCTAssertEqual(trained, optimum, accuracy: 1e-3)
        }
        XCTAssertGreaterThan(run.metrics.rSquared, 0.99)
    }

    func testUnknownInitNameIsAnError() {
        let config = TrainingConfig(initialValues: ["q": 1])
        XCTAssertThrowsError(try Trainer.run(config)) { error in
            XCTAssert("\(error)".contains("'q' is not a parameter"), "\(error)")
        }
    }

    func testDivergenceStopsTraining() throws {
        let run = try Trainer.run(TrainingConfig(learningRate: 10, epochs: 15000))
        guard case .diverged(let epoch) = run.status else { return XCTFail("\(run.status)") }
        XCTAssertLessThan(epoch, 15000)
        XCTAssertEqual(run.history.count, epoch + 1)
    }

    func testNonFiniteModelNamesTheRow() {
        let provided = Dataset(x: [1, 2, 0, 3], y: [1, 2, 3, 4])
        let config = TrainingConfig(data: .provided(provided), model: Model(formula: try! Formula.parse("a/x + b")))
        XCTAssertThrowsError(try Trainer.run(config)) { error in
            XCTAssertEqual(error as? TrainingError, .nonFiniteModel(row: 3, x: 0, value: (error as? TrainingError)
                .flatMap { if case .nonFiniteModel(_, _, let v) = $0 { v } else { nil } } ?? 0))
            XCTAssert("\(error)".contains("row 3"), "\(error)")
        }
    }

    static func pontius() throws -> Dataset {
        // NIST StRD Pontius (public domain), copied into the repository: tests read nothing outside it.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Data/nist/Pontius.csv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var xs: [Double] = [], ys: [Double] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            if f.count == 2, let x = Double(f[0]), let y = Double(f[1]) {
                xs.append(x)
                ys.append(y)
            }
        }
        return Dataset(x: xs, y: ys)
    }

    static let pontiusCertified = [0.673565789473684E-03, 0.732059160401003E-06, -0.316081871345029E-14]

    /// Gradient descent on standardized data, back-transformed exactly: ≥ 8 significant digits on Pontius.
    func testPontiusByNormalizedGradientDescent() throws {
        let config = TrainingConfig(
            data: .provided(try Self.pontius()), model: Model(formula: try Formula.parse("B0 + B1*x + B2*x^2")),
            optimizer: .sgd, learningRate: 0.1, epochs: 5000, normalize: true)
        let run = try Trainer.run(config)
        XCTAssertEqual(run.parameterUnits, .original)
        for (got, want) in zip(run.finalParameters, Self.pontiusCertified) {
            let digits = -log10(abs(got - want) / abs(want))
            XCTAssertGreaterThanOrEqual(digits, 8, "got \(got), certified \(want)")
        }
    }

    func testNormalizeOnNonPolynomialReportsStandardizedParameters() throws {
        let config = TrainingConfig(model: Model(formula: try Formula.parse("a*exp(b*x)")), learningRate: 0.01,
                                    epochs: 200, normalize: true)
        let run = try Trainer.run(config)
        XCTAssertEqual(run.parameterUnits, .standardized)
        XCTAssertEqual(run.predictionsAfter.count, 100)
    }
}
