import Foundation
import Importers
import Report
import RunRecord

/// `fitreport import` at scale: a 1,000,000-step history as CSV and as a TensorBoard event file, read into a run
/// record (and, for the report workload, rendered into a run folder).
enum ImportWorkloads {
    /// A scratch folder holding both synthesized files; removed by `cleanUp`.
    struct Files {
        var directory: String
        var csv: String
        var events: String
        func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// A loss curve of `steps` steps (`loss` every step, `val_loss` every 10th) written as CSV and as one event
    /// file with `simple_value` scalars, as PyTorch's SummaryWriter writes them.
    static func makeFiles(steps: Int) throws -> Files {
        let directory = NSTemporaryDirectory() + "fitreport-bench-import-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/tb", withIntermediateDirectories: true)
        var csv = "step,loss,val_loss\n"
        csv.reserveCapacity(steps * 40)
        var events: [UInt8] = []
        events.reserveCapacity(steps * 50)
        events += TFRecordFraming.frame(event(step: 0, fileVersion: "brain.Event:2"))
        for step in 0..<steps {
            // A decaying loss with mini-batch noise of ±20 %, as a real training loss looks.
            let loss = (1 + 0.2 * sin(Double(step) * 0.7)) / (1 + 0.001 * Double(step))
            let lossText = "\(Float(loss))"
            if step % 10 == 0 {
                let val = loss * 1.1
                csv += "\(step),\(lossText),\(Float(val))\n"
                events += TFRecordFraming.frame(event(step: step, tag: "val_loss", value: Float(val)))
            } else {
                csv += "\(step),\(lossText),\n"
            }
            events += TFRecordFraming.frame(event(step: step, tag: "loss", value: Float(loss)))
        }
        let files = Files(directory: directory, csv: directory + "/history.csv",
                          events: directory + "/tb/events.out.tfevents.1700000000.bench")
        try Data(csv.utf8).write(to: URL(fileURLWithPath: files.csv))
        try Data(events).write(to: URL(fileURLWithPath: files.events))
        return files
    }

    /// An `Event` message: wall_time (1), step (2, left out when 0 as proto3 does), file_version (3) or a summary
    /// (5) with one value: tag (1) and simple_value (2).
    static func event(step: Int, fileVersion: String? = nil, tag: String = "", value: Float = 0) -> [UInt8] {
        var out: [UInt8] = [0x09]
        withUnsafeBytes(of: (1_700_000_000.0 + Double(step) * 1e-3).bitPattern.littleEndian) { out += $0 }
        if step != 0 { out.append(0x10); varint(UInt64(step), &out) }
        if let fileVersion {
            out.append(0x1a); varint(UInt64(fileVersion.utf8.count), &out); out += Array(fileVersion.utf8)
            return out
        }
        var summaryValue: [UInt8] = [0x0a]
        varint(UInt64(tag.utf8.count), &summaryValue)
        summaryValue += Array(tag.utf8)
        summaryValue.append(0x15)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { summaryValue += $0 }
        var summary: [UInt8] = [0x0a]
        varint(UInt64(summaryValue.count), &summary)
        summary += summaryValue
        out.append(0x2a)
        varint(UInt64(summary.count), &out)
        out += summary
        return out
    }

    private static func varint(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    /// Milliseconds to import `path` as `format` (the whole of `RunImporter.importRun`, hashing included).
    static func importTime(name: String, summary: String, path: String, format: ImportFormat, repetitions: Int)
        throws -> BenchResult
    {
        var samples: [Double] = []
        var points = 0
        for _ in 0..<repetitions {
            var imported: ImportedRun?
            samples.append(try seconds { imported = try RunImporter.importRun(path, format: format) } * 1e3)
            points = imported?.record.series.reduce(0) { $0 + $1.count } ?? 0
        }
        guard points > 0 else { throw ImportError(path: path, reason: "imported no points") }
        return BenchResult(name: name, summary: summary + " (\(points) points)", unit: "ms", samples: samples,
                           threads: 1, engine: format.rawValue)
    }

    /// Milliseconds to import the event file and write its whole run folder (figures as PNG and SVG, pages,
    /// history.csv, run.json, the source copy).
    static func importAndReport(path: String, repetitions: Int) throws -> BenchResult {
        var samples: [Double] = []
        var bytes = 0
        for _ in 0..<repetitions {
            let out = NSTemporaryDirectory() + "fitreport-bench-report-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: out) }
            var written: WrittenRun?
            samples.append(try seconds {
                let imported = try RunImporter.importRun(path, format: .tensorboard)
                written = try ReportWriter(outputRoot: out).write(imported.record, sourceFiles: imported.files)
            } * 1e3)
            if let written {
                bytes = (try? FileManager.default.attributesOfItem(atPath: written.directory + "/figures/loss.svg")[.size]
                    as? Int) ?? 0
            }
        }
        return BenchResult(name: "import-tb-1m-report", summary: "import 1M-step event file + write the run folder "
                           + "(loss.svg bytes)", unit: "ms", samples: samples, bytes: bytes, engine: "tensorboard")
    }
}
