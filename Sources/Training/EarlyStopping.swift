/// Stops training when a monitored value (a loss: lower is better) has not improved for a number of epochs, as Keras'
/// `EarlyStopping(monitor, min_delta: minDelta, patience: patience, mode: "min")`.
///
/// An epoch improves on the best so far when its value is below `bestValue − minDelta`; the first finite value
/// always improves (the best starts at +∞). NaN and ±∞ never improve. Training should stop after the epoch that
/// makes `patience` consecutive epochs without improvement — with no improvement after epoch b, that is epoch
/// b + patience. Observe every epoch once, in order:
///
/// ```swift
/// var stopping = EarlyStopping(patience: 50, minDelta: 1e-6)
/// for epoch in 0..<epochs {
///     let loss = …
///     if stopping.observe(epoch: epoch, value: loss) { break }
///     if stopping.improved { snapshot = parameters }   // restore-best
/// }
/// ```
public struct EarlyStopping: Sendable, Equatable {
    /// Consecutive epochs without improvement that stop training (0 stops after the first epoch that does not
    /// improve; negative counts as 0).
    public let patience: Int
    /// How much lower than the best a value must be to count as an improvement (negative counts as 0, as in
    /// Keras, which uses its absolute value).
    public let minDelta: Double
    /// The epoch of the best value so far; nil before the first finite value.
    public private(set) var bestEpoch: Int?
    /// The best (lowest) value so far, +∞ before the first finite value.
    public private(set) var bestValue: Double = .infinity
    /// Whether the last epoch observed was a new best — the moment to keep a copy of the parameters for
    /// restore-best.
    public private(set) var improved = false
    /// Epochs observed since the last improvement (Keras' `wait`).
    public private(set) var epochsWithoutImprovement = 0
    /// Whether an epoch has been observed (Keras never stops at its first epoch).
    private var observedAnyEpoch = false

    /// Stops after `patience` epochs without an improvement larger than `minDelta`.
    public init(patience: Int, minDelta: Double = 0) {
        self.patience = max(0, patience)
        self.minDelta = minDelta.isNaN ? 0 : Swift.abs(minDelta)
    }

    /// Records the monitored value of `epoch`; returns true when training should stop after this epoch (no
    /// improvement larger than `minDelta` for `patience` consecutive epochs). Non-finite values never count as an
    /// improvement. Never true for the first epoch observed (Keras stops only when `epoch > 0`), so a patience
    /// of 0 or 1 with a non-finite first value stops at the next epoch that does not improve. After it returns true
    /// it keeps returning true for later epochs without an improvement.
    public mutating func observe(epoch: Int, value: Double) -> Bool {
        defer { observedAnyEpoch = true }
        if value.isFinite, value < bestValue - minDelta {
            bestValue = value
            bestEpoch = epoch
            improved = true
            epochsWithoutImprovement = 0
            return false
        }
        improved = false
        epochsWithoutImprovement += 1
        return observedAnyEpoch && epochsWithoutImprovement >= max(1, patience)
    }
}

/// Stops when the loss has stopped changing: at epoch e ≥ `window`,
/// |L[e] − L[e − window]| ≤ `tolerance`·max(|L[e − window]|, tiny), with tiny the smallest normal Double.
///
/// Keeps the last `window` values in a ring buffer. Observe every epoch once, in order (epoch numbers are used only
/// to check the order: a gap or repeat restarts the window). A non-finite value never satisfies the criterion.
public struct ToleranceStop: Sendable, Equatable {
    /// The largest relative change over `window` epochs that counts as converged.
    public let tolerance: Double
    /// How many epochs back the loss is compared with (at least 1).
    public let window: Int
    /// The last `window` values, oldest at `next` once full.
    private var recent: [Double] = []
    /// Where the next value goes in `recent`.
    private var next = 0
    /// The epoch expected next (nil before the first).
    private var expectedEpoch: Int?

    /// Stops once the loss changes by at most `tolerance` (relative) over `window` epochs.
    public init(tolerance: Double, window: Int = 100) {
        self.tolerance = tolerance
        self.window = max(1, window)
    }

    /// Records the loss of `epoch`; returns true when it differs from the loss `window` epochs earlier by at most
    /// `tolerance` times that earlier loss's magnitude (false until `window` earlier epochs have been seen).
    public mutating func observe(epoch: Int, value: Double) -> Bool {
        if let expected = expectedEpoch, epoch != expected {
            recent.removeAll(keepingCapacity: true)
            next = 0
        }
        expectedEpoch = epoch + 1
        guard recent.count == window else {
            recent.append(value)
            return false
        }
        let earlier = recent[next]
        recent[next] = value
        next = (next + 1) % window
        guard value.isFinite, earlier.isFinite else { return false }
        return Swift.abs(value - earlier) <= tolerance * Swift.max(Swift.abs(earlier), Double.leastNormalMagnitude)
    }
}
