import Foundation
import Testing
@testable import ImportReaders
@testable import Importers
import RunRecord

@Suite struct PredictionsFileTests {
    @Test func fixtureMatchesThePythonReader() throws {
        let expected = try TextImportFixtures.decode(TextImportFixtures.PlainExpected.self, "plain/expected.json")
        let want = try #require(expected.files["predictions.csv"]?.columns)
        let data = try PredictionsFile.read(try TextImportFixtures.path("plain/predictions.csv"))
        #expect(data.inputs.map(\.name) == ["x"])
        #expect(data.x == want["x"])
        #expect(data.y == want["y"])
        #expect(data.predictions.map(\.name) == ["prediction"])
        #expect(data.prediction(.after)?.values == want["prediction"])
        #expect(data.problems.isEmpty)
    }

    @Test func rolesFollowTheColumnNames() throws {
        let text = "x1,x2,Y,before,least_squares,yhat,other\n1,2,3,4,5,6,7\n2,3,4,5,6,7,8\n"
        let data = try PredictionsFile.read(try TextImportFixtures.write(text, "p.csv"))
        #expect(data.inputs.map(\.name) == ["x1", "x2"])
        #expect(data.target.name == "Y")
        #expect(data.predictions.map(\.role) == [.before, .reference, .after, .other])
        #expect(data.prediction(.after)?.values == [6, 7])
    }

    @Test func theFirstOtherColumnIsTheTrainedModelWhenNoneIsNamed() throws {
        let text = "time\ty\tmodel_a\tmodel_b\n0\t1\t1.1\t0.9\n1\t2\t2.1\t1.9\n"
        let data = try PredictionsFile.read(try TextImportFixtures.write(text, "p.tsv"))
        #expect(data.inputs.map(\.name) == ["time"])
        #expect(data.predictions.map(\.role) == [.after, .other])
    }

    @Test func aMissingTargetListsTheHeader() throws {
        let path = try TextImportFixtures.write("x,target,pred\n1,2,3\n", "p.csv")
        TextImportFixtures.expectError("p.csv", "line 1", "no column is named y", "\"x\", \"target\", \"pred\"") {
            _ = try PredictionsFile.read(path)
        }
    }

    @Test func cellsMustBeFiniteNumbers() throws {
        let nan = try TextImportFixtures.write("x,y,pred\n1,2,3\n2,nan,3\n", "nan.csv")
        TextImportFixtures.expectError("nan.csv", "line 3, column 2 (\"y\")", "\"nan\"", "finite") {
            _ = try PredictionsFile.read(nan)
        }
        let empty = try TextImportFixtures.write("x,y,pred\n1,2,\n", "gap.csv")
        TextImportFixtures.expectError("gap.csv", "line 2, column 3 (\"pred\")", "empty cell") {
            _ = try PredictionsFile.read(empty)
        }
        let short = try TextImportFixtures.write("x,y,pred\n1,2,3\n1,2\n", "short.csv")
        TextImportFixtures.expectError("short.csv", "line 3, column 3 (\"pred\")", "2 cells") {
            _ = try PredictionsFile.read(short)
        }
    }

    @Test func emptyAndHeaderOnlyFiles() throws {
        let empty = try TextImportFixtures.write("", "e.csv")
        TextImportFixtures.expectError("e.csv", "empty") { _ = try PredictionsFile.read(empty) }
        let header = try TextImportFixtures.write("x,y\n", "h.csv")
        TextImportFixtures.expectError("h.csv", "line 1", "no rows") { _ = try PredictionsFile.read(header) }
    }

    @Test func runImporterAttachesThePredictions() throws {
        let imported = try RunImporter.importRun(try TextImportFixtures.path("plain/history.jsonl"),
                                                 predictions: try TextImportFixtures.path("plain/predictions.csv"))
        #expect(imported.record.data?.rowCount == 30)
        #expect(imported.record.source.files.map(\.path) == ["history.jsonl", "predictions/predictions.csv"])
    }
}
