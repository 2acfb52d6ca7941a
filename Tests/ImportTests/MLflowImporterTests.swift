import Foundation
import RunRecord
import Testing
@testable import Importers

/// What make_fixtures.py records for the MLflow fixture.
struct ExpectedMLflow: Decodable {
    var experiment_id: String
    var run_id: String
    var run_name: String
    var status: String
    var series: [String: ExpectedSeries]
    var params: [String: String]
    var tags: [String: String]
}

@Suite struct MLflowImporterTests {
    static let fixturesPresent = trackerFixture("mlflow", as: ExpectedMLflow.self) != nil

    static let runID = "0123456789abcdef0123456789abcdef"

    /// meta.yaml as MLflow's file store writes it.
    static func meta(runID: String = runID, name: String = "happy-run", status: Int = 3) -> String {
        """
        artifact_uri: file:///tmp/mlruns/7/\(runID)/artifacts
        end_time: 1714566630500
        entry_point_name: ''
        experiment_id: '7'
        lifecycle_stage: active
        run_id: \(runID)
        run_name: \(name)
        run_uuid: \(runID)
        source_name: ''
        source_type: 4
        source_version: ''
        start_time: 1714566600000
        status: \(status)
        tags: []
        user_id: someone

        """
    }

    /// A run folder `mlruns/7/<runID>` with series, a single-value metric, params and tags; returns its path.
    @discardableResult
    private func makeRun(_ scratch: TrackerScratch, runID: String = runID, status: Int = 3) throws -> String {
        let run = "mlruns/7/\(runID)"
        try scratch.write("mlruns/7/meta.yaml", "experiment_id: '7'\nname: demo\nlifecycle_stage: active\n")
        try scratch.write("\(run)/meta.yaml", Self.meta(runID: runID, status: status))
        try scratch.write("\(run)/metrics/loss", "1714566600100 1.0 0\n1714566600200 0.5 1\n1714566600300 0.25 2\n")
        try scratch.write("\(run)/metrics/train/acc", "1714566600100 0.5 0\n1714566600300 0.75 2\n")
        try scratch.write("\(run)/metrics/final_acc", "1714566630000 0.8125 0\n")
        try scratch.write("\(run)/params/lr", "0.01")
        try scratch.write("\(run)/params/epochs", "10")
        try scratch.write("\(run)/params/optimizer", "adam")
        try scratch.write("\(run)/params/hidden", "[16, 8]")
        try scratch.write("\(run)/params/shuffle", "True")
        try scratch.write("\(run)/params/seed_text", "007")
        try scratch.write("\(run)/params/model/depth", "3")
        try scratch.write("\(run)/tags/mlflow.runName", "happy-run")
        try scratch.write("\(run)/tags/mlflow.user", "someone")
        try scratch.write("\(run)/tags/mlflow.source.name", "train.py")
        try scratch.write("\(run)/tags/mlflow.source.type", "LOCAL")
        try scratch.write("\(run)/tags/mlflow.note.content", "First try.")
        try scratch.write("\(run)/tags/purpose", "testing")
        try scratch.folder("\(run)/artifacts")
        return scratch.root + "/" + run
    }

    @Test func readsARunFolder() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let imported = try MLflowImporter.importRun(try makeRun(scratch))
        let record = imported.record
        #expect(record.title == "MLflow run happy-run")
        #expect(record.source.kind == .mlflow)
        #expect(record.createdAt == "2024-05-01T12:30:00Z")
        #expect(record.durations == [KeyValue("run", 30.5)])
        #expect(record.stepAxis == .step)
        #expect(record.status == .imported)
        #expect(record.notes.contains("MLflow status FINISHED."))
        #expect(record.notes.contains("MLflow run description: First try."))
        #expect(record.series.map(\.name) == ["loss", "train/acc"])
        #expect(record.series(named: "loss")?.steps == [0, 1, 2])
        #expect(record.series(named: "loss")?.values == [1.0, 0.5, 0.25])
        #expect(record.series(named: "train/acc")?.steps == [0, 2])
        #expect(record.metrics == [KeyValue("final_acc", 0.8125)])
        #expect(record.settings == [
            KeyValue("epochs", .number(10)), KeyValue("hidden", .string("[16, 8]")), KeyValue("lr", .number(0.01)),
            KeyValue("model/depth", .number(3)), KeyValue("optimizer", .string("adam")),
            KeyValue("seed_text", .string("007")), KeyValue("shuffle", .bool(true)),
        ])
        #expect(record.overview == [
            KeyValue("MLflow run ID", Self.runID), KeyValue("Experiment ID", "7"), KeyValue("User", "someone"),
            KeyValue("Source", "train.py"), KeyValue("Tag purpose", "testing"),
        ])
        let stored = imported.files.map(\.storedAs)
        #expect(stored.first == "\(Self.runID)/meta.yaml")
        #expect(stored.contains("\(Self.runID)/metrics/train/acc"))
        #expect(stored.contains("\(Self.runID)/params/model/depth"))
        #expect(stored.contains("\(Self.runID)/tags/purpose"))
        #expect(!stored.contains("\(Self.runID)/tags/mlflow.source.type"))
        #expect(stored.count == 1 + 5 + 3 + 7)
    }

    @Test func runImporterHashesTheFiles() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let imported = try RunImporter.importRun(try makeRun(scratch), format: .mlflow)
        #expect(imported.record.source.files.count == imported.files.count)
        #expect(imported.record.source.files.first?.path == "\(Self.runID)/meta.yaml")
    }

    @Test func failedAndKilledRunsAreInterruptedAtTheLastStep() throws {
        for (status, word) in [(4, "FAILED"), (5, "KILLED")] {
            let scratch = TrackerScratch()
            defer { scratch.remove() }
            let record = try MLflowImporter.importRun(try makeRun(scratch, status: status)).record
            #expect(record.status == .interrupted(epoch: 2))
            #expect(record.notes.contains { $0.hasPrefix("MLflow status \(word)") })
        }
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let running = try MLflowImporter.importRun(try makeRun(scratch, status: 1)).record
        #expect(running.status == .imported && running.notes.contains { $0.hasPrefix("MLflow status RUNNING") })
    }

    @Test func severalValuesAtAStepKeepTheLastByTimestamp() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        // Step 1 logged three times, the file not in time order; steps out of order too.
        try scratch.write("mlruns/7/\(Self.runID)/metrics/loss",
                          "100 1.0 0\n300 0.7 1\n200 0.9 1\n250 0.8 1\n400 0.1 3\n350 0.5 2\n")
        let record = try MLflowImporter.importRun(run).record
        #expect(record.series(named: "loss")?.steps == [0, 1, 2, 3])
        #expect(record.series(named: "loss")?.values == [1.0, 0.7, 0.5, 0.1])
        #expect(record.notes.contains { $0.contains("'loss'") && $0.contains("1 step(s) have several values") })
    }

    @Test func valuesAllAtOneStepAreNumberedInLoggingOrder() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        // Older MLflow: `timestamp value` only, so every value is at step 0.
        try scratch.write("mlruns/7/\(Self.runID)/metrics/loss", "100 1.0\n300 0.5\n200 0.75\n")
        let record = try MLflowImporter.importRun(run).record
        #expect(record.series(named: "loss")?.steps == [0, 1, 2])
        #expect(record.series(named: "loss")?.values == [1.0, 0.75, 0.5])
        #expect(record.notes.contains { $0.contains("'loss'") && $0.contains("numbered 0 to 2") })
    }

    @Test func acceptsNaNAndInfinity() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        try scratch.write("mlruns/7/\(Self.runID)/metrics/loss", "1 1.0 0\n2 nan 1\n3 inf 2\n4 -inf 3\n")
        let values = try #require(try MLflowImporter.importRun(run).record.series(named: "loss")?.values)
        #expect(values[0] == 1 && values[1].isNaN && values[2] == .infinity && values[3] == -.infinity)
    }

    @Test func aBadMetricLineIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        let file = try scratch.write("mlruns/7/\(Self.runID)/metrics/loss", "100 1.0 0\nabc\n")
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(run) })
        #expect(error.path == file && error.location == "line 2")
        #expect(error.reason.contains("expected 'timestamp value step' separated by spaces, found 'abc'"))
        #expect(error.description.contains("metrics/loss, line 2"))
    }

    @Test func aNonNumericValueIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        let file = try scratch.write("mlruns/7/\(Self.runID)/metrics/train/acc", "100 0.5 0\n200 0.6 1\n300 high 2\n")
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(run) })
        #expect(error.path == file && error.location == "line 3")
        #expect(error.reason.contains("'300 high 2'") && error.reason.contains("the value must be a number"))
    }

    @Test func aMissingMetaYAMLIsNamed() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        try FileManager.default.removeItem(atPath: run + "/meta.yaml")
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(run) })
        #expect(error.path == run + "/meta.yaml")
        #expect(error.reason.contains("not found") && error.reason.contains("meta.yaml"))
    }

    @Test func aBadStatusInMetaYAMLIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        let file = try scratch.write("mlruns/7/\(Self.runID)/meta.yaml",
                                     Self.meta().replacingOccurrences(of: "status: 3", with: "status: done"))
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(run) })
        #expect(error.path == file && error.location == "line 13")
        #expect(error.reason.contains("status 1 to 5") && error.reason.contains("'done'"))
    }

    @Test func invalidMetaYAMLIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        let file = try scratch.write("mlruns/7/\(Self.runID)/meta.yaml", "run_id: x\nrun_name: [oops\nstatus: 3\n")
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(run) })
        #expect(error.path == file && error.location?.hasPrefix("line ") == true)
        #expect(error.reason.contains("invalid YAML"))
    }

    @Test func extremeNumbersDoNotCrash() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        try scratch.write("mlruns/7/\(Self.runID)/meta.yaml", Self.meta()
            .replacingOccurrences(of: "start_time: 1714566600000", with: "start_time: -9223372036854775808")
            .replacingOccurrences(of: "end_time: 1714566630500", with: "end_time: 9223372036854775807"))
        try scratch.write("mlruns/7/\(Self.runID)/metrics/loss",
                          "-9223372036854775808 1e400 9223372036854775807\n0 -1e-400 -9223372036854775808\n")
        let record = try MLflowImporter.importRun(run).record
        #expect(record.series(named: "loss")?.steps == [-9223372036854775808, 9223372036854775807])
        #expect(record.series(named: "loss")?.values == [-0.0, .infinity])
        #expect(record.createdAt != nil)
    }

    @Test func anEmptyMetaYAMLIsNamed() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let run = try makeRun(scratch)
        let file = try scratch.write("mlruns/7/\(Self.runID)/meta.yaml", "")
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(run) })
        #expect(error.path == file && error.reason.contains("an empty file"))
    }

    @Test func anExperimentWithOneRunIsImported() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try makeRun(scratch)
        let imported = try MLflowImporter.importRun(scratch.root + "/mlruns/7")
        #expect(imported.record.title == "MLflow run happy-run")
        #expect(imported.files.first?.storedAs == "7/\(Self.runID)/meta.yaml")
    }

    @Test func anExperimentWithSeveralRunsListsThem() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try makeRun(scratch)
        let other = "fedcba9876543210fedcba9876543210"
        try scratch.write("mlruns/7/\(other)/meta.yaml", Self.meta(runID: other, name: "second"))
        let experiment = scratch.root + "/mlruns/7"
        let error = try #require(importError { () throws(ImportError) in
            try MLflowImporter.importRun(experiment)
        })
        #expect(error.path == experiment)
        #expect(error.reason.contains("'demo' holds 2 runs"))
        #expect(error.reason.contains("\(Self.runID) (happy-run)") && error.reason.contains("\(other) (second)"))
        #expect(error.reason.contains("Import one run folder"))
    }

    @Test func theStoreListsItsRuns() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try makeRun(scratch)
        try scratch.write("mlruns/0/meta.yaml", "experiment_id: '0'\nname: Default\n")
        try scratch.write("mlruns/.trash/5/meta.yaml", "experiment_id: '5'\nname: gone\n")
        let store = scratch.root + "/mlruns"
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(store) })
        #expect(error.path == store)
        #expect(error.reason.contains("MLflow store (mlruns/)"))
        #expect(error.reason.contains("holds 1 run: 7/\(Self.runID) (happy-run)"))
        #expect(error.reason.contains("mlruns/<experiment_id>/<run_id>/"))
    }

    @Test func anEmptyFolderIsRefused() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let folder = try scratch.folder("nothing")
        let error = try #require(importError { () throws(ImportError) in try MLflowImporter.importRun(folder) })
        #expect(error.path == folder && error.reason.contains("not an MLflow run folder"))
    }

    @Test func aMissingPathIsRefused() throws {
        let error = try #require(importError { () throws(ImportError) in
            try MLflowImporter.importRun("/nonexistent/mlruns/1/abc")
        })
        #expect(error.path == "/nonexistent/mlruns/1/abc" && error.reason.hasPrefix("not found"))
    }

    @Test func paramValuesAreTyped() {
        #expect(MLflowImporter.paramValue("0.5") == .number(0.5))
        #expect(MLflowImporter.paramValue("-3") == .number(-3))
        #expect(MLflowImporter.paramValue("1e-05") == .number(1e-05))
        #expect(MLflowImporter.paramValue("False") == .bool(false))
        #expect(MLflowImporter.paramValue("None") == .null)
        #expect(MLflowImporter.paramValue("nan") == .string("nan"))
        #expect(MLflowImporter.paramValue("0") == .number(0))
        #expect(MLflowImporter.paramValue("0.25") == .number(0.25))
        #expect(MLflowImporter.paramValue("00") == .string("00"))
        #expect(MLflowImporter.paramValue("0x10") == .string("0x10"))
        #expect(MLflowImporter.paramValue("adam") == .string("adam"))
    }

    @Test(.enabled(if: fixturesPresent, "Fixtures/mlflow is written by make_fixtures.py"))
    func matchesWhatMLflowWrote() throws {
        let fixture = try #require(trackerFixture("mlflow", as: ExpectedMLflow.self))
        let expected = fixture.expected
        let experimentID = expected.experiment_id
        let runID = expected.run_id
        let run = fixture.folder + "/mlruns/\(experimentID)/\(runID)"
        let imported = try RunImporter.importRun(run, format: .mlflow)
        let record = imported.record
        #expect(record.title == "MLflow run \(expected.run_name)")
        #expect(record.notes.contains("MLflow status \(expected.status)."))

        for (name, series) in expected.series {
            if series.steps.count == 1 {
                #expect(record.metrics.first { $0.key == name }?.value == series.values[0], "final metric \(name)")
                #expect(record.series(named: name) == nil)
            } else {
                let got = try #require(record.series(named: name))
                #expect(got.steps == series.steps, "steps of \(name)")
                #expect(got.values == series.values, "values of \(name)")
            }
        }
        #expect(record.series.count + record.metrics.count == expected.series.count)
        #expect(record.settings == expected.params.sorted { $0.key < $1.key }.map {
            KeyValue($0.key, MLflowImporter.paramValue($0.value))
        })
        for (name, value) in expected.tags {
            #expect(record.overview.contains(KeyValue("Tag \(name)", value)))
        }
        #expect(record.overview.first == KeyValue("MLflow run ID", runID))

        // The experiment folder holds this one run; the store holds the default experiment too.
        let viaExperiment = try MLflowImporter.importRun(fixture.folder + "/mlruns/\(experimentID)")
        #expect(viaExperiment.record.series == record.series)
        #expect(viaExperiment.files.first?.storedAs == "\(experimentID)/\(runID)/meta.yaml")
        let error = try #require(importError { () throws(ImportError) in
            try MLflowImporter.importRun(fixture.folder + "/mlruns")
        })
        #expect(error.reason.contains("\(experimentID)/\(runID)"))
    }
}
