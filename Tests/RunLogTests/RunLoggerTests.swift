import Foundation
import RunLog
import RunRecord
import XCTest

/// (c) What a logger's record holds, and (d) what misuse does: a recorded problem, never a crash.
final class RunLoggerTests: XCTestCase {
    func testRecordHoldsWhatWasLogged() throws {
        let run = RunLogger(title: "Custom loop", outputRoot: "unused", warnings: false)
        run.logSettings(["model": "a*x + b", "lr": 0.01, "epochs": 3, "normalize": false, "seed": UInt64(7)])
        run.logSetting("layers", [16, 16])
        run.logSettings(["lr": 0.02])  // a key logged again keeps its place
        run.setModel("f(x) = a*x + b")
        run.describe("Data", "3 points")
        for epoch in 0..<3 {
            run.log("loss", 1.0 / Double(epoch + 1), step: epoch)
            if epoch % 2 == 0 { run.log("val_loss", 2.0 / Double(epoch + 1), step: epoch) }
        }
        run.describeSeries("loss", displayName: "MSE")
        run.describeSeries("never logged", displayName: "left out")
        run.log("accuracy", 0.5)  // no step: 0, then 1
        run.log("accuracy", 0.75)
        run.log(["lr": 0.02, "grad_norm": 3], step: 10)
        run.attachPrediction("y_before", [0, 0, 0])  // before the data: checked when the data arrives
        run.attachData(x: [0, 1, 2], y: [1, 3, 5])
        run.attachPrediction("y_after", [1, 2.9, 5.1])
        run.attachPrediction("least squares", [1, 3, 5], role: .reference)
        run.setParameters(names: ["a", "b"], initial: [0, 0], final: [2.05, 0.95], reference: [2, 1],
                          referenceName: "least squares")
        run.logMetric("R²", 0.99)
        run.logDuration("training", seconds: 1.5)
        run.note("hand-written")

        XCTAssertEqual(run.problems, [])
        let record = run.record
        XCTAssertEqual(record.title, "Custom loop")
        XCTAssertEqual(record.source.kind, .swiftAPI)
        XCTAssertEqual(record.source.toolVersion, fitreportVersion)
        XCTAssertEqual(record.stepAxis, .epoch)
        XCTAssertEqual(record.status, .complete)
        XCTAssertNil(record.summary)
        XCTAssertNotNil(record.createdAt)
        XCTAssertEqual(record.model, "f(x) = a*x + b")
        XCTAssertEqual(record.settings.map(\.key), ["model", "lr", "epochs", "normalize", "seed", "layers"])
        XCTAssertEqual(record.setting("lr"), .number(0.02))
        XCTAssertEqual(record.setting("epochs"), .number(3))
        XCTAssertEqual(record.setting("normalize"), .bool(false))
        XCTAssertEqual(record.setting("seed"), .number(7))
        XCTAssertEqual(record.setting("layers"), .array([.number(16), .number(16)]))
        XCTAssertEqual(record.overview, [KeyValue("Data", "3 points")])

        XCTAssertEqual(record.series.map(\.name), ["loss", "val_loss", "accuracy", "lr", "grad_norm"])
        XCTAssertEqual(record.series(named: "loss")?.steps, [0, 1, 2])
        XCTAssertEqual(record.series(named: "loss")?.values, [1, 0.5, 1.0 / 3])
        XCTAssertEqual(record.series(named: "loss")?.label, "MSE")
        XCTAssertEqual(record.series(named: "val_loss")?.steps, [0, 2])
        XCTAssertEqual(record.series(named: "val_loss")?.split, .validation)
        XCTAssertEqual(record.series(named: "accuracy")?.steps, [0, 1])
        XCTAssertEqual(record.series(named: "accuracy")?.lowerIsBetter, false)
        XCTAssertEqual(record.series(named: "grad_norm")?.steps, [10])
        XCTAssertEqual(record.primaryLoss?.name, "loss")

        let data = try XCTUnwrap(record.data)
        XCTAssertEqual(data.x, [0, 1, 2])
        XCTAssertEqual(data.y, [1, 3, 5])
        XCTAssertEqual(data.predictions.map(\.name), ["y_before", "y_after", "least squares"])
        XCTAssertEqual(data.predictions.map(\.role), [.before, .after, .reference])
        XCTAssertEqual(record.parameters, [Parameter(name: "a", initial: 0, final: 2.05, reference: 2),
                                           Parameter(name: "b", initial: 0, final: 0.95, reference: 1)])
        XCTAssertEqual(record.referenceName, "least squares")
        XCTAssertEqual(record.metrics, [KeyValue("R²", 0.99)])
        XCTAssertEqual(record.durations, [KeyValue("training", 1.5)])
        XCTAssertEqual(record.notes, ["hand-written"])
        XCTAssertEqual(record.problems, [])

        let stopped = run.makeRecord(status: .interrupted(epoch: 2), summary: "Stopped by hand.")
        XCTAssertEqual(stopped.status, .interrupted(epoch: 2))
        XCTAssertEqual(stopped.summary, "Stopped by hand.")
    }

    func testStepsThatDoNotIncreaseAreDroppedAndRecorded() {
        let run = RunLogger(title: "t", warnings: false)
        run.log("loss", 1, step: 5)
        run.log("loss", 2, step: 5)
        run.log("loss", 3, step: 4)
        run.log("val_loss", 1, step: 0)  // series are independent
        run.log("loss", 4)  // next step: 6
        XCTAssertEqual(run.problems, [.stepNotIncreasing(series: "loss", step: 5, previous: 5),
                                      .stepNotIncreasing(series: "loss", step: 4, previous: 5)])
        let record = run.record
        XCTAssertEqual(record.series(named: "loss")?.steps, [5, 6])
        XCTAssertEqual(record.series(named: "loss")?.values, [1, 4])
        XCTAssertEqual(record.problems, [])
        XCTAssertEqual(record.notes, [
            "Logging problem: series 'loss': step 5 does not come after step 5; the value was dropped",
            "Logging problem: series 'loss': step 4 does not come after step 5; the value was dropped",
        ])
    }

    func testLengthMismatchesAreDroppedAndRecorded() {
        let run = RunLogger(title: "t", warnings: false)
        run.attachPrediction("early", [1, 2])  // checked when the data comes
        run.attachData(x: [1, 2, 3], y: [1, 2])
        XCTAssertNil(run.record.data)
        run.attachData(x: [1, 2, 3], y: [1, 2, 3])
        run.attachPrediction("y_after", [1, 2])
        run.attachPrediction("x", [1, 2, 3])
        run.setParameters(names: ["a", "b"], initial: [1], final: [1, 2])
        run.log("", 1)
        XCTAssertEqual(run.problems, [
            .dataLengthMismatch(x: 3, y: 2),
            .predictionLengthMismatch(name: "early", count: 2, rows: 3),
            .predictionLengthMismatch(name: "y_after", count: 2, rows: 3),
            .duplicateColumn("x"),
            .parameterCountMismatch(list: "initial", count: 1, names: 2),
            .emptyName(what: "series"),
        ])
        let record = run.record
        XCTAssertEqual(record.data?.predictions, [])
        XCTAssertEqual(record.parameters, [Parameter(name: "a", final: 1), Parameter(name: "b", final: 2)])
        XCTAssertEqual(record.problems, [])
        XCTAssertEqual(record.notes.count, 6)
    }

    func testValidationRowsMarkTheSplit() {
        let run = RunLogger(title: "t", warnings: false)
        run.attachData(x: [1, 2, 3, 4], y: [1, 2, 3, 4], validationRows: [1, 3])
        XCTAssertEqual(run.record.data?.split, [.train, .validation, .train, .validation])
        XCTAssertEqual(run.record.data?.validationRows, [1, 3])
        run.attachData(x: [1, 2], y: [1, 2], validationRows: [2])
        XCTAssertEqual(run.problems, [.validationRowOutOfRange(row: 2, rows: 2)])
        XCTAssertEqual(run.record.data?.rowCount, 4, "the earlier data stays")
        run.attachData(x: [1, 2], y: [1, 2])
        XCTAssertNil(run.record.data?.split)
    }

    func testBandIsAttachedToTheData() {
        let run = RunLogger(title: "t", warnings: false)
        run.attachData(x: [1, 2, 3], y: [1, 2, 3])
        run.attachBand(lower: [0, 1], upper: [2, 3])
        XCTAssertEqual(run.problems, [.predictionLengthMismatch(name: "confidence band", count: 2, rows: 3)])
        XCTAssertNil(run.record.data?.band)
        run.attachBand(lower: [0, 1, 2], upper: [2, 3, 4], level: 0.9)
        XCTAssertEqual(run.record.data?.band, ConfidenceBand(level: 0.9, lower: [0, 1, 2], upper: [2, 3, 4]))
        run.attachData(x: [1, 2], y: [1, 2])
        XCTAssertNil(run.record.data?.band, "a band for other rows is not kept")
    }

    func testPredictionsWithoutDataAreNoted() {
        let run = RunLogger(title: "t", warnings: false)
        run.attachPrediction("y_after", [1, 2])
        XCTAssertNil(run.record.data)
        XCTAssertEqual(run.record.notes, ["Predictions 'y_after' were attached without data and are not shown."])
    }

    func testSettingValues() {
        let ordered: KeyValuePairs<String, any SettingValue> = ["name": "sgd", "lr": 0.1]
        XCTAssertEqual(ordered.settingValue, .object([KeyValue("name", .string("sgd")), KeyValue("lr", .number(0.1))]))
        XCTAssertEqual(["b": 1, "a": 2].settingValue, .object([KeyValue("a", .number(2)), KeyValue("b", .number(1))]))
        XCTAssertEqual((nil as Double?).settingValue, .null)
        XCTAssertEqual(Float(0.5).settingValue, .number(0.5))
        let run = RunLogger(title: "t", warnings: false)
        run.logSettings(["optimizer": ordered, "decay": Optional<Double>.none, "tags": ["a", "b"]])
        XCTAssertEqual(run.record.settings.map(\.key), ["optimizer", "decay", "tags"])
        XCTAssertEqual(run.record.setting("optimizer")?["lr"], .number(0.1))
    }

    /// The logger is Sendable: tasks may log concurrently.
    func testConcurrentLogging() async {
        let run = RunLogger(title: "t", warnings: false)
        await withTaskGroup(of: Void.self) { group in
            for k in 0..<4 {
                group.addTask {
                    for step in 0..<250 { run.log("worker\(k)_loss", Double(step), step: step) }
                }
            }
        }
        let record = run.record
        XCTAssertEqual(record.series.count, 4)
        XCTAssertTrue(record.series.allSatisfy { $0.steps == Array(0..<250) })
        XCTAssertEqual(run.problems, [])
    }
}
