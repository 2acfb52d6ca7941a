import Foundation
import Plotting
import XCTest

/// `fitreport import` on files the real tools wrote (`Tests/ImportTests/Fixtures`): every format gives a full run
/// folder, `compare` overlays a native and an imported run, `reproduce` re-imports, and bad input is one clear error.
final class ImportCommandTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ImportTests/Fixtures").path

    var cli: CLIHarness!

    override func setUpWithError() throws { cli = try CLIHarness() }
    override func tearDown() { cli.cleanUp() }

    /// Copies a fixture file or folder into the scratch folder and returns its path there.
    func fixture(_ relative: String) throws -> String {
        let destination = cli.directory + "/in/" + relative
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.fixtures + "/" + relative, toPath: destination)
        return destination
    }

    static var mlflowRun: String {
        let experiments = (try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/mlflow/mlruns")) ?? []
        for experiment in experiments.sorted() where !experiment.hasPrefix(".") {
            let runs = (try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/mlflow/mlruns/" + experiment))
                ?? []
            if let run = runs.first(where: { !$0.hasSuffix(".yaml") }) { return "mlflow/mlruns/\(experiment)/\(run)" }
        }
        return "mlflow/mlruns/none"
    }

    func manifest(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/run.json"))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Imports `path` and checks the folder: exit 0, report path last, decodable figures, run.json's source kind,
    /// the named series in history.csv, and the copies under source/ byte for byte.
    @discardableResult
    func importAndCheck(_ path: String, extra: [String] = [], kind: String, series: [String]) throws -> String {
        let r = try cli.run(["import", path] + extra)
        XCTAssertEqual(r.status, 0, "\(path): \(r.stderr)")
        XCTAssert(r.lastLine.hasSuffix("/report.html"), r.stdout)
        let folder = cli.directory + "/" + (r.lastLine as NSString).deletingLastPathComponent
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        XCTAssert(html.contains("figures/loss.svg"), "\(kind): no loss figure")
        let loss = try RasterImage(pngFile: folder + "/figures/loss.png")
        XCTAssertEqual(loss.width, 640)
        let json = try manifest(folder)
        XCTAssertEqual((json["source"] as? [String: Any])?["kind"] as? String, kind)
        XCTAssertEqual(json["status"] as? String, "imported")
        let header = try String(contentsOfFile: folder + "/history.csv", encoding: .utf8)
            .split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        for name in series { XCTAssert(header.contains(name), "\(kind): history.csv lacks \(name): \(header)") }
        let files = try XCTUnwrap((json["source"] as? [String: Any])?["files"] as? [[String: Any]])
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let stored = try XCTUnwrap(file["path"] as? String)
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/source/" + stored))
            XCTAssertEqual(sha256Hex(data), file["sha256"] as? String, stored)
        }
        return folder
    }

    func testEveryFormatGivesAFullReport() throws {
        try importAndCheck(try fixture("keras/training.log"), kind: "keras-csv",
                           series: ["loss", "val_loss", "mae", "val_mae"])
        try importAndCheck(try fixture("lightning/version_0"), kind: "lightning-csv",
                           series: ["train_loss_step", "train_loss_epoch", "val_loss"])
        try importAndCheck(try fixture("tensorboard/torch_simple"), kind: "tensorboard", series: ["loss", "val/loss"])
        try importAndCheck(try fixture("tensorboard/resumed"), kind: "tensorboard", series: [])
        try importAndCheck(try fixture("dvclive"), kind: "dvclive", series: ["train/loss", "val/loss"])
        try importAndCheck(try fixture(Self.mlflowRun), kind: "mlflow", series: ["loss", "val_loss"])
        try importAndCheck(try fixture("plain/history.jsonl"), kind: "jsonl", series: ["loss", "val_loss"])
        // `epoch,loss,val_loss` is also exactly what Keras' CSVLogger writes, so the plain format is named.
        let folder = try importAndCheck(try fixture("plain/history.csv"),
                                        extra: ["--format", "csv", "--predictions", try fixture("plain/predictions.csv")],
                                        kind: "csv", series: ["loss", "val_loss"])
        for name in ["dataset", "after", "residuals"] {
            XCTAssert(FileManager.default.fileExists(atPath: folder + "/figures/\(name).png"), name)
        }
    }

    func testCompareOverlaysANativeAndAnImportedRun() throws {
        let native = try cli.run(["--epochs", "300", "-q"])
        XCTAssertEqual(native.status, 0, native.stderr)
        let imported = try cli.run(["import", try fixture("keras/training.log"), "-q", "--name", "keras"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let r = try cli.run(["compare", (native.lastLine as NSString).deletingLastPathComponent,
                             (imported.lastLine as NSString).deletingLastPathComponent])
        XCTAssertEqual(r.status, 0, r.stderr)
        let page = try String(contentsOfFile: cli.directory + "/" + r.lastLine, encoding: .utf8)
        XCTAssert(page.contains("keras-csv") && page.contains("fitreport"), page)
        XCTAssert(page.contains(">keras<"), "the imported run's label is missing")
        // Both curves are drawn: the native run in the first colour of the cycle, the imported one in the second.
        let image = try RasterImage(pngFile: (cli.directory + "/" + r.lastLine as NSString).deletingLastPathComponent
            + "/figures/loss.png")
        func count(_ r: Double, _ g: Double, _ b: Double) -> Int {
            var n = 0
            for y in 0..<image.height {
                for x in 0..<image.width {
                    let c = image.pixel(x: x, y: y)
                    if abs(c.red - r) < 0.08 && abs(c.green - g) < 0.08 && abs(c.blue - b) < 0.08 { n += 1 }
                }
            }
            return n
        }
        XCTAssertGreaterThan(count(0x1f / 255, 0x77 / 255, 0xb4 / 255), 100, "no native curve")
        XCTAssertGreaterThan(count(1, 0x7f / 255, 0x0e / 255), 100, "no imported curve")
        let index = try cli.run(["index"])
        let html = try String(contentsOfFile: cli.directory + "/" + index.lastLine, encoding: .utf8)
        XCTAssert(html.contains("keras-csv") && html.contains(">fitreport<"), html)
    }

    func testReproduceReimportsTheSourceFiles() throws {
        let r = try cli.run(["import", try fixture("tensorboard/resumed"), "-q"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let folder = (r.lastLine as NSString).deletingLastPathComponent
        let again = try cli.run(["reproduce", folder])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssert(again.stdout.contains("method: imported again from the copies under source/"), again.stdout)
        XCTAssert(again.stdout.contains("history.csv") && !again.stdout.contains("different"), again.stdout)
    }

    func testBadInputIsOneClearErrorAndNoRunFolder() throws {
        // A TensorBoard file with one byte flipped inside its second record.
        let tb = try fixture("tensorboard/torch_simple")
        let event = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: tb).first { $0.hasPrefix("events") })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: tb + "/" + event))
        let firstLength = Int(bytes[0]) | Int(bytes[1]) << 8
        bytes[12 + firstLength + 4 + 12 + 3] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: tb + "/" + event))
        let corrupt = try cli.run(["import", tb])
        XCTAssertEqual(corrupt.status, 2, corrupt.stdout)
        XCTAssert(corrupt.stderr.contains("record 2") && corrupt.stderr.contains("byte"), corrupt.stderr)

        let csv = try cli.write("bad.csv", "epoch,loss\n0,1.5\n1,abc\n")
        let notNumber = try cli.run(["import", csv])
        XCTAssertEqual(notNumber.status, 2)
        XCTAssert(notNumber.stderr.contains("bad.csv") && notNumber.stderr.contains("line 3"), notNumber.stderr)

        let empty = try cli.write("steps.csv", "epoch\n0\n1\n")
        let noSeries = try cli.run(["import", empty, "--format", "csv"])
        XCTAssertEqual(noSeries.status, 2)
        XCTAssert(noSeries.stderr.contains("no scalar series"), noSeries.stderr)

        let unknown = try cli.run(["import", csv, "--format", "parquet"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssert(unknown.stderr.contains("tensorboard"), unknown.stderr)
        XCTAssertEqual(cli.runFolders(), [], "a failed import left a folder")
    }
}
