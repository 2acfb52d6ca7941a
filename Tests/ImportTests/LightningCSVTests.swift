import Foundation
import Testing
@testable import Importers
import RunRecord

@Suite struct LightningCSVFixtureTests {
    /// The fixture's version folder, its metrics.csv, and the folder of versions all import the same run.
    @Test(arguments: ["lightning/version_0", "lightning/version_0/metrics.csv", "lightning"])
    func csvLoggerOutputMatchesThePythonReader(_ relative: String) throws {
        let expected = try TextImportFixtures.decode(TextImportFixtures.Expected.self,
                                                     "lightning/version_0/expected.json")
        let imported = try LightningCSVImporter.importRun(try TextImportFixtures.path(relative))
        let record = imported.record
        TextImportFixtures.expectSeries(record, equal: expected.series)
        let header = expected.header ?? []
        #expect(record.series.map(\.name) == header.filter { $0 != "epoch" && $0 != "step" })
        #expect(record.stepAxis == .step)
        #expect(record.source.kind == .lightningCSV)
        #expect(record.title == "Lightning run version_0")
        // Lightning logs val_loss and train_loss_epoch at the last step of an epoch in separate rows; the columns
        // are separate series, so nothing repeats and nothing is noted.
        #expect(!record.notes.contains { $0.contains("more than once") })

        let params = try #require(expected.params)
        guard case .object(let pairs) = params else {
            Issue.record("params is not an object")
            return
        }
        #expect(Set(record.settings.map(\.key)) == Set(pairs.map(\.key)))
        for pair in pairs { #expect(record.setting(pair.key) == pair.value, "setting \(pair.key)") }
        // The settings keep hparams.yaml's order.
        let yaml = try String(contentsOfFile: try TextImportFixtures.path("lightning/version_0/hparams.yaml"),
                              encoding: .utf8)
        let keysInFile = yaml.split(separator: "\n").compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(record.settings.map(\.key) == keysInFile)

        let stored = imported.files.map(\.storedAs)
        switch relative {
        case "lightning": #expect(stored == ["lightning/version_0/metrics.csv", "lightning/version_0/hparams.yaml"])
        case "lightning/version_0": #expect(stored == ["version_0/metrics.csv", "version_0/hparams.yaml"])
        default: #expect(stored == ["metrics.csv", "hparams.yaml"])
        }
    }

    @Test func runImporterDetectsTheFolderAndHashesBothFiles() throws {
        let imported = try RunImporter.importRun(try TextImportFixtures.path("lightning/version_0"))
        #expect(imported.record.source.kind == .lightningCSV)
        #expect(imported.record.source.files.map(\.path) == ["version_0/metrics.csv", "version_0/hparams.yaml"])
    }
}

@Suite struct LightningCSVTests {
    static let interleaved = """
        epoch,lr-Adam,step,train_loss_epoch,train_loss_step,val_loss
        ,0.05,0,,,
        0,,1,,0.9,
        ,0.05,2,,,
        0,,3,,0.7,
        0,,3,,,0.8
        0,,3,0.8,,
        ,0.025,4,,,
        1,,5,,0.5,
        1,,7,,0.4,
        1,,7,,,0.45
        1,,7,0.45,,

        """

    @Test func interleavedRowsAndEmptyCells() throws {
        let folder = try TextImportFixtures.folder()
        try TextImportFixtures.write(Self.interleaved, "version_3/metrics.csv", in: folder)
        let record = try LightningCSVImporter.importRun((folder as NSString).appendingPathComponent("version_3")).record
        #expect(record.series.map(\.name) == ["lr-Adam", "train_loss_epoch", "train_loss_step", "val_loss"])
        let step = try #require(record.series(named: "train_loss_step"))
        #expect(step.steps == [1, 3, 5, 7] && step.values == [0.9, 0.7, 0.5, 0.4] && step.epochs == [0, 0, 1, 1])
        let epoch = try #require(record.series(named: "train_loss_epoch"))
        #expect(epoch.steps == [3, 7] && epoch.epochs == [0, 1])
        let lr = try #require(record.series(named: "lr-Adam"))
        #expect(lr.steps == [0, 2, 4] && lr.values == [0.05, 0.05, 0.025] && lr.epochs == nil)
        #expect(record.settings.isEmpty)
        #expect(record.title == "Lightning run version_3")
        #expect(record.notes.isEmpty)
    }

    @Test func aMetricLoggedTwiceAtOneStepKeepsTheLast() throws {
        let text = "epoch,step,val_loss\n0,3,0.8\n0,3,0.75\n1,7,0.5\n"
        let path = try TextImportFixtures.write(text, "version_0/metrics.csv")
        let record = try LightningCSVImporter.importRun(path).record
        #expect(record.series(named: "val_loss")?.values == [0.75, 0.5])
        #expect(record.notes.contains { $0.contains("step 3 is logged again on line 3") })
    }

    @Test func someEpochsMissingLeavesEpochsOutWithANote() throws {
        let path = try TextImportFixtures.write("epoch,step,loss\n0,1,0.5\n,2,0.4\n", "version_0/metrics.csv")
        let record = try LightningCSVImporter.importRun(path).record
        #expect(record.series(named: "loss")?.epochs == nil)
        #expect(record.notes.contains { $0.contains("Only some points of 'loss'") })
    }

    @Test func theHighestVersionIsImportedWithANote() throws {
        let folder = try TextImportFixtures.folder()
        for version in [0, 2, 10] {
            try TextImportFixtures.write("epoch,step,loss\n0,\(version),1\n", "version_\(version)/metrics.csv",
                                         in: folder)
        }
        try FileManager.default.createDirectory(atPath: (folder as NSString).appendingPathComponent("version_11"),
                                                withIntermediateDirectories: true)
        let imported = try LightningCSVImporter.importRun(folder)
        #expect(imported.record.title == "Lightning run version_10")
        #expect(imported.record.series(named: "loss")?.steps == [10])
        let name = (folder as NSString).lastPathComponent
        #expect(imported.files.map(\.storedAs) == ["\(name)/version_10/metrics.csv"])
        #expect(imported.record.notes.contains { $0.contains("3 Lightning versions") && $0.contains("version_2") })
    }

    @Test func nestedHparamsAreFlattenedInFileOrder() throws {
        let folder = try TextImportFixtures.folder()
        try TextImportFixtures.write("epoch,step,loss\n0,0,1\n", "metrics.csv", in: folder)
        try TextImportFixtures.write("""
            lr: 0.001
            model:
              hidden: [16, 8]
              act: relu
            name: '3'
            seed: ~
            flag: true
            """, "hparams.yaml", in: folder)
        let record = try LightningCSVImporter.importRun(folder).record
        #expect(record.settings.map(\.key) == ["lr", "model.hidden", "model.act", "name", "seed", "flag"])
        #expect(record.setting("lr") == .number(0.001))
        #expect(record.setting("model.hidden") == .array([.number(16), .number(8)]))
        #expect(record.setting("name") == .string("3"))
        #expect(record.setting("seed") == .null)
        #expect(record.setting("flag") == .bool(true))
    }

    @Test func invalidHparamsIsLocated() throws {
        let folder = try TextImportFixtures.folder()
        try TextImportFixtures.write("epoch,step,loss\n0,0,1\n", "metrics.csv", in: folder)
        try TextImportFixtures.write("lr: 0.1\nmodel: [1, 2\n", "hparams.yaml", in: folder)
        TextImportFixtures.expectError("hparams.yaml", "line", "YAML") { _ = try LightningCSVImporter.importRun(folder) }
    }

    @Test func missingStepColumnAndMissingMetrics() throws {
        let path = try TextImportFixtures.write("epoch,loss\n0,1\n", "metrics.csv")
        TextImportFixtures.expectError("metrics.csv", "line 1", "no \"step\" column") {
            _ = try LightningCSVImporter.importRun(path)
        }
        let empty = try TextImportFixtures.folder()
        TextImportFixtures.expectError(empty, "no metrics.csv") { _ = try LightningCSVImporter.importRun(empty) }
    }

    @Test func aTextCellIsLocated() throws {
        let path = try TextImportFixtures.write("epoch,step,val_loss\n0,1,0.5\n0,2,tensor(0.4)\n", "metrics.csv")
        TextImportFixtures.expectError("metrics.csv", "line 3, column 3 (\"val_loss\")", "tensor(0.4)") {
            _ = try LightningCSVImporter.importRun(path)
        }
    }
}
