/// Which part of the data a series was measured on.
public enum Split: String, Sendable, Codable, CaseIterable {
    case train
    case validation
    case other
}

/// A named scalar logged over the run's step axis: `loss`, `val_loss`, `lr`, `accuracy`, …
///
/// Steps are the writer's global steps (for epoch-level loggers such as Keras' `CSVLogger`, the epoch); `epochs`,
/// when the writer logged them, holds the (possibly fractional) epoch of each point.
public struct ScalarSeries: Sendable, Equatable, Codable {
    /// The name as logged (`val_loss`, `train/loss`, `loss`).
    public var name: String
    /// A label for figures and tables (`MSE`); `nil` shows `name`.
    public var displayName: String?
    public var split: Split
    /// `true` for losses and errors, `false` for accuracies and scores, `nil` when it is neither (`lr`).
    public var lowerIsBetter: Bool?
    /// Step of each point, in increasing order.
    public var steps: [Int]
    public var values: [Double]
    /// Epoch of each point, when the writer recorded it (same count as `steps`).
    public var epochs: [Double]?

    public init(name: String, displayName: String? = nil, split: Split? = nil, lowerIsBetter: Bool?? = nil,
                steps: [Int], values: [Double], epochs: [Double]? = nil) {
        self.name = name
        self.displayName = displayName
        self.split = split ?? SeriesNaming.split(of: name)
        self.lowerIsBetter = lowerIsBetter ?? SeriesNaming.lowerIsBetter(name)
        self.steps = steps
        self.values = values
        self.epochs = epochs
    }

    /// A series over steps 0, 1, 2, … (one value per epoch, as the built-in trainer records it).
    public init(name: String, displayName: String? = nil, split: Split? = nil, lowerIsBetter: Bool?? = nil,
                values: [Double]) {
        self.init(name: name, displayName: displayName, split: split, lowerIsBetter: lowerIsBetter,
                  steps: Array(values.indices), values: values)
    }

    /// `displayName`, else `name`.
    public var label: String { displayName ?? name }

    /// Number of points.
    public var count: Int { values.count }

    /// Whether the series is a loss or an error (drawn on the shared loss axes).
    public var isLossLike: Bool { SeriesNaming.isLossLike(name) }

    /// The best finite value and its step, by `lowerIsBetter`; `nil` when that is unknown or nothing is finite.
    public var best: (step: Int, value: Double, index: Int)? {
        guard let lower = lowerIsBetter else { return nil }
        var bestIndex: Int?
        for (i, v) in values.enumerated() where v.isFinite {
            if let b = bestIndex {
                if lower ? v < values[b] : v > values[b] { bestIndex = i }
            } else {
                bestIndex = i
            }
        }
        return bestIndex.map { (steps[$0], values[$0], $0) }
    }

    /// The last value (finite or not) and its step.
    public var last: (step: Int, value: Double)? {
        guard let v = values.last, let s = steps.last else { return nil }
        return (s, v)
    }

    /// Problems that make the series unusable (mismatched lengths, steps out of order), for producers to report.
    public var problems: [String] {
        var out: [String] = []
        if steps.count != values.count {
            out.append("series '\(name)' has \(steps.count) steps but \(values.count) values")
        }
        if let epochs, epochs.count != values.count {
            out.append("series '\(name)' has \(epochs.count) epochs but \(values.count) values")
        }
        if zip(steps, steps.dropFirst()).contains(where: { $0 >= $1 }) {
            out.append("series '\(name)' has steps that do not increase")
        }
        return out
    }
}

/// What a series name says about it, following the conventions of Keras (`val_`), Lightning (`val_loss`,
/// `train_loss_epoch`), TensorBoard and dvclive (`train/loss`, `eval/accuracy`).
public enum SeriesNaming {
    /// The name split into lowercase words at `/`, `_`, `-`, `.` and spaces.
    public static func words(_ name: String) -> [String] {
        name.lowercased().split(whereSeparator: { "/_-. :".contains($0) }).map(String.init)
    }

    private static let validationWords: Set<String> = ["val", "valid", "validation", "eval", "evaluation", "dev",
                                                       "test"]
    private static let trainWords: Set<String> = ["train", "training"]

    /// `validation` for `val_loss`, `val/loss`, `eval/accuracy`, `test_loss`; `train` for `train_loss`,
    /// `train/loss` and plain `loss`; `other` for anything else (`lr`, `epoch_time`).
    public static func split(of name: String) -> Split {
        let w = words(name)
        if w.contains(where: validationWords.contains) { return .validation }
        if w.contains(where: trainWords.contains) { return .train }
        if isLossLike(name) || isScoreLike(name) { return .train }
        return .other
    }

    private static let lossWords: Set<String> = ["loss", "mse", "mae", "rmse", "error", "err", "nll", "perplexity",
                                                 "ppl", "cost", "huber", "crossentropy", "cross", "bce", "l1", "l2"]
    private static let scoreWords: Set<String> = ["acc", "accuracy", "auc", "f1", "precision", "recall", "r2",
                                                  "score", "iou", "dice", "bleu", "top1", "top5", "map"]

    /// Losses and errors: a word of the name is `loss`, `mse`, `mae`, `error`, `nll`, … .
    public static func isLossLike(_ name: String) -> Bool {
        words(name).contains(where: lossWords.contains)
    }

    /// Accuracies and scores.
    public static func isScoreLike(_ name: String) -> Bool {
        words(name).contains(where: scoreWords.contains)
    }

    /// `true` for losses, `false` for scores, `nil` for the rest.
    public static func lowerIsBetter(_ name: String) -> Bool? {
        if isLossLike(name) { return true }
        if isScoreLike(name) { return false }
        return nil
    }

    /// The name without split words and Lightning's `_step`/`_epoch` suffix: `val_loss` → `loss`,
    /// `train/acc_epoch` → `acc`. Series with the same base share a figure.
    public static func base(of name: String) -> String {
        let w = words(name).filter { !validationWords.contains($0) && !trainWords.contains($0) }
        var kept = w
        if kept.count > 1, let last = kept.last, last == "step" || last == "epoch" { kept.removeLast() }
        return kept.isEmpty ? name.lowercased() : kept.joined(separator: "_")
    }

    /// Which of `series` (name, split) a run is judged by: the first training loss-like series, else the first
    /// loss-like one.
    public static func primaryLossIndex(_ series: [(name: String, split: Split)]) -> Int? {
        series.firstIndex { isLossLike($0.name) && $0.split == .train } ?? series.firstIndex { isLossLike($0.name) }
    }

    /// Whether the name is a learning rate (`lr`, `lr-Adam`, `learning_rate`, `lr/group0`).
    public static func isLearningRate(_ name: String) -> Bool {
        let w = words(name)
        return w.first == "lr" || name.lowercased().contains("learning_rate") || w.contains("lr")
    }
}
