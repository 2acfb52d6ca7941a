import RunRecord

/// What `run.json` says about one series (its points are in `history.csv`).
package struct SeriesInfo: Codable, Sendable {
    package struct Point: Codable, Sendable {
        package var step: Int
        package var value: Double

        package init(step: Int, value: Double) {
            self.step = step
            self.value = value
        }
    }
    package var name: String
    package var displayName: String?
    package var split: Split
    package var lowerIsBetter: Bool?
    package var count: Int
    package var hasEpochs: Bool
    package var last: Point?
    package var best: Point?

    enum CodingKeys: String, CodingKey {
        case name, displayName = "display_name", split, lowerIsBetter = "lower_is_better", count
        case hasEpochs = "has_epochs", last, best
    }

    package init(name: String, displayName: String?, split: Split, lowerIsBetter: Bool?, count: Int, hasEpochs: Bool,
                 last: Point?, best: Point?) {
        self.name = name
        self.displayName = displayName
        self.split = split
        self.lowerIsBetter = lowerIsBetter
        self.count = count
        self.hasEpochs = hasEpochs
        self.last = last
        self.best = best
    }
}

extension SeriesInfo {
    package init(_ s: ScalarSeries) {
        name = s.name
        displayName = s.displayName
        split = s.split
        lowerIsBetter = s.lowerIsBetter
        count = s.count
        hasEpochs = s.epochs != nil
        last = s.last.map { Point(step: $0.step, value: $0.value) }
        best = s.best.map { Point(step: $0.step, value: $0.value) }
    }
}
