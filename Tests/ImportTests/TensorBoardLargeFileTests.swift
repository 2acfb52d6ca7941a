import Foundation
import Testing
@testable import Importers

/// Import time of a large synthesized event file: one `loss` scalar per step (≈ 44 bytes a record). Off unless
/// `FITREPORT_TB_LARGE_STEPS` is set; measure in release:
///
///     FITREPORT_TB_LARGE_STEPS=1000000 swift test -c release --filter TensorBoardLargeFileTests
@Suite struct TensorBoardLargeFileTests {
    static var steps: Int { ProcessInfo.processInfo.environment["FITREPORT_TB_LARGE_STEPS"].flatMap(Int.init) ?? 0 }

    @Test(.enabled(if: steps > 0, "set FITREPORT_TB_LARGE_STEPS to run"))
    func importsALargeFileQuickly() throws {
        let steps = Self.steps
        var file = TBEncoder.frame(TBEncoder.encode(.fileVersion()))
        file.reserveCapacity(steps * 48)
        for s in 0..<steps {
            let loss = Float(1.0 / Double(s + 1))
            file += TBEncoder.frame(TBEncoder.encode(.scalar("loss", step: Int64(s), loss,
                                                             wallTime: 1_700_000_000 + Double(s) * 0.01)))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fitreport-large-\(UUID().uuidString)/events.out.tfevents.1700000000.host")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try Data(file).write(to: url)

        let clock = ContinuousClock()
        var run: ImportedRun?
        let importer = try clock.measure { run = try TensorBoardImporter.importRun(url.path) }
        let whole = try clock.measure { _ = try RunImporter.importRun(url.path, format: .tensorboard) }
        let series = try #require(run?.record.series.first)
        #expect(series.count == steps)
        #expect(series.steps.last == steps - 1)
        print("TensorBoard import of \(steps) steps (\(file.count) bytes): importer \(importer), "
              + "with RunImporter (SHA-256, checks) \(whole)")
    }
}
