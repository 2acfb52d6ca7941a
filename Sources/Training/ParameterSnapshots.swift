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

    /// Sorted, distinct epochs in 0...`epochs`: all of them when there are at most `limit`, else exactly `limit`
    /// epochs: every epoch 0..<k, then `limit` − k epochs from k to `epochs` spaced evenly on a log scale of
    /// epoch + 1 (a geometric sequence, rounded), with k the smallest prefix for which the geometric part's steps are
    /// all at least one epoch. Deterministic and cheap: a dozen `pow` calls and one multiplication per snapshot, in
    /// IEEE arithmetic, so the same arguments give the same epochs on every machine.
    public static func epochs(_ epochs: Int, limit: Int = defaultLimit) -> [Int] {
        let total = max(0, epochs)
        let limit = max(2, limit)
        if total + 1 <= limit { return Array(0...total) }
        // The ratio of the geometric part when it starts at epoch k with `limit` − k points.
        func ratio(_ k: Int) -> Double {
            pow(Double(total + 1) / Double(k + 1), 1 / Double(limit - k - 1))
        }
        // Smallest k with a first geometric step of at least one epoch (the steps only grow after it).
        var low = 0, high = limit - 2
        while low < high {
            let mid = (low + high) / 2
            if Double(mid + 1) * (ratio(mid) - 1) >= 1 { high = mid } else { low = mid + 1 }
        }
        let k = low
        let r = ratio(k)
        var out = Array(0..<k)
        out.reserveCapacity(limit)
        var x = Double(k + 1)
        for i in 0..<(limit - k) {
            let remaining = limit - k - 1 - i
            var e = i == limit - k - 1 ? total : Int(x.rounded()) - 1
            // Distinct and increasing, with room for the points still to come.
            e = min(max(e, (out.last ?? -1) + 1), total - remaining)
            out.append(e)
            x *= r
        }
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
