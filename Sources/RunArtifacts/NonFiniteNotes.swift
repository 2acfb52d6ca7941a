import RunRecord

/// The report's notes on series holding NaN or ±∞ (a diverged step, or what a logger wrote), so a curve's gap is never
/// a silent one. Looks at every point of every series, so it lives here, in an optimised target, not in `Report`.
package enum NonFiniteNotes {
    /// One note per series holding NaN or ±∞: how many, the first few with their step, and that the figures leave
    /// gaps there.
    package static func notes(_ record: RunRecord) -> [String] {
        let axis = record.stepAxis == .epoch ? "epoch" : "step"
        return record.series.compactMap { s in
            let bad = s.values.indices.filter { !s.values[$0].isFinite }
            guard !bad.isEmpty else { return nil }
            let shown = bad.prefix(3).map { i -> String in
                let v = s.values[i]
                let what = v.isNaN ? "NaN" : v > 0 ? "+∞" : "−∞"
                return "\(what) at \(axis) \(i < s.steps.count ? s.steps[i] : i)"
            }.joined(separator: ", ")
            let more = bad.count > 3 ? ", …" : ""
            let count = bad.count == 1 ? "1 value that is" : "\(bad.count) values that are"
            return "\(s.name) has \(count) not finite (\(shown)\(more)); the figures leave a gap there."
        }
    }
}
