import Foundation
import Testing
@testable import ImportReaders
@testable import Importers

/// Inputs the libFuzzer targets (Fuzz/, `scripts/fuzz.sh`) found, kept as regression tests.
@Suite struct FuzzRegressionTests {
    /// Empty files are read without Foundation's file reader, which leaked its 4 KiB buffer for an empty file
    /// (LeakSanitizer report in the `jsonl`, `tensorboard` and `mlflow` targets). Under
    /// `swift test --sanitize=address` a leak fails the run; here the behaviour is checked too: each empty file is
    /// one clear error, or an empty value.
    @Test func emptyFilesAreClearErrorsAndReadWithoutFoundation() throws {
        let folder = try TextImportFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let jsonl = try TextImportFixtures.write("", "history.jsonl", in: folder)
        TextImportFixtures.expectError("history.jsonl") { _ = try RunImporter.importRun(jsonl, format: .jsonl) }
        let events = try TextImportFixtures.write("", "tb/events.out.tfevents.1.host", in: folder)
        TextImportFixtures.expectError("events.out.tfevents") {
            _ = try RunImporter.importRun((events as NSString).deletingLastPathComponent, format: .tensorboard)
        }
        #expect(FileContents.read(jsonl) == Data())
        #expect(FileContents.read(folder) == nil, "a folder is not a file")
        #expect(FileContents.read(folder + "/missing") == nil)
        let text = try TextImportFixtures.write("a\nb", "small.txt", in: folder)
        #expect(FileContents.read(text) == Data("a\nb".utf8))
    }

    /// Every committed input the importer targets found still imports or fails with a message (no trap).
    @Test func committedFuzzInputsImportOrFailCleanly() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/regressions")
            .standardizedFileURL.path
        for (target, format, file) in [("jsonl", ImportFormat.jsonl, "history.jsonl"),
                                       ("tensorboard", .tensorboard, "events.out.tfevents.1.host"),
                                       ("mlflow", .mlflow, "loss")] {
            let folder = "\(root)/\(target)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
                let scratch = try TextImportFixtures.folder()
                defer { try? FileManager.default.removeItem(atPath: scratch) }
                let path: String
                switch format {
                case .mlflow:
                    try FileManager.default.createDirectory(atPath: scratch + "/run/metrics",
                                                            withIntermediateDirectories: true)
                    try bytes.write(to: URL(fileURLWithPath: scratch + "/run/metrics/" + file))
                    try Data().write(to: URL(fileURLWithPath: scratch + "/run/meta.yaml"))
                    path = scratch + "/run"
                case .tensorboard:
                    try bytes.write(to: URL(fileURLWithPath: scratch + "/" + file))
                    path = scratch
                default:
                    try bytes.write(to: URL(fileURLWithPath: scratch + "/" + file))
                    path = scratch + "/" + file
                }
                do {
                    _ = try RunImporter.importRun(path, format: format)
                } catch {
                    #expect(!error.description.isEmpty, "\(target)/\(name)")
                }
            }
        }
    }
}
