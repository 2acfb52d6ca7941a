import Foundation
import Testing
@testable import Importers
import RunRecord

@Suite struct KerasCSVTests {
    @Test(arguments: ["training.log", "training_semicolon.log"])
    func csvLoggerFilesMatchThePythonReader(_ file: String) throws {
        let expected = try TextImportFixtures.decode(TextImportFixtures.Expected.self, "keras/expected.json")
        let imported = try KerasCSVImporter.importRun(try TextImportFixtures.path("keras/\(file)"))
        let record = imported.record
        TextImportFixtures.expectSeries(record, equal: expected.series)
        #expect(record.series.map(\.name) == Array((expected.header ?? []).dropFirst()))
        #expect(record.series(named: "loss")?.steps.first == 0)
        #expect(record.stepAxis == .epoch)
        #expect(record.source.kind == .kerasCSV)
        #expect(record.title == "Keras run \(file)")
        #expect(record.status == .imported)
        #expect(record.notes.isEmpty)
        #expect(imported.files.map(\.storedAs) == [file])
        #expect(record.series(named: "val_loss")?.split == .validation)
    }

    @Test func runImporterDetectsAndHashes() throws {
        let imported = try RunImporter.importRun(try TextImportFixtures.path("keras/training_semicolon.log"))
        #expect(imported.record.source.kind == .kerasCSV)
        #expect(imported.record.source.files.map(\.path) == ["training_semicolon.log"])
    }

    @Test func columnsInAnyOrder() throws {
        let path = try TextImportFixtures.write("loss;epoch;val_loss\n1.5;0;2\n1.0;1;1.5\n", "t.log")
        let record = try KerasCSVImporter.importRun(path).record
        #expect(record.series.map(\.name) == ["loss", "val_loss"])
        #expect(record.series(named: "val_loss")?.steps == [0, 1])
    }

    @Test func anAppendedFileSkipsTheRepeatedHeaderAndKeepsTheLastValues() throws {
        // CSVLogger(append=True): a first fit of 3 epochs, then a fit resumed from epoch 1 (initial_epoch=1).
        let text = """
            epoch,loss,val_loss
            0,3.0,3.5
            1,2.0,2.5
            2,1.5,2.0
            epoch,loss,val_loss
            1,1.9,2.4
            2,1.4,1.9
            3,1.0,1.5

            """
        let record = try KerasCSVImporter.importRun(try TextImportFixtures.write(text, "training.log")).record
        let loss = try #require(record.series(named: "loss"))
        #expect(loss.steps == [0, 1, 2, 3])
        #expect(loss.values == [3.0, 1.9, 1.4, 1.0])
        #expect(record.series(named: "val_loss")?.values == [3.5, 2.4, 1.9, 1.5])
        #expect(record.notes.contains { $0.contains("header line appears again on line 5") })
        #expect(record.notes.contains { $0.contains("go back from 2 to 1 on line 6") && $0.contains("last") })
        #expect(record.problems.isEmpty)
    }

    @Test func naCellsAndNaNValues() throws {
        // Keras writes NA for a metric missing from an epoch (e.g. after early stopping) and nan for a diverged loss.
        let path = try TextImportFixtures.write("epoch,loss,val_loss\n0,1.0,NA\n1,nan,2.0\n2,inf,\n", "t.log")
        let record = try KerasCSVImporter.importRun(path).record
        #expect(record.series(named: "val_loss")?.steps == [1])
        let loss = try #require(record.series(named: "loss"))
        #expect(loss.values[1].isNaN && loss.values[2] == .infinity)
    }

    @Test func listValuedMetricsAreSkipped() throws {
        let path = try TextImportFixtures.write("epoch,loss,per_class\n0,1.0,\"[1, 2]\"\n1,0.5,\"[2, 3]\"\n", "t.csv")
        let record = try KerasCSVImporter.importRun(path).record
        #expect(record.series.map(\.name) == ["loss"])
        #expect(record.notes.contains { $0.contains("per_class") })
    }

    @Test func withoutAnEpochColumnItIsAnError() throws {
        let path = try TextImportFixtures.write("step,loss\n0,1\n", "notkeras.csv")
        TextImportFixtures.expectError("notkeras.csv", "line 1", "no \"epoch\" column", "--format csv") {
            _ = try KerasCSVImporter.importRun(path)
        }
    }

    @Test func aTextCellIsLocated() throws {
        let path = try TextImportFixtures.write("epoch;loss\n0;1.5\n1;1,5\n", "comma.log")
        TextImportFixtures.expectError("comma.log", "line 3, column 2 (\"loss\")", "\"1,5\"") {
            _ = try KerasCSVImporter.importRun(path)
        }
    }
}
