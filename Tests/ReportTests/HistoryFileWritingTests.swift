import Foundation
import Testing
import Report
@testable import RunArtifacts
import RunRecord

/// history.csv and data.csv are written from byte buffers and hashed while written: the bytes must be those of the
/// String-based writer they replace, and the returned hash that of the file on disk.
@Suite struct HistoryFileWritingTests {
    /// The history writer as it was (Strings per cell), as the oracle.
    static func stringHistory(_ record: RunRecord) -> String {
        let series = record.series
        let stepName = record.stepAxis == .epoch ? "epoch" : "step"
        let epochColumn = record.stepAxis == .step && series.contains { $0.epochs != nil }
        var out = ([stepName] + (epochColumn ? ["epoch"] : []) + series.map(\.name))
            .map(CSVText.field).joined(separator: ",") + "\n"
        var cursors = [Int](repeating: 0, count: series.count)
        var cells = [String](repeating: "", count: series.count)
        while true {
            var next: Int?
            for (i, s) in series.enumerated() where cursors[i] < s.steps.count {
                let step = s.steps[cursors[i]]
                next = Swift.min(next ?? step, step)
            }
            guard let step = next else { break }
            var epoch: Double?
            for (i, s) in series.enumerated() {
                if cursors[i] < s.steps.count, s.steps[cursors[i]] == step {
                    cells[i] = NumberFormat.exact(s.values[cursors[i]])
                    if epoch == nil, let e = s.epochs?[cursors[i]] { epoch = e }
                    cursors[i] += 1
                } else {
                    cells[i] = ""
                }
            }
            out += String(step)
            if epochColumn { out += "," + (epoch.map(NumberFormat.compact) ?? "") }
            for cell in cells { out += "," + cell }
            out += "\n"
        }
        return out
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func stepRecordWithGapsEpochsAndSpecialValues() throws {
        let steps = Array(stride(from: 1, through: 120_000, by: 1))  // > 1 MiB of text: several flushes
        let record = RunRecord(
            title: "t", source: RunSource(kind: .swiftAPI, toolVersion: "test"), stepAxis: .step,
            series: [
                ScalarSeries(name: "loss", steps: steps, values: steps.map { 100 / Double($0) },
                             epochs: steps.map { Double($0) / 200 }),
                ScalarSeries(name: "val,loss", steps: [0, 200, 400, 600, 800, 130_000],
                             values: [1, 0.6, 0.4, 0.3, .nan, -.infinity]),
                ScalarSeries(name: "lr", steps: steps.filter { $0 % 7 == 0 }, values: steps.filter { $0 % 7 == 0 }
                    .map { 3e-4 * Double($0) }, epochs: steps.filter { $0 % 7 == 0 }.map { Double($0) / 7 }),
                ScalarSeries(name: "grad_norm", split: .other, steps: [100, 200], values: [-0.0, .infinity]),
            ])
        try check(record)
    }

    @Test func epochRecordAndEmptyRecord() throws {
        let values = (0..<50_000).map { 1 / (Double($0) + 0.5) + Double($0) * 1e-9 }
        try check(RunRecord(title: "t", source: RunSource(kind: .swiftAPI, toolVersion: "test"), stepAxis: .epoch,
                            series: [ScalarSeries(name: "loss", values: values),
                                     ScalarSeries(name: "val_loss", values: values.map { $0 * 1.1 })]))
        try check(RunRecord(title: "t", source: RunSource(kind: .swiftAPI, toolVersion: "test"), stepAxis: .epoch))
    }

    func check(_ record: RunRecord) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("history.csv").path
        let digest = try HistoryFile.write(record, to: path)
        let written = try #require(FileManager.default.contents(atPath: path))
        let expected = Self.stringHistory(record)
        #expect(written == Data(expected.utf8))
        #expect(HistoryFile.text(record) == expected)
        #expect(digest == Hashing.sha256(file: path))
        #expect(digest == Hashing.sha256(Data(expected.utf8)))
    }

    @Test func dataCSVHashIsThatOfTheFile() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x = (0..<60_000).map { Double($0) / 7 }
        let data = RunData(inputs: [Column("x", x)], target: Column("y", x.map { $0 * $0 - 1 / 3 }),
                           predictions: [Prediction(name: "fit", role: .after, values: x.map { $0 * 0.1 }),
                                         Prediction(name: "ls", role: .reference, values: x.map { -$0 })],
                           split: x.indices.map { $0 % 5 == 0 ? .validation : .train })
        let path = directory.appendingPathComponent("data.csv").path
        let digest = try DataFiles.writeDataCSV(data, to: path)
        #expect(digest == Hashing.sha256(file: path))
        let text = try #require(FileManager.default.contents(atPath: path)).split(separator: UInt8(ascii: "\n"))
        #expect(text.count == 60_001)
        #expect(String(decoding: text[0], as: UTF8.self) == "x,y,fit,split")
        #expect(String(decoding: text[2], as: UTF8.self)
            == "\(NumberFormat.exact(x[1])),\(NumberFormat.exact(x[1] * x[1] - 1 / 3)),\(NumberFormat.exact(x[1] * 0.1)),train")
        let reference = directory.appendingPathComponent("reference.csv").path
        let referenceDigest = try DataFiles.writeReferenceCSV(data, to: reference)
        #expect(referenceDigest == Hashing.sha256(file: reference))
        #expect(try DataFiles.writeReferenceCSV(RunData(x: [1], y: [2]), to: directory.appendingPathComponent("no").path)
            == nil)
    }
}
