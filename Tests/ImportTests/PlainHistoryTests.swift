import Foundation
import Testing
@testable import ImportReaders
@testable import Importers
import RunRecord

/// Fixture paths, expected.json, temporary files and comparisons shared by the text-format importer tests.
enum TextImportFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The path of a fixture, failing the test when it is missing (fixtures are copied in from main).
    static func path(_ relative: String) throws -> String {
        let path = root.appendingPathComponent(relative).path
        try #require(FileManager.default.fileExists(atPath: path), "fixture \(relative) is missing")
        return path
    }

    /// One series of an expected.json (`epochs` holds null where the tool logged no epoch).
    struct Series: Decodable {
        var steps: [Int]
        var values: [Double]
        var epochs: [Double?]?
    }

    struct Expected: Decodable {
        var header: [String]?
        var series: [String: Series]
        var params: JSONValue?
    }

    struct PlainExpected: Decodable {
        struct File: Decodable {
            var header: [String]?
            var series: [String: Series]?
            var columns: [String: [Double]]?
        }
        var files: [String: File]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ relative: String) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: try path(relative)))
        return try JSONDecoder().decode(T.self, from: data)
    }

    /// Same numbers, NaN equal to NaN.
    static func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    /// The record's series are exactly `expected`'s: the same names, steps, values and epochs (an expected epoch
    /// list with a null means the importer leaves the series' epochs out).
    static func expectSeries(_ record: RunRecord, equal expected: [String: Series],
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(record.series.map(\.name)) == Set(expected.keys), sourceLocation: sourceLocation)
        for (name, want) in expected {
            guard let got = record.series(named: name) else { continue }
            #expect(got.steps == want.steps, "steps of \(name)", sourceLocation: sourceLocation)
            #expect(same(got.values, want.values), "values of \(name)", sourceLocation: sourceLocation)
            if let epochs = want.epochs, epochs.allSatisfy({ $0 != nil }) {
                #expect(got.epochs == epochs.compactMap { $0 }, "epochs of \(name)", sourceLocation: sourceLocation)
            } else {
                #expect(got.epochs == nil, "epochs of \(name)", sourceLocation: sourceLocation)
            }
        }
        #expect(record.problems.isEmpty, "\(record.problems)", sourceLocation: sourceLocation)
    }

    /// A fresh temporary folder.
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fitreport-text-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `name` in `folder` (a fresh one when nil) and returns its path.
    @discardableResult
    static func write(_ text: String, _ name: String, in folder: String? = nil) throws -> String {
        let dir = try folder ?? self.folder()
        let path = (dir as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The ImportError `body` throws, expecting one.
    static func error(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation)
        -> ImportError?
    {
        do {
            try body()
            Issue.record("expected an ImportError", sourceLocation: sourceLocation)
            return nil
        } catch let error as ImportError {
            return error
        } catch {
            Issue.record("expected an ImportError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// Expects `body` to throw an ImportError whose text contains every one of `parts`.
    static func expectError(_ parts: String..., sourceLocation: SourceLocation = #_sourceLocation,
                            _ body: () throws -> Void) {
        guard let error = error(body, sourceLocation: sourceLocation) else { return }
        for part in parts {
            #expect(error.description.contains(part), "\(error.description) lacks \(part)",
                    sourceLocation: sourceLocation)
        }
    }
}

@Suite struct PlainHistoryFixtureTests {
    @Test(arguments: ["history.csv", "history.tsv"])
    func delimitedHistoriesMatchThePythonReader(_ file: String) throws {
        let expected = try TextImportFixtures.decode(TextImportFixtures.PlainExpected.self, "plain/expected.json")
        let imported = try PlainHistoryImporter.importCSV(try TextImportFixtures.path("plain/\(file)"))
        let want = try #require(expected.files[file]?.series)
        TextImportFixtures.expectSeries(imported.record, equal: want)
        #expect(imported.record.series.map(\.name) == ["loss", "val_loss"])
        #expect(imported.record.stepAxis == .epoch)
        #expect(imported.record.source.kind == .csv)
        #expect(imported.files.map(\.storedAs) == [file])
        #expect(imported.record.notes.isEmpty)
    }

    @Test func jsonLinesMatchThePythonReader() throws {
        let expected = try TextImportFixtures.decode(TextImportFixtures.PlainExpected.self, "plain/expected.json")
        let imported = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.path("plain/history.jsonl"))
        TextImportFixtures.expectSeries(imported.record, equal: try #require(expected.files["history.jsonl"]?.series))
        #expect(imported.record.series.map(\.name) == ["loss", "val_loss"])
        #expect(imported.record.series(named: "val_loss")?.steps.contains(50) == false)
        #expect(imported.record.stepAxis == .step)
        #expect(imported.record.source.kind == .jsonl)
    }

    @Test func runImporterHashesTheFile() throws {
        let path = try TextImportFixtures.path("plain/history.jsonl")
        let imported = try RunImporter.importRun(path)
        #expect(imported.record.source.files.map(\.path) == ["history.jsonl"])
        #expect(imported.record.source.files.first?.sha256.count == 64)
    }
}

@Suite struct PlainCSVTests {
    @Test func stepColumnPreferredAndEpochsRecorded() throws {
        let path = try TextImportFixtures.write("epoch,step,loss\n0,10,1.5\n0,20,1.0\n1,30,0.5\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        let loss = try #require(record.series(named: "loss"))
        #expect(loss.steps == [10, 20, 30])
        #expect(loss.epochs == [0, 0, 1])
        #expect(record.stepAxis == .step)
        #expect(record.series.count == 1)
    }

    @Test func stepNamesAreCaseInsensitiveAndIterCounts() throws {
        let path = try TextImportFixtures.write("Iter,acc\n100,0.5\n200,0.75\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        #expect(record.series(named: "acc")?.steps == [100, 200])
    }

    @Test func withoutAStepColumnStepsAreRowNumbers() throws {
        let path = try TextImportFixtures.write("loss,val_loss\n3,4\n2,3\n1,2\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        #expect(record.series(named: "loss")?.steps == [0, 1, 2])
        #expect(record.notes.contains { $0.contains("row numbers") })
    }

    @Test func emptyCellsAreNotLogged() throws {
        let path = try TextImportFixtures.write("step,loss,val_loss\n0,1.0,\n1,0.5,\n2,0.25,0.3\n3,,0.2\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        #expect(record.series(named: "loss")?.steps == [0, 1, 2])
        #expect(record.series(named: "val_loss")?.steps == [2, 3])
        #expect(record.series(named: "val_loss")?.values == [0.3, 0.2])
    }

    @Test func nonFiniteCellsAreValues() throws {
        let path = try TextImportFixtures.write(
            "step,loss\n0,1.5\n1,nan\n2,NaN\n3,inf\n4,-inf\n5,Infinity\n6,-Infinity\n7,1e999\n", "h.csv")
        let loss = try #require(try PlainHistoryImporter.importCSV(path).record.series(named: "loss"))
        #expect(loss.steps == Array(0...7))
        #expect(loss.values[0] == 1.5 && loss.values[1].isNaN && loss.values[2].isNaN)
        #expect(Array(loss.values[3...]) == [.infinity, -.infinity, .infinity, -.infinity, .infinity])
    }

    @Test func quotedCellsCRLFAndWhitespaceSeparatedText() throws {
        let crlf = try TextImportFixtures.write("\"step\",\"loss\"\r\n\"0\",\"1.5\"\r\n1,0.5\r\n", "h.csv")
        #expect(try PlainHistoryImporter.importCSV(crlf).record.series(named: "loss")?.values == [1.5, 0.5])
        let spaces = try TextImportFixtures.write("step   loss   acc\n0  1.5  0.1\n1  0.5  0.2\n", "h.txt")
        #expect(try PlainHistoryImporter.importCSV(spaces).record.series(named: "acc")?.values == [0.1, 0.2])
    }

    @Test func aRepeatedStepKeepsTheLastValue() throws {
        let path = try TextImportFixtures.write("step,loss\n0,3\n1,2\n1,1.5\n2,1\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        let loss = try #require(record.series(named: "loss"))
        #expect(loss.steps == [0, 1, 2])
        #expect(loss.values == [3, 1.5, 1])
        #expect(record.notes.contains { $0.contains("line 4") && $0.contains("last") })
    }

    @Test func textColumnsAreSkippedWithANote() throws {
        let path = try TextImportFixtures.write("step,phase,loss\n0,train,1\n1,train,0.5\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        #expect(record.series.map(\.name) == ["loss"])
        #expect(record.notes.contains { $0.contains("\"phase\"") })
    }

    @Test func unnamedPandasIndexColumnIsSkipped() throws {
        let path = try TextImportFixtures.write(",loss,val_loss\n0,1,2\n1,0.5,1\n", "h.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        #expect(record.series.map(\.name) == ["loss", "val_loss"])
        #expect(record.notes.contains { $0.contains("Column 1 has no name") })
    }

    @Test func aTextCellIsAnErrorNamingFileLineAndColumn() throws {
        let path = try TextImportFixtures.write("step,loss,val_loss\n0,1.0,2.0\n1,0.5,oops\n", "bad.csv")
        TextImportFixtures.expectError("bad.csv", "line 3, column 3 (\"val_loss\")", "\"oops\"") {
            _ = try PlainHistoryImporter.importCSV(path)
        }
    }

    @Test func aFractionalStepIsAnError() throws {
        let path = try TextImportFixtures.write("step,loss\n0,1\n1.5,2\n", "frac.csv")
        TextImportFixtures.expectError("frac.csv", "line 3, column 1 (\"step\")", "whole number") {
            _ = try PlainHistoryImporter.importCSV(path)
        }
    }

    @Test func anEmptyStepIsAnError() throws {
        let path = try TextImportFixtures.write("step,loss\n0,1\n,2\n", "gap.csv")
        TextImportFixtures.expectError("gap.csv", "line 3, column 1", "empty") {
            _ = try PlainHistoryImporter.importCSV(path)
        }
    }

    @Test func aMissingHeaderIsAnError() throws {
        let path = try TextImportFixtures.write("0,1.5,2\n1,0.5,1\n", "nohead.csv")
        TextImportFixtures.expectError("nohead.csv", "line 1", "header") {
            _ = try PlainHistoryImporter.importCSV(path)
        }
    }

    @Test func emptyAndHeaderOnlyFilesAreErrors() throws {
        let empty = try TextImportFixtures.write("", "empty.csv")
        TextImportFixtures.expectError("empty.csv", "empty") { _ = try PlainHistoryImporter.importCSV(empty) }
        let blank = try TextImportFixtures.write("\n  \n", "blank.csv")
        TextImportFixtures.expectError("blank.csv", "empty") { _ = try PlainHistoryImporter.importCSV(blank) }
        let header = try TextImportFixtures.write("step,loss\n", "head.csv")
        TextImportFixtures.expectError("head.csv", "line 1", "no rows") {
            _ = try PlainHistoryImporter.importCSV(header)
        }
    }

    @Test func duplicateColumnNamesAreAnError() throws {
        let path = try TextImportFixtures.write("step,loss,loss\n0,1,2\n", "dup.csv")
        TextImportFixtures.expectError("dup.csv", "line 1, column 3", "columns 2 and 3") {
            _ = try PlainHistoryImporter.importCSV(path)
        }
    }

    @Test func aMissingFileIsAnError() {
        TextImportFixtures.expectError("/nonexistent/h.csv", "no such file") {
            _ = try PlainHistoryImporter.importCSV("/nonexistent/h.csv")
        }
    }

    @Test func shortRowsLeaveCellsUnlogged() throws {
        let path = try TextImportFixtures.write("step,loss,val_loss\n0,1,2\n1,0.5\n", "short.csv")
        let record = try PlainHistoryImporter.importCSV(path).record
        #expect(record.series(named: "val_loss")?.steps == [0])
        #expect(record.notes.contains { $0.contains("line 3") && $0.contains("fewer cells") })
    }
}

@Suite struct PlainJSONLinesTests {
    @Test func nestedObjectsNullsAndNonFiniteValues() throws {
        let text = """
            {"step": 0, "train": {"loss": 1.5, "acc": null}, "lr": 0.1}

            {"step": 1, "train": {"loss": NaN, "acc": 0.5}, "lr": "Infinity"}
            {"step": 2, "train": {"loss": -Infinity}, "lr": "NaN", "val": {"inner": {"loss": 3}}}
            """
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        #expect(record.series.map(\.name) == ["train/loss", "lr", "train/acc", "val/inner/loss"])
        let loss = try #require(record.series(named: "train/loss"))
        #expect(loss.steps == [0, 1, 2])
        #expect(loss.values[0] == 1.5 && loss.values[1].isNaN && loss.values[2] == -.infinity)
        #expect(record.series(named: "train/acc")?.steps == [1])
        let lr = try #require(record.series(named: "lr"))
        #expect(lr.values[0] == 0.1 && lr.values[1] == .infinity && lr.values[2].isNaN)
        #expect(record.notes.isEmpty)
    }

    @Test func epochBesideStepGivesEpochs() throws {
        let text = "{\"epoch\": 0.5, \"step\": 10, \"loss\": 2}\r\n{\"epoch\": 1.0, \"step\": 20, \"loss\": 1}\r\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        let loss = try #require(record.series(named: "loss"))
        #expect(loss.steps == [10, 20] && loss.epochs == [0.5, 1.0])
        #expect(record.series.count == 1)
        #expect(record.stepAxis == .step)
    }

    @Test func epochAloneIsTheStepAxis() throws {
        let text = "{\"epoch\": 0, \"loss\": 2}\n{\"epoch\": 1, \"loss\": 1}\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        #expect(record.stepAxis == .epoch)
        #expect(record.series(named: "loss")?.steps == [0, 1])
    }

    @Test func withoutAStepKeyStepsAreLineIndices() throws {
        let text = "{\"loss\": 2}\n\n{\"loss\": 1}\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        #expect(record.series(named: "loss")?.steps == [0, 1])
        #expect(record.notes.contains { $0.contains("line numbers") })
    }

    @Test func linesBeforeTheFirstStepAndWithoutOneAreSkipped() throws {
        let text = "{\"run\": \"a\"}\n{\"step\": 5, \"loss\": 2}\n{\"loss\": 9}\n{\"step\": 6, \"loss\": 1}\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        #expect(record.series(named: "loss")?.steps == [5, 6])
        #expect(record.notes.contains { $0.contains("2 lines have no \"step\"") && $0.contains("line 1") })
    }

    @Test func textValuesAreSkippedWithANote() throws {
        let text = "{\"step\": 0, \"loss\": 1, \"time\": \"12:00\", \"done\": false, \"hist\": [1, 2]}\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        #expect(record.series.map(\.name) == ["loss"])
        let note = try #require(record.notes.first)
        #expect(note.contains("\"time\"") && note.contains("\"done\"") && note.contains("\"hist\""))
    }

    @Test func repeatedStepsKeepTheLastValue() throws {
        let text = "{\"step\": 0, \"loss\": 3}\n{\"step\": 1, \"loss\": 2}\n{\"step\": 0, \"loss\": 2.5}\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "h.jsonl")).record
        #expect(record.series(named: "loss")?.values == [2.5, 2])
        #expect(record.notes.contains { $0.contains("line 3") })
    }

    @Test func aNonObjectLineIsAnErrorSayingWhatItIs() throws {
        let path = try TextImportFixtures.write("{\"step\": 0, \"loss\": 1}\n[1, 2]\n", "arr.jsonl")
        TextImportFixtures.expectError("arr.jsonl", "line 2", "an array") {
            _ = try PlainHistoryImporter.importJSONLines(path)
        }
        let text = try TextImportFixtures.write("{\"step\": 0}\n\nEpoch 1/10 loss: 0.3\n", "log.jsonl")
        TextImportFixtures.expectError("log.jsonl", "line 3", "not JSON", "Epoch 1/10") {
            _ = try PlainHistoryImporter.importJSONLines(text)
        }
        let number = try TextImportFixtures.write("3\n", "num.jsonl")
        TextImportFixtures.expectError("num.jsonl", "line 1", "the number 3") {
            _ = try PlainHistoryImporter.importJSONLines(number)
        }
    }

    @Test func invalidJSONIsLocatedToTheColumn() throws {
        let path = try TextImportFixtures.write("{\"step\": 0, \"loss\": 1}\n{\"step\": 1, \"loss\" 2}\n", "bad.jsonl")
        TextImportFixtures.expectError("bad.jsonl", "line 2, column 20", "expected :") {
            _ = try PlainHistoryImporter.importJSONLines(path)
        }
        let open = try TextImportFixtures.write("{\"step\": 1, \"loss\": 2\n", "open.jsonl")
        TextImportFixtures.expectError("open.jsonl", "line 1", "}") {
            _ = try PlainHistoryImporter.importJSONLines(open)
        }
    }

    @Test func aFractionalStepIsAnError() throws {
        let path = try TextImportFixtures.write("{\"step\": 0, \"loss\": 1}\n{\"step\": 0.5, \"loss\": 1}\n", "f.jsonl")
        TextImportFixtures.expectError("f.jsonl", "line 2", "whole number") {
            _ = try PlainHistoryImporter.importJSONLines(path)
        }
    }

    @Test func anEmptyFileIsAnError() throws {
        let path = try TextImportFixtures.write("\n\n", "empty.jsonl")
        TextImportFixtures.expectError("empty.jsonl", "empty") { _ = try PlainHistoryImporter.importJSONLines(path) }
    }

    @Test func escapesAndUnicodeInKeys() throws {
        let text = #"{"step": 0, "l\u00f6ss\/x": 1, "a\"b": 2, "😀": 3}"# + "\n"
        let record = try PlainHistoryImporter.importJSONLines(try TextImportFixtures.write(text, "u.jsonl")).record
        #expect(record.series.map(\.name) == ["löss/x", "a\"b", "😀"])
    }
}

/// Timing of a 1,000,000-row history; run in a release build with
/// `FITREPORT_PERF=1 swift test -c release --scratch-path .build-text --filter PlainHistoryPerformanceTests`.
@Suite struct PlainHistoryPerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FITREPORT_PERF"] != nil))
    func millionRowHistory() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(80_000_000)
        bytes += Array("step,epoch,loss,val_loss,lr\n".utf8)
        for i in 0..<1_000_000 {
            let loss = 1.0 / Double(i + 1) + 0.001 * Double(i % 7)
            var line = "\(i),\(i / 1000),\(loss),"
            if i % 10 == 0 { line += "\(loss * 1.1)" }
            line += ",\(0.001 * (1 - Double(i) / 1e6))\n"
            bytes += Array(line.utf8)
        }
        let folder = try TextImportFixtures.folder()
        let path = (folder as NSString).appendingPathComponent("big.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var best = Duration.seconds(1000)
        var record: RunRecord?
        for _ in 0..<3 {
            let start = ContinuousClock.now
            record = try PlainHistoryImporter.importCSV(path).record
            best = min(best, ContinuousClock.now - start)
        }
        #expect(record?.series(named: "loss")?.count == 1_000_000)
        #expect(record?.series(named: "val_loss")?.count == 100_000)
        print("1,000,000-row CSV history (\(bytes.count / 1_000_000) MB, 3 series): best of 3 \(best)")
    }
}

/// Damaged input (random bytes, truncated and corrupted copies of real files) gives a record or an ImportError,
/// never a crash.
@Suite struct PlainMalformedInputTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func damagedFilesNeverCrash() throws {
        var random = Generator(state: 42)
        let sources = [
            "step,epoch,loss,val_loss\n0,0,1.5,\n1,0,nan,2\n\"2\",1,\"3\",inf\n",
            "{\"step\": 0, \"a\": {\"b\": [1, {\"c\": null}]}, \"s\": \"x\\u00e9\\ud83d\\ude00\"}\n{\"step\": 1}\n",
            "x,y,pred\n1,2,3\n4,5,6\n",
            try String(contentsOfFile: try TextImportFixtures.path("lightning/version_0/metrics.csv"), encoding: .utf8),
        ]
        let alphabet = Array(",;\t\n\r\"{}[]:0123456789.eE-+naifNIx \\u".utf8)
        let folder = try TextImportFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for round in 0..<400 {
            var bytes = Array(sources[round % sources.count].utf8)
            switch round % 4 {
            case 0:  // truncate
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 1:  // replace some bytes with syntax characters
                for _ in 0..<3 where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = alphabet.randomElement(using: &random) ?? 0
                }
            case 2:  // random bytes, including invalid UTF-8
                bytes = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            default:  // insert syntax characters
                for _ in 0..<3 {
                    bytes.insert(alphabet.randomElement(using: &random) ?? 0,
                                 at: Int.random(in: 0...bytes.count, using: &random))
                }
            }
            for name in ["f.csv", "f.jsonl", "metrics.csv"] {
                let path = (folder as NSString).appendingPathComponent(name)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                _ = try? PlainHistoryImporter.importCSV(path)
                _ = try? PlainHistoryImporter.importJSONLines(path)
                _ = try? KerasCSVImporter.importRun(path)
                _ = try? LightningCSVImporter.importRun(path)
                _ = try? PredictionsFile.read(path)
                _ = try? FormatDetection.detect(path)
            }
        }
    }
}
