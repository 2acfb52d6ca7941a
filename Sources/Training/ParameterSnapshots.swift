import Foundation

/// Which epochs' parameters a run keeps for the figures that explain training (trajectories, the loss landscape's
/// path, the animation): every epoch for short runs, otherwise at most `limit` epochs spaced evenly on a log scale,
/// always including the first (0) and the last.
///
/// Epoch `e`'s snapshot holds the parameters epoch `e` starts with — the parameters its recorded loss was measured
/// at — and the snapshot at `epochs` (one past the last epoch) holds the parameters training ended with.
public enum SnapshotSchedule {
    /// At most this many snapshots by default.
    public static let defaultLimit = 2000
    /// Snapshots hold at most about this many numbers in all (a large network keeps fewer snapshots).
    public static let valueBudget = 2_000_000

    /// The snapshot limit for a model with `parameterCount` parameters: `defaultLimit`, fewer when the snapshots
    /// would hold more than `valueBudget` numbers (never fewer than 2: the first and the last).
    public static func limit(parameterCount: Int) -> Int {
        max(2, min(defaultLimit, valueBudget / max(parameterCount, 1)))
    }

    /// Sorted, distinct epochs in 0...`epochs`: all of them when there are at most `limit`, else 0, `epochs` and
    /// about `limit` − 2 epochs between at log-spaced positions (rounded, duplicates removed, so the early epochs are
    /// all kept). Deterministic: the same arguments give the same epochs on every machine.
    public static func epochs(_ epochs: Int, limit: Int = defaultLimit) -> [Int] {
        let total = max(0, epochs)
        let limit = max(2, limit)
        if total + 1 <= limit { return Array(0...total) }
        // Points (total + 1)^(k/(m − 1)) − 1 for k = 0..<m, rounded and made distinct (the low end rounds to the
        // same integers, so m is raised by bisection to the largest that gives at most `limit` distinct epochs).
        var low = limit, high = limit * 16
        var best = spaced(total, count: low)
        while high - low > 1 {
            let mid = (low + high) / 2
            let candidate = spaced(total, count: mid)
            if candidate.count <= limit {
                best = candidate
                low = mid
            } else {
                high = mid
            }
        }
        return best
    }

    static func spaced(_ total: Int, count: Int) -> [Int] {
        let top = log(Double(total) + 1)
        var out: [Int] = [0]
        out.reserveCapacity(count)
        for k in 1..<count {
            let e = k == count - 1 ? total : min(total, Int((exp(top * Double(k) / Double(count - 1)) - 1).rounded()))
            if e > out[out.count - 1] { out.append(e) }
        }
        if out[out.count - 1] != total { out.append(total) }
        return out
    }
}

/// Parameters at chosen epochs of a run (see `SnapshotSchedule`), in `TrainingRun.parameterNames` order.
public struct ParameterSnapshots: Sendable, Equatable {
    /// Ascending epochs.
    public var epochs: [Int]
    /// `values[i]` is the parameter vector at `epochs[i]`.
    public var values: [[Double]]

    public init(epochs: [Int] = [], values: [[Double]] = []) {
        self.epochs = epochs
        self.values = values
    }

    public var count: Int { epochs.count }
}
