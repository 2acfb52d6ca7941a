import RunRecord

/// One series being read from a history, point by point in file order, turned into a `ScalarSeries` at the end.
///
/// Steps may come in any order and repeat (a resumed run appends to the file of the first); `finish()` sorts
/// them and keeps the last value logged at each step. Epochs are optional per point: `finish()` keeps them when
/// every point has one.
struct SeriesAccumulator {
    let name: String
    private(set) var steps: [Int] = []
    private(set) var values: [Double] = []
    /// The epoch of each point, NaN where none was logged; empty while no point has had one.
    private var epochs: [Double] = []
    private var pointsWithEpoch = 0
    /// The steps so far are strictly increasing.
    private var increasing = true
    /// The first point whose step is not above the previous one: its step, the previous step and its line.
    private(set) var firstRepeat: (step: Int, previous: Int, line: Int)?

    init(name: String) {
        self.name = name
    }

    var isEmpty: Bool { values.isEmpty }

    /// Adds one point; `epoch` nil when none was logged with it; `line` is only kept for the first repeat.
    @inline(__always)
    mutating func append(step: Int, value: Double, epoch: Double?, line: Int) {
        if increasing, let last = steps.last, step <= last {
            increasing = false
            firstRepeat = (step, last, line)
        }
        if let epoch {
            if epochs.count < steps.count {
                epochs.reserveCapacity(steps.capacity)
                epochs.append(contentsOf: repeatElement(Double.nan, count: steps.count - epochs.count))
            }
            epochs.append(epoch)
            pointsWithEpoch += 1
        } else if !epochs.isEmpty {
            epochs.append(.nan)
        }
        steps.append(step)
        values.append(value)
    }

    /// What `finish()` did beyond copying: how many points were dropped as repeats, and whether some but not all
    /// points had an epoch (so epochs were left out).
    struct Outcome {
        var series: ScalarSeries
        var repeatedPoints: Int
        var partialEpochs: Bool
    }

    /// The series, its steps increasing: points sorted by step (stable), the last value at each step kept.
    func finish() -> Outcome {
        var steps = self.steps
        var values = self.values
        var epochs = self.epochs
        var dropped = 0
        if !increasing {
            let order = steps.indices.sorted { steps[$0] < steps[$1] || (steps[$0] == steps[$1] && $0 < $1) }
            var keptSteps: [Int] = []
            var keptValues: [Double] = []
            var keptEpochs: [Double] = []
            keptSteps.reserveCapacity(order.count)
            keptValues.reserveCapacity(order.count)
            for i in order {
                let epoch = epochs.isEmpty ? Double.nan : epochs[i]
                if let last = keptSteps.last, last == steps[i] {
                    keptValues[keptValues.count - 1] = values[i]
                    if !epochs.isEmpty { keptEpochs[keptEpochs.count - 1] = epoch }
                    dropped += 1
                } else {
                    keptSteps.append(steps[i])
                    keptValues.append(values[i])
                    if !epochs.isEmpty { keptEpochs.append(epoch) }
                }
            }
            steps = keptSteps
            values = keptValues
            epochs = keptEpochs
        }
        var partial = false
        var kept: [Double]? = nil
        if pointsWithEpoch > 0 {
            if epochs.allSatisfy({ !$0.isNaN }) {
                kept = epochs
            } else {
                partial = true
            }
        }
        return Outcome(series: ScalarSeries(name: name, steps: steps, values: values, epochs: kept),
                       repeatedPoints: dropped, partialEpochs: partial)
    }
}

/// Notes about a whole history, written once for all its series rather than once per series.
package enum HistoryNotes {
    /// The finished series and notes on repeated steps and partly missing epochs.
    static func finish(_ accumulators: [SeriesAccumulator], stepName: String) -> (series: [ScalarSeries], notes: [String]) {
        var series: [ScalarSeries] = []
        var repeated: [(name: String, count: Int, at: (step: Int, previous: Int, line: Int))] = []
        var partial: [String] = []
        for accumulator in accumulators where !accumulator.isEmpty {
            let outcome = accumulator.finish()
            series.append(outcome.series)
            if outcome.repeatedPoints > 0, let at = accumulator.firstRepeat {
                repeated.append((accumulator.name, outcome.repeatedPoints, at))
            }
            if outcome.partialEpochs { partial.append(accumulator.name) }
        }
        var notes: [String] = []
        if let first = repeated.min(by: { $0.at.line < $1.at.line }) {
            let total = repeated.reduce(0) { $0 + $1.count }
            let names = repeated.map { "'\($0.name)'" }
            let at = first.at
            let how = at.step == at.previous
                ? "\(stepName) \(at.step) is logged again on line \(at.line)"
                : "\(stepName)s go back from \(at.previous) to \(at.step) on line \(at.line) (a resumed run?)"
            notes.append("Some \(stepName)s were logged more than once: \(how). For \(total) repeated "
                         + "point\(total == 1 ? "" : "s") in \(list(names)) the value logged last was kept.")
        }
        if !partial.isEmpty {
            notes.append("Only some points of \(list(partial.map { "'\($0)'" })) have an epoch, so "
                         + "\(partial.count == 1 ? "its" : "their") epochs were left out.")
        }
        return (series, notes)
    }

    /// `a`, `a and b`, `a, b and 3 more`.
    package static func list(_ items: [String], limit: Int = 6) -> String {
        if items.count <= 1 { return items.first ?? "" }
        if items.count > limit {
            return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
        }
        return items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
    }
}
