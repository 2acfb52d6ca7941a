import Foundation
import Training

/// The run's CSV files, as text.
enum DataFiles {
    /// `x,y,y_before,y_after`, one row per data point, streamed to `path` in 1 MiB pieces (data sets may have
    /// millions of rows).
    static func writeDataCSV(_ run: TrainingRun, to path: String) throws(ReportError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else { throw .notWritable(path: path, reason: "cannot create the file") }
        defer { try? handle.close() }
        var buffer = "x,y,y_before,y_after\n"
        func flush() throws(ReportError) {
            do {
                try handle.write(contentsOf: Data(buffer.utf8))
            } catch {
                throw .notWritable(path: path, reason: error.localizedDescription)
            }
            buffer.removeAll(keepingCapacity: true)
        }
        for i in run.dataset.x.indices {
            buffer += NumberFormat.exact(run.dataset.x[i]) + "," + NumberFormat.exact(run.dataset.y[i]) + ","
                + NumberFormat.exact(run.predictionsBefore[i]) + "," + NumberFormat.exact(run.predictionsAfter[i]) + "\n"
            if buffer.utf8.count > 1 << 20 { try flush() }
        }
        try flush()
    }

    /// `epoch,loss`, one row per epoch, epoch 0 first.
    static func historyCSV(_ run: TrainingRun) -> String {
        var out = "epoch,loss\n"
        out.reserveCapacity(run.history.count * 24)
        for (epoch, loss) in run.history.enumerated() {
            out += "\(epoch),\(NumberFormat.exact(loss))\n"
        }
        return out
    }
}
