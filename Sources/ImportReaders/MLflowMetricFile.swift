/// One metric file of an MLflow run (`metrics/<name>`): lines `timestamp value step` separated by spaces (older
/// MLflow writes `timestamp value`, at step 0). Its lines and points are read here, in the optimised target;
/// `MLflowImporter` (in `Importers`) walks the run folder and writes the notes.
package enum MLflowMetricFile {
    /// The values in one metric file, in file order.
    package static func read(_ path: String) throws(ImportError) -> [TrackerFiles.LoggedPoint] {
        let text = try TrackerFiles.readText(path, what: "an MLflow metric file ('timestamp value step' lines)")
        var points: [TrackerFiles.LoggedPoint] = []
        for line in TrackerFiles.lines(text) {
            let fields = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            func fail(_ problem: String) -> ImportError {
                ImportError(path: path, location: "line \(line.number)",
                            reason: "expected 'timestamp value step' separated by spaces, found "
                                + "\(TrackerFiles.quoted(line.text))\(problem). Fix or remove the line.")
            }
            guard fields.count >= 2 else { throw fail("") }
            guard let timestamp = TrackerFiles.integer(fields[0]) else {
                throw fail(" (the timestamp must be whole milliseconds since 1970)")
            }
            guard let value = TrackerFiles.number(fields[1]) else {
                throw fail(" (the value must be a number, nan or inf)")
            }
            var step = 0
            if fields.count >= 3 {
                guard let s = TrackerFiles.integer(fields[2]) else { throw fail(" (the step must be a whole number)") }
                step = s
            }
            points.append(.init(step: step, value: value, timestamp: timestamp, order: points.count))
        }
        return points
    }

    /// A metric's points as one value per step.
    package struct History {
        package var steps: [Int]
        package var values: [Double]
        /// The step every value was logged at, when there are several values and all at one step (`log_metric`
        /// without `step=`): the values are then numbered 0, 1, 2, … in logging order (by timestamp, then file
        /// order) rather than collapsed to one, so the history is not lost.
        package var allAtStep: Int?
        /// Steps that had more than one value (the last logged is kept); 0 when `allAtStep` is set.
        package var repeatedSteps: Int
    }

    /// The points in increasing step order with one value per step (see `TrackerFiles.collapse`), or numbered in
    /// logging order when every one was logged at the same step.
    package static func history(_ points: [TrackerFiles.LoggedPoint]) -> History {
        if points.count > 1, let step = points.first?.step, points.allSatisfy({ $0.step == step }) {
            let ordered = points.sorted { ($0.timestamp ?? 0, $0.order) < ($1.timestamp ?? 0, $1.order) }
            return History(steps: Array(ordered.indices), values: ordered.map(\.value), allAtStep: step,
                           repeatedSteps: 0)
        }
        let collapsed = TrackerFiles.collapse(points)
        return History(steps: collapsed.steps, values: collapsed.values, allAtStep: nil,
                       repeatedSteps: collapsed.repeatedSteps)
    }
}
