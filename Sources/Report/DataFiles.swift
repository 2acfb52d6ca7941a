import Training

/// The run's CSV files, as text.
enum DataFiles {
    /// `x,y,y_before,y_after`, one row per data point.
    static func dataCSV(_ run: TrainingRun) -> String {
        var out = "x,y,y_before,y_after\n"
        for i in run.dataset.x.indices {
            out += [run.dataset.x[i], run.dataset.y[i], run.predictionsBefore[i], run.predictionsAfter[i]]
                .map(NumberFormat.exact).joined(separator: ",") + "\n"
        }
        return out
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
