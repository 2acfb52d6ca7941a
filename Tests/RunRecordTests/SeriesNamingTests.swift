import Testing
@testable import RunRecord

@Suite struct SeriesNamingTests {
    @Test func splitsFollowTheToolsConventions() {
        #expect(SeriesNaming.split(of: "val_loss") == .validation)
        #expect(SeriesNaming.split(of: "val/loss") == .validation)
        #expect(SeriesNaming.split(of: "eval/accuracy") == .validation)
        #expect(SeriesNaming.split(of: "train_loss_epoch") == .train)
        #expect(SeriesNaming.split(of: "loss") == .train)
        #expect(SeriesNaming.split(of: "lr-Adam") == .other)
    }

    @Test func lowerIsBetterForLossesOnly() {
        #expect(SeriesNaming.lowerIsBetter("val_loss") == true)
        #expect(SeriesNaming.lowerIsBetter("mae") == true)
        #expect(SeriesNaming.lowerIsBetter("val_accuracy") == false)
        #expect(SeriesNaming.lowerIsBetter("lr") == nil)
    }

    @Test func baseNamesGroupTrainAndValidation() {
        #expect(SeriesNaming.base(of: "val_loss") == "loss")
        #expect(SeriesNaming.base(of: "train/acc_epoch") == "acc")
        #expect(SeriesNaming.base(of: "train_loss_step") == "loss")
        #expect(SeriesNaming.base(of: "accuracy") == "accuracy")
    }

    @Test func bestPointFollowsDirection() throws {
        let loss = ScalarSeries(name: "val_loss", steps: [0, 5, 10], values: [3, 1, 2])
        #expect(loss.best?.step == 5)
        let acc = ScalarSeries(name: "val_acc", steps: [0, 5, 10], values: [0.3, 0.9, 0.7])
        #expect(acc.best?.value == 0.9)
        #expect(ScalarSeries(name: "lr", values: [1, 2]).best == nil)
    }

    @Test func problemsNameTheSeries() {
        let bad = ScalarSeries(name: "loss", steps: [0, 2, 1], values: [1, 2])
        #expect(bad.problems.count == 2)
        var record = RunRecord(title: "t", source: RunSource(kind: .csv, toolVersion: "0"))
        record.series = [ScalarSeries(name: "a", values: [1]), ScalarSeries(name: "a", values: [2])]
        #expect(record.problems == ["two series are named 'a'"])
    }
}
