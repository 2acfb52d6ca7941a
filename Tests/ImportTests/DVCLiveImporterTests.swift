import Foundation
import RunRecord
import Testing
@testable import Importers

/// A scratch folder for hand-made tracker folders (dvclive, MLflow), removed by `remove()`.
struct TrackerScratch {
    let root: String

    init() {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("fitreport-tracker-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` under the root (creating folders) and returns the file's path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Creates the folder `relative` and returns its path.
    @discardableResult
    func folder(_ relative: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// The error `body` throws, or `nil`.
func importError(_ body: () throws(ImportError) -> ImportedRun) -> ImportError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// A JSON value as the Foundation object `JSONSerialization` gives, for order-insensitive comparison.
func foundationObject(_ value: JSONValue) -> Any {
    switch value {
    case .null: return NSNull()
    case .bool(let b): return NSNumber(value: b)
    case .number(let d): return NSNumber(value: d)
    case .string(let s): return s as NSString
    case .array(let items): return items.map(foundationObject) as NSArray
    case .object(let pairs):
        let d = NSMutableDictionary()
        for p in pairs { d[p.key] = foundationObject(p.value) }
        return d
    }
}

/// One series of a fixture's `expected.json`.
struct ExpectedSeries: Decodable {
    var steps: [Int]
    var values: [Double]
}

/// A fixture folder next to this file and its `expected.json` decoded as `T` (with `JSONDecoder`, which reads
/// doubles exactly; `JSONSerialization` on Linux may not), or `nil` when the fixtures are not there.
func trackerFixture<T: Decodable>(_ relative: String, as type: T.Type) -> (folder: String, expected: T)? {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    guard let data = FileManager.default.contents(atPath: folder + "/expected.json"),
          let expected = try? JSONDecoder().decode(T.self, from: data)
    else { return nil }
    return (folder, expected)
}

/// What make_fixtures.py records for the dvclive fixture.
struct ExpectedDVCLive: Decodable {
    var files: [String]
    var series: [String: ExpectedSeries]
    var params: JSONValue
    var summary: JSONValue
}

@Suite struct DVCLiveImporterTests {
    static let fixturesPresent = trackerFixture("dvclive", as: ExpectedDVCLive.self) != nil

    /// A dvclive folder as `Live` writes it, with a timestamp column in one file and the value column first in
    /// another.
    private func makeRun(_ scratch: TrackerScratch) throws -> String {
        try scratch.write("dvclive/plots/metrics/train/loss.tsv", "step\tloss\n0\t1.5\n1\t0.75\n2\t0.5\n")
        try scratch.write("dvclive/plots/metrics/val/loss.tsv", "loss\tstep\n1.75\t0\n0.875\t1\n0.625\t2\n")
        try scratch.write("dvclive/plots/metrics/acc.tsv",
                          "timestamp\tstep\tacc\n1714566600000\t0\t0.5\n1714566601000\t1\t0.625\n1714566602000\t2\t0.75\n")
        try scratch.write("dvclive/params.yaml", """
            seed: 5
            lr: 0.01
            model:
              hidden: [16, 8]
              activation: relu
            augment: true
            note: '0.5'
            """)
        try scratch.write("dvclive/metrics.json", """
            {"train": {"loss": 0.5}, "val": {"loss": 0.625}, "acc": 0.75, "name": "x", "step": 2}
            """)
        return scratch.root + "/dvclive"
    }

    @Test func readsSeriesParamsAndFinalMetrics() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let imported = try DVCLiveImporter.importRun(try makeRun(scratch))
        let record = imported.record
        #expect(record.title == "dvclive run dvclive")
        #expect(record.source.kind == .dvclive)
        #expect(record.stepAxis == .step)
        #expect(record.status == .imported)
        #expect(record.series.map(\.name) == ["acc", "train/loss", "val/loss"])
        #expect(record.series(named: "train/loss")?.steps == [0, 1, 2])
        #expect(record.series(named: "train/loss")?.values == [1.5, 0.75, 0.5])
        #expect(record.series(named: "val/loss")?.values == [1.75, 0.875, 0.625])
        #expect(record.series(named: "val/loss")?.split == .validation)
        #expect(record.series(named: "acc")?.values == [0.5, 0.625, 0.75])
        #expect(record.createdAt == "2024-05-01T12:30:00Z")
        #expect(record.settings.map(\.key) == ["seed", "lr", "model", "augment", "note"])
        #expect(record.setting("lr") == .number(0.01))
        #expect(record.setting("model") == .object([KeyValue("hidden", .array([.number(16), .number(8)])),
                                                    KeyValue("activation", .string("relu"))]))
        #expect(record.setting("augment") == .bool(true))
        #expect(record.setting("note") == .string("0.5"))
        #expect(record.metrics == [KeyValue("train/loss", 0.5), KeyValue("val/loss", 0.625), KeyValue("acc", 0.75)])
        #expect(imported.files.map(\.storedAs) == [
            "dvclive/plots/metrics/acc.tsv", "dvclive/plots/metrics/train/loss.tsv",
            "dvclive/plots/metrics/val/loss.tsv", "dvclive/params.yaml", "dvclive/metrics.json",
        ])
        #expect(imported.files.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
    }

    @Test func runImporterHashesTheFiles() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let imported = try RunImporter.importRun(try makeRun(scratch), format: .dvclive)
        #expect(imported.record.source.files.count == 5)
        #expect(imported.record.source.files.first?.path == "dvclive/plots/metrics/acc.tsv")
        #expect(imported.record.source.files.allSatisfy { $0.sha256.count == 64 })
    }

    @Test func acceptsNonFiniteValuesAndCRLF() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try scratch.write("run/plots/metrics/loss.tsv", "step\tloss\r\n0\t1.0\r\n1\tnan\r\n2\tinf\r\n3\t-inf\r\n")
        try scratch.write("run/metrics.json", "{\"loss\": NaN, \"best\": Infinity, \"step\": 3}")
        let record = try DVCLiveImporter.importRun(scratch.root + "/run").record
        let values = try #require(record.series(named: "loss")?.values)
        #expect(values[0] == 1.0 && values[1].isNaN && values[2] == .infinity && values[3] == -.infinity)
        #expect(record.metrics.map(\.key) == ["loss", "best"])
        #expect(record.metrics[0].value.isNaN && record.metrics[1].value == .infinity)
        #expect(record.createdAt == nil)
    }

    @Test func aRepeatedStepKeepsTheLastValue() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try scratch.write("run/plots/metrics/loss.tsv", "step\tloss\n0\t1\n1\t2\n1\t3\n2\t4\n")
        let record = try DVCLiveImporter.importRun(scratch.root + "/run").record
        #expect(record.series(named: "loss")?.steps == [0, 1, 2])
        #expect(record.series(named: "loss")?.values == [1, 3, 4])
        #expect(record.notes.contains { $0.contains("'loss'") && $0.contains("last value") })
    }

    @Test func aNonNumericCellIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/plots/metrics/train/loss.tsv", "step\tloss\n0\t1.0\n1\tabc\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file)
        #expect(error.location == "line 3, column 2 (\"loss\")")
        #expect(error.reason.contains("'abc'") && error.reason.contains("number"))
        #expect(error.description.contains("loss.tsv, line 3"))
    }

    @Test func aBadStepIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/plots/metrics/loss.tsv", "step\tloss\n0\t1.0\n1.5\t2\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file && error.location == "line 3, column 1 (\"step\")")
        #expect(error.reason.contains("whole-number step") && error.reason.contains("'1.5'"))
    }

    @Test func aShortRowIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/plots/metrics/loss.tsv", "step\tloss\n0\t1.0\n1\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file && error.location == "line 3")
        #expect(error.reason.contains("2 tab-separated fields"))
    }

    @Test func aHeaderWithoutStepIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/plots/metrics/loss.tsv", "epoch\tloss\n0\t1.0\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file && error.location == "line 1")
        #expect(error.reason.contains("'step' column") && error.reason.contains("epoch"))
    }

    @Test func aHeaderWithoutTheValueColumnIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/plots/metrics/loss.tsv", "step\ta\tb\n0\t1.0\t2\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file && error.location == "line 1")
        #expect(error.reason.contains("column named 'loss'"))
    }

    @Test func anEmptyMetricFileIsNamed() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/plots/metrics/loss.tsv", "")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file && error.reason.contains("empty"))
    }

    @Test func invalidParamsYAMLIsLocated() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try scratch.write("run/plots/metrics/loss.tsv", "step\tloss\n0\t1\n1\t0.5\n")
        let file = try scratch.write("run/params.yaml", "lr: 0.1\nmodel: [1, 2\nseed: 3\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file)
        #expect(error.location?.hasPrefix("line ") == true)
        #expect(error.reason.contains("invalid YAML"))
    }

    @Test func paramsThatAreNotAMappingAreRefused() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let file = try scratch.write("run/params.yaml", "- 1\n- 2\n")
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root + "/run")
        })
        #expect(error.path == file && error.location == "line 1, column 1")
        #expect(error.reason.contains("mapping of parameters"))
    }

    @Test func anEmptyFolderIsRefused() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        let folder = try scratch.folder("empty")
        let error = try #require(importError { () throws(ImportError) in try DVCLiveImporter.importRun(folder) })
        #expect(error.path == folder)
        #expect(error.reason.contains("not a dvclive folder") && error.reason.contains("plots/metrics"))
    }

    @Test func theParentOfTheDvcliveFolderIsPointedAtIt() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        _ = try makeRun(scratch)
        let error = try #require(importError { () throws(ImportError) in
            try DVCLiveImporter.importRun(scratch.root)
        })
        #expect(error.reason.contains(scratch.root + "/dvclive"))
    }

    @Test func onlyFinalMetricsGiveNoSeriesAndRunImporterSaysWhy() throws {
        let scratch = TrackerScratch()
        defer { scratch.remove() }
        try scratch.write("run/metrics.json", "{\"acc\": 0.9}")
        let record = try DVCLiveImporter.importRun(scratch.root + "/run").record
        #expect(record.series.isEmpty && record.metrics == [KeyValue("acc", 0.9)])
        let error = try #require(importError { () throws(ImportError) in
            try RunImporter.importRun(scratch.root + "/run", format: .dvclive)
        })
        #expect(error.reason.contains("no scalar series") && error.reason.contains("plots/metrics"))
    }

    @Test func yamlSettingsKeepOrderTypesAndMerges() throws {
        let settings = try YAMLSettings.parse("""
            b: 1
            a: yes
            c: ~
            d: .nan
            e: 2024-01-01
            base: &base {x: 1, y: 2}
            derived:
              <<: *base
              y: 3
            """, path: "p.yaml")
        #expect(settings.map(\.key) == ["b", "a", "c", "d", "e", "base", "derived"])
        #expect(settings[0].value == .number(1) && settings[1].value == .bool(true) && settings[2].value == .null)
        #expect(settings[3].value == .string(".nan") && settings[4].value == .string("2024-01-01"))
        #expect(settings[6].value == .object([KeyValue("x", .number(1)), KeyValue("y", .number(3))]))
        #expect(try YAMLSettings.parse("", path: "p.yaml").isEmpty)
    }

    @Test(.enabled(if: fixturesPresent, "Fixtures/dvclive is written by make_fixtures.py"))
    func matchesWhatDvcliveWrote() throws {
        let fixture = try #require(trackerFixture("dvclive", as: ExpectedDVCLive.self))
        let imported = try RunImporter.importRun(fixture.folder, format: .dvclive)
        let record = imported.record
        #expect(Set(record.series.map(\.name)) == Set(fixture.expected.series.keys))
        for (name, expected) in fixture.expected.series {
            let got = try #require(record.series(named: name))
            #expect(got.steps == expected.steps, "steps of \(name)")
            #expect(got.values == expected.values, "values of \(name)")
        }
        #expect(foundationObject(.object(record.settings)) as? NSDictionary
            == foundationObject(fixture.expected.params) as? NSDictionary)
        // Key order as in params.yaml (make_fixtures.py logs lr, epochs, model, seed).
        #expect(record.settings.map(\.key) == ["lr", "epochs", "model", "seed"])
        var summary: [String: Double] = [:]
        func flatten(_ prefix: String, _ value: JSONValue) {
            switch value {
            case .object(let pairs): for p in pairs { flatten(prefix.isEmpty ? p.key : prefix + "/" + p.key, p.value) }
            case .number(let d) where prefix != "step": summary[prefix] = d
            default: break
            }
        }
        flatten("", fixture.expected.summary)
        #expect(Dictionary(uniqueKeysWithValues: record.metrics.map { ($0.key, $0.value) }) == summary)
        let name = (fixture.folder as NSString).lastPathComponent
        #expect(Set(imported.files.map(\.storedAs)) == Set(fixture.expected.files.map { name + "/" + $0 }))
        #expect(record.title == "dvclive run \(name)")
    }
}
