import Foundation
import RunRecord
import Testing
@testable import ImportReaders
@testable import Importers

/// `expected.json` of a fixture: what TensorBoard's own EventAccumulator read.
private struct Expected: Decodable {
    struct Series: Decodable {
        var encoding: String
        var steps: [Int]
        var values: [Double]
    }

    var files: [String]
    var series: [String: Series]
    var skipped: [String: String]

    static func load(_ fixture: String) throws -> Expected {
        let url = TBFixtures.folder.appendingPathComponent(fixture).appendingPathComponent("expected.json")
        return try JSONDecoder().decode(Expected.self, from: Data(contentsOf: url))
    }
}

/// A fresh temporary folder, removed by `remove()`.
private struct TempFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fitreport-tb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    /// Writes `bytes` to `name` (creating sub-folders) and returns the file's path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file.path
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

private func importError(_ path: String) -> ImportError? {
    do throws(ImportError) {
        _ = try TensorBoardImporter.importRun(path)
        return nil
    } catch {
        return error
    }
}

@Suite(.enabled(if: TBFixtures.available, "fixtures not copied into Tests/ImportTests/Fixtures/tensorboard"))
struct TensorBoardFixtureTests {
    /// Every series matches expected.json exactly, and there are no others.
    private func check(_ fixture: String) throws -> ImportedRun {
        let expected = try Expected.load(fixture)
        let run = try TensorBoardImporter.importRun(TBFixtures.folder.appendingPathComponent(fixture).path)
        #expect(Set(run.record.series.map(\.name)) == Set(expected.series.keys))
        for (tag, e) in expected.series {
            let s = try #require(run.record.series(named: tag), "\(fixture): \(tag)")
            #expect(s.steps == e.steps, "\(fixture): \(tag)")
            #expect(s.values == e.values, "\(fixture): \(tag)")
        }
        #expect(run.record.problems.isEmpty)
        #expect(run.files.map(\.storedAs) == expected.files.map { "\(fixture)/\($0)" })
        #expect(run.record.title == "TensorBoard run \(fixture)")
        #expect(run.record.source == RunSource(kind: .tensorboard, toolVersion: TensorBoardImporter.version))
        #expect(run.record.stepAxis == .step)
        #expect(run.record.status == .imported)
        let created = try #require(run.record.createdAt)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "\(created)")
        return run
    }

    @Test func torchSimpleValueScalarsAndSkippedSummaries() throws {
        let run = try check("torch_simple")
        #expect(try Expected.load("torch_simple").series.values.allSatisfy { $0.encoding == "simple_value" })
        #expect(run.record.series.map(\.name) == ["loss", "val/loss", "lr"], "logging order")
        #expect(run.record.series(named: "val/loss")?.split == .validation)
        #expect(run.record.series(named: "loss")?.lowerIsBetter == true)
        let note = run.record.notes.joined(separator: " ")
        #expect(note.contains("histogram: weights"), "\(note)")
        #expect(note.contains("text: notes/text_summary"), "\(note)")
        #expect(note.contains("Skipped 2 non-scalar summaries"), "\(note)")
    }

    @Test func torchTensorScalarsOfFloatAndDouble() throws {
        let run = try check("torch_tensor")
        let expected = try Expected.load("torch_tensor")
        #expect(expected.series["loss"]?.encoding == "tensor DT_FLOAT")
        #expect(expected.series["accuracy"]?.encoding == "tensor DT_DOUBLE")
        #expect(run.record.series(named: "accuracy")?.lowerIsBetter == false)
        #expect(run.record.notes.isEmpty, "\(run.record.notes)")
    }

    @Test func tensorboardScalarPbWithDescription() throws {
        let run = try check("tb_pb")
        #expect(run.record.series.map(\.name) == ["train/loss"])
    }

    @Test func resumedRunMergesBothFilesInStepOrder() throws {
        let run = try check("resumed")
        #expect(run.files.count == 2)
        #expect(run.record.series(named: "loss")?.steps == Array(0..<20))
    }

    @Test func aSingleFileIsStoredUnderItsName() throws {
        let expected = try Expected.load("torch_tensor")
        let path = TBFixtures.folder.appendingPathComponent("torch_tensor/\(expected.files[0])").path
        let run = try TensorBoardImporter.importRun(path)
        #expect(run.files.map(\.storedAs) == [expected.files[0]])
        #expect(run.files.map(\.path) == [path])
        #expect(run.record.series(named: "loss")?.values == expected.series["loss"]?.values)
        #expect(run.record.title == "TensorBoard run \(expected.files[0])")
    }

    @Test func runImporterHashesTheFiles() throws {
        let path = TBFixtures.folder.appendingPathComponent("resumed").path
        let run = try RunImporter.importRun(path, format: .tensorboard)
        #expect(run.record.source.files.count == 2)
        #expect(run.record.source.files.allSatisfy { $0.sha256.count == 64 && $0.path.hasPrefix("resumed/") })
    }

    /// The fixture file of `fixture` (its first) and the offsets of its records.
    private func fixtureFile(_ fixture: String) throws -> (name: String, bytes: [UInt8], offsets: [Int]) {
        let name = try Expected.load(fixture).files[0]
        let bytes = try [UInt8](Data(contentsOf: TBFixtures.folder.appendingPathComponent("\(fixture)/\(name)")))
        var offsets: [Int] = []
        var at = 0
        for record in try TBEncoder.records(bytes) {
            offsets.append(at)
            at += record.count + 16
        }
        return (name, bytes, offsets)
    }

    @Test func aFlippedByteIsAChecksumErrorNamingTheRecord() throws {
        let (name, bytes, offsets) = try fixtureFile("torch_simple")
        let folder = try TempFolder()
        defer { folder.remove() }
        var damaged = bytes
        damaged[offsets[6] + 14] ^= 0x01 // inside the data of record 7
        let path = try folder.write(name, damaged)
        let error = try #require(importError(path))
        #expect(error.path == path)
        #expect(error.location == "record 7 at byte \(offsets[6])")
        #expect(error.reason.contains("data fails its checksum"))
        #expect(error.reason.contains("corrupt or was cut off"))
    }

    @Test func aFileCutMidRecordKeepsWhatCameBefore() throws {
        let (name, bytes, offsets) = try fixtureFile("torch_tensor")
        let expected = try Expected.load("torch_tensor")
        let folder = try TempFolder()
        defer { folder.remove() }
        // Records: file_version, then loss and accuracy alternating; cut inside record 8 (the 4th loss).
        let cut = offsets[7] + 20
        let path = try folder.write(name, Array(bytes[..<cut]))
        let run = try TensorBoardImporter.importRun(path)
        for tag in ["loss", "accuracy"] {
            #expect(run.record.series(named: tag)?.values == Array(expected.series[tag]?.values.prefix(3) ?? []))
        }
        let note = run.record.notes.joined(separator: " ")
        #expect(note.contains("record 8 at byte \(offsets[7])) is incomplete"), "\(note)")
        #expect(note.contains("writer may still be running"))
    }

    @Test func aFileCutInsideTheFirstHeaderIsAnError() throws {
        let (name, bytes, _) = try fixtureFile("tb_pb")
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = try folder.write(name, Array(bytes[..<7]))
        let error = try #require(importError(path))
        #expect(error.location == "record 1 at byte 0")
        #expect(error.reason.contains("ends inside its first record"))
    }

    @Test func aFlippedLengthByteIsALengthChecksumError() throws {
        let (name, bytes, offsets) = try fixtureFile("resumed")
        let folder = try TempFolder()
        defer { folder.remove() }
        var damaged = bytes
        damaged[offsets[3] + 1] ^= 0x40
        let error = try #require(importError(try folder.write(name, damaged)))
        #expect(error.location == "record 4 at byte \(offsets[3])")
        #expect(error.reason.contains("length fails its checksum"))
    }
}

/// The importer on synthesized event files.
@Suite struct TensorBoardImporterTests {
    private let t0 = 1_700_000_000.0 // 2023-11-14T22:13:20Z

    @Test func createdAtIsTheFirstWallTimeInUTC() throws {
        #expect(Timestamp.iso8601(secondsSince1970: t0) == "2023-11-14T22:13:20Z")
        #expect(Timestamp.iso8601(secondsSince1970: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(secondsSince1970: 951_782_400.9) == "2000-02-29T00:00:00Z")
        #expect(Timestamp.iso8601(secondsSince1970: .nan) == nil)
        #expect(Timestamp.iso8601(secondsSince1970: -1) == nil)
        #expect(Timestamp.iso8601(secondsSince1970: 1e300) == nil)
    }

    @Test func aMissingStepIsZeroAndMetadataOnlyOnTheFirstValueCounts() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let f = { (v: Float) in TBTensor(dtype: TensorDataType.float, shape: [], floatVal: [v]) }
        let events: [TBEvent] = [
            .fileVersion(wallTime: t0),
            .tensor("acc", step: 0, f(0.5)),
            .tensor("acc", step: 1, f(0.75), metadata: false),
            .tensor("acc", step: 2, TBTensor(dtype: TensorDataType.double, doubleVal: [0.875]), metadata: false),
            .tensor("orphan", step: 1, f(1), metadata: false),
        ]
        let path = try folder.write("events.out.tfevents.1700000000.host", TBEncoder.file(events))
        let run = try TensorBoardImporter.importRun(path)
        #expect(run.record.createdAt == "2023-11-14T22:13:20Z")
        #expect(run.record.series.map(\.name) == ["acc"])
        #expect(run.record.series[0].steps == [0, 1, 2])
        #expect(run.record.series[0].values == [0.5, 0.75, 0.875])
        #expect(run.record.notes == ["Skipped 1 non-scalar summary (tensor: orphan)."])
    }

    @Test func repeatedStepsKeepTheLastWrittenByFileOrder() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        // The later timestamp sorts second although its name sorts first.
        try folder.write("events.out.tfevents.1700000100.a", TBEncoder.file(
            [.fileVersion(wallTime: t0 + 100), .scalar("loss", step: 2, 20), .scalar("loss", step: 3, 30)]))
        try folder.write("events.out.tfevents.1700000000.b", TBEncoder.file(
            [.fileVersion(wallTime: t0), .scalar("loss", step: 1, 1), .scalar("loss", step: 2, 2),
             .scalar("loss", step: 0, 0), .scalar("loss", step: 2, 2.5)]))
        let run = try TensorBoardImporter.importRun(folder.path)
        let name = folder.url.lastPathComponent
        #expect(run.files.map(\.storedAs) == ["\(name)/events.out.tfevents.1700000000.b",
                                               "\(name)/events.out.tfevents.1700000100.a"])
        #expect(run.record.series(named: "loss")?.steps == [0, 1, 2, 3])
        #expect(run.record.series(named: "loss")?.values == [0, 1, 20, 30])
        #expect(run.record.createdAt == "2023-11-14T22:13:20Z")
        #expect(run.record.notes.contains { $0.contains("2 points repeated a step") && $0.contains("loss ×2") },
                "\(run.record.notes)")
    }

    @Test func aRestartDiscardsLaterStepsAsTensorBoardDoes() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write("events.out.tfevents.1700000000.h", TBEncoder.file(
            [.fileVersion()] + (0..<6).map { .scalar("loss", step: $0, Float($0)) }))
        try folder.write("events.out.tfevents.1700000001.h", TBEncoder.file(
            [.fileVersion(), TBEvent(wallTime: t0, step: 3, sessionLogStatus: 1), .scalar("loss", step: 4, 40)]))
        let run = try TensorBoardImporter.importRun(folder.path)
        #expect(run.record.series(named: "loss")?.steps == [0, 1, 2, 4])
        #expect(run.record.series(named: "loss")?.values == [0, 1, 2, 40])
        #expect(run.record.notes.contains { $0.contains("restarted at step 3") && $0.contains("3 points") },
                "\(run.record.notes)")
    }

    @Test func foldersOfSeveralRunsPrefixTheirSeries() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let loss = { (a: Float, b: Float) in
            TBEncoder.file([.fileVersion(), .scalar("epoch_loss", step: 0, a), .scalar("epoch_loss", step: 1, b)])
        }
        try folder.write("train/events.out.tfevents.1700000000.h.1.v2", loss(1, 0.5))
        try folder.write("validation/events.out.tfevents.1700000001.h.1.v2", loss(2, 1.5))
        let run = try TensorBoardImporter.importRun(folder.path)
        #expect(run.record.series.map(\.name) == ["train/epoch_loss", "validation/epoch_loss"])
        #expect(run.record.series.map(\.split) == [.train, .validation])
        #expect(run.record.series(named: "validation/epoch_loss")?.values == [2, 1.5])
        #expect(run.record.notes.first?.contains("2 folders (train, validation)") == true)
        // One sub-folder only: no prefix.
        let single = try TempFolder()
        defer { single.remove() }
        try single.write("logs/run1/events.out.tfevents.1700000000.h", TBEncoder.file([.scalar("loss", step: 0, 1)]))
        let one = try TensorBoardImporter.importRun(single.url.appendingPathComponent("logs").path)
        #expect(one.record.series.map(\.name) == ["loss"])
        #expect(one.files.map(\.storedAs) == ["logs/run1/events.out.tfevents.1700000000.h"])
        #expect(one.record.title == "TensorBoard run logs")
    }

    @Test func hyperParametersFromTheHParamsPlugin() throws {
        // HParamsPluginData { version 0, session_start_info { hparams { "lr": 0.01, "opt": "adam", "deep": true } } }
        func entry(_ key: String, _ value: (inout TBProtoWriter) -> Void) -> [UInt8] {
            var v = TBProtoWriter()
            value(&v)
            var e = TBProtoWriter()
            e.string(1, key)
            e.bytes(2, v.output)
            return e.output
        }
        var info = TBProtoWriter()
        info.bytes(1, entry("lr") { $0.fixed64(2, 0.01.bitPattern) })
        info.bytes(1, entry("opt") { $0.string(3, "adam") })
        info.bytes(1, entry("deep") { $0.varint(4, 1) })
        info.bytes(1, entry("layers") { w in
            var list = TBProtoWriter()
            for n in [16.0, 8.0] {
                var item = TBProtoWriter()
                item.fixed64(2, n.bitPattern)
                list.bytes(1, item.output)
            }
            w.bytes(6, list.output)
        })
        info.string(2, "model/uri")
        var content = TBProtoWriter()
        content.bytes(3, info.output)
        let value = TBValue(tag: "_hparams_/session_start_info",
                            tensor: TBTensor(dtype: TensorDataType.string, shape: []),
                            metadata: TBMetadata(pluginName: "hparams", pluginContent: content.output))
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = try folder.write("events.out.tfevents.1.h", TBEncoder.file(
            [.fileVersion(), TBEvent(wallTime: t0, summary: [value]), .scalar("loss", step: 0, 1)]))
        let run = try TensorBoardImporter.importRun(path)
        #expect(run.record.settings == [
            KeyValue("lr", .number(0.01)), KeyValue("opt", .string("adam")), KeyValue("deep", .bool(true)),
            KeyValue("layers", .array([.number(16), .number(8)])),
        ])
        #expect(run.record.notes.isEmpty, "\(run.record.notes)")
    }

    @Test func noScalarsGivesAnEmptyRecordWithNotesAndRunImporterSaysSo() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let histogram = TBEncoder.histogram("weights")
        let image = TBValue(tag: "img", tensor: TBTensor(dtype: TensorDataType.string, shape: [3]),
                            metadata: TBMetadata(pluginName: "images"))
        var graph = TBEvent(wallTime: t0)
        graph.unknown = [TBRawField(number: 4, bytes: TBProtoWriter.key(4, 2) + [0])]
        let path = try folder.write("events.out.tfevents.1.h", TBEncoder.file(
            [.fileVersion(), TBEvent(wallTime: t0, step: 1, summary: [histogram, image]), graph]))
        let run = try TensorBoardImporter.importRun(path)
        #expect(run.record.series.isEmpty)
        #expect(run.record.notes == [
            "The event file holds 3 events but no scalar summary.",
            "Skipped 2 non-scalar summaries (histogram: weights; image: img).",
            "Skipped 1 graph event.",
        ])
        #expect(throws: ImportError.self) { try RunImporter.importRun(path, format: .tensorboard) }
        do throws(ImportError) {
            _ = try RunImporter.importRun(path, format: .tensorboard)
        } catch {
            #expect(error.reason.hasPrefix("no scalar series found. The event file holds 3 events"))
        }
    }

    @Test func malformedProtobufWithAValidChecksumNamesTheField() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        // Summary.Value.simple_value written as a varint.
        var value = TBProtoWriter()
        value.string(1, "loss")
        value.varint(2, 5)
        var summary = TBProtoWriter()
        summary.bytes(1, value.output)
        var event = TBProtoWriter()
        event.bytes(5, summary.output)
        let first = TBEncoder.frame(TBEncoder.encode(.fileVersion()))
        let path = try folder.write("events.out.tfevents.1.h", first + TBEncoder.frame(event.output))
        let error = try #require(importError(path))
        #expect(error.location == "record 2 at byte \(first.count)")
        #expect(error.reason.contains("Event field 5 (summary) › Summary field 1 (value) › Summary.Value field 2 "
                                      + "(simple_value): field 2 has wire type 0 (varint), expected 5 (32-bit)"),
                "\(error.reason)")
    }

    @Test func pathsWithoutEventFiles() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        try folder.write("notes.txt", Array("hello".utf8))
        #expect(importError(folder.path)?.reason.contains("holds no TensorBoard event files") == true)
        #expect(importError(folder.path + "/missing")?.reason.contains("does not exist") == true)
        // An empty event file: nothing to read, said in the notes.
        let empty = try folder.write("events.out.tfevents.5.h", [])
        let run = try TensorBoardImporter.importRun(empty)
        #expect(run.record.series.isEmpty)
        #expect(run.record.notes.contains("events.out.tfevents.5.h is empty (0 bytes)."))
        // A file that is not TFRecord at all.
        let text = try folder.write("events.out.tfevents.6.h", Array("step,loss\n0,1\n1,0.5\n".utf8))
        #expect(importError(text)?.location == "record 1 at byte 0")
        #expect(importError(text)?.reason.contains("not a TensorBoard event file") == true)
    }
}
