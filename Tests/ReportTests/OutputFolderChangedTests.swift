import Foundation
import Configuration
import RunRecord
import TrainerRecord
import Training
import XCTest
@testable import Report

/// The output folder removed or replaced while a run is being made: the writer refuses
/// (`ReportError.outputFolderChanged`) instead of building a fresh tree, and leaves nothing behind.
final class OutputFolderChangedTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "fitreport-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    private func record() throws -> RunRecord {
        var config = RunConfig()
        config.epochs = 50
        let resolved = try config.resolve()
        return try Trainer.run(resolved.training).record(resolved: resolved)
    }

    private func writer(_ out: String, runsFolder: FolderIdentity?) -> ReportWriter {
        ReportWriter(outputRoot: out, settings: ReportSettings(templatesDirectory: ReportWriterTests.templates,
                                                               formats: [.svg]),
                     runsFolder: runsFolder)
    }

    func testFolderRemovedBeforeWritingIsRefusedAndNotMadeAgain() throws {
        let out = root + "/out"
        let identity = try ReportWriter.prepareRunsFolder(outputRoot: out)
        try FileManager.default.removeItem(atPath: out)
        XCTAssertThrowsError(try writer(out, runsFolder: identity).write(record())) { error in
            XCTAssertEqual(error as? ReportError, .outputFolderChanged(path: out + "/runs"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testFolderReplacedBeforeWritingIsRefusedAndTheNewOneLeftAlone() throws {
        let out = root + "/out"
        let identity = try ReportWriter.prepareRunsFolder(outputRoot: out)
        try FileManager.default.moveItem(atPath: out, toPath: root + "/moved")
        try FileManager.default.createDirectory(atPath: out + "/runs", withIntermediateDirectories: true)
        XCTAssertThrowsError(try writer(out, runsFolder: identity).write(record())) { error in
            XCTAssertEqual(error as? ReportError, .outputFolderChanged(path: out + "/runs"))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out + "/runs"), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: root + "/moved/runs"), [])
    }

    /// Removed while the staging folder is being filled (the writer's between-files hook removes it): the staging
    /// folder is not made again piece by piece, and nothing is renamed into place.
    func testFolderRemovedWhileWritingIsRefusedAndNotMadeAgain() throws {
        for expected in [true, false] {
            let out = root + "/out"
            let identity = try ReportWriter.prepareRunsFolder(outputRoot: out)
            var removed = false
            let hook = {
                if !removed {
                    removed = true
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: out + "/runs")) ?? []
                    XCTAssertEqual(names.count, 1, "the staging folder: \(names)")
                    try? FileManager.default.removeItem(atPath: out)
                }
                return false
            }
            XCTAssertThrowsError(try writer(out, runsFolder: expected ? identity : nil).write(record(),
                                                                                             shouldStop: hook)) {
                error in
                XCTAssertEqual(error as? ReportError, .outputFolderChanged(path: out + "/runs"), "\(error)")
            }
            XCTAssert(removed)
            // Nothing under the old name: not the output folder, not runs/, not a staging folder.
            XCTAssertFalse(FileManager.default.fileExists(atPath: out), "expected identity: \(expected)")
        }
    }

    func testStagedFolderWhoseParentIsRemovedIsNotRenamed() throws {
        let parent = root + "/sweeps"
        XCTAssertThrowsError(try StagedFolder.create(in: parent, baseID: "x") { staging, _ in
            try FileManager.default.removeItem(atPath: parent)
            // Someone makes the same names again: still not ours, so neither renamed nor removed.
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        }) { error in
            XCTAssertEqual(error as? ReportError, .outputFolderChanged(path: parent))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent), [".x.partial"])
    }

    func testTheMessageSaysWhatHappenedAndWhatToDo() {
        let text = ReportError.outputFolderChanged(path: "out/runs").description
        for words in ["cannot write out/runs", "removed or replaced", "nothing was written", "--out"] {
            XCTAssert(text.contains(words), text)
        }
    }
}
