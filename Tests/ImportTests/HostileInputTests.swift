import Foundation
import Testing
@testable import Importers

/// Inputs written to hurt: they must fail fast with one clear message, never take minutes or gigabytes.
@Suite struct HostileInputTests {
    /// Nine levels of anchors, each a list of ten aliases of the one before: 10⁹ values once expanded.
    static let aliasBomb: String = {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1...8 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test func aliasBombInLightningHparamsIsRefusedQuickly() throws {
        let folder = try TextImportFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TextImportFixtures.write("epoch,step,train_loss\n0,0,1.0\n1,1,0.5\n", "version_0/metrics.csv", in: folder)
        try TextImportFixtures.write(Self.aliasBomb, "version_0/hparams.yaml", in: folder)
        let start = ContinuousClock.now
        TextImportFixtures.expectError("hparams.yaml", "more than 100000 values", "alias") {
            _ = try RunImporter.importRun(folder + "/version_0", format: .lightning)
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func aliasBombInDVCLiveParamsIsRefusedQuickly() throws {
        let folder = try TextImportFixtures.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TextImportFixtures.write("step\tloss\n0\t1.0\n1\t0.5\n", "plots/metrics/loss.tsv", in: folder)
        try TextImportFixtures.write(Self.aliasBomb, "params.yaml", in: folder)
        let start = ContinuousClock.now
        TextImportFixtures.expectError("params.yaml", "alias") {
            _ = try RunImporter.importRun(folder, format: .dvclive)
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    /// A few aliases are ordinary YAML and still expand.
    @Test func modestAliasesStillExpand() throws {
        let settings = try YAMLSettings.parse("base: &b {lr: 0.1, layers: [1, 2]}\nrun: *b\n", path: "params.yaml")
        #expect(settings.map(\.key) == ["base", "run"])
        #expect(settings[1].value == settings[0].value)
    }

    @Test func deepNestingIsOneError() throws {
        let deep = "a: " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        TextImportFixtures.expectError("params.yaml") { _ = try YAMLSettings.parse(deep, path: "params.yaml") }
    }
}
