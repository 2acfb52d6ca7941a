import RunRecord

/// What `run.json` says about the data (its rows are in `data.csv` and `reference.csv`).
package struct DataInfo: Codable, Sendable {
    package struct PredictionInfo: Codable, Sendable {
        package var name: String
        package var role: PredictionRole
        /// The file holding the column: `data.csv` or `reference.csv`.
        package var file: String

        package init(name: String, role: PredictionRole, file: String) {
            self.name = name
            self.role = role
            self.file = file
        }
    }
    package var rows: Int
    package var inputs: [String]
    package var target: String
    package var predictions: [PredictionInfo]
    /// Where the confidence band of the reference prediction is: its level and the reference.csv columns of its
    /// lower and upper bounds.
    package struct BandInfo: Codable, Sendable, Equatable {
        package var level: Double
        package var lower: String
        package var upper: String

        package init(level: Double, lower: String, upper: String) {
            self.level = level
            self.lower = lower
            self.upper = upper
        }
    }
    /// The text column of data.csv saying which rows are training and which validation rows (`split`), when the
    /// record has one.
    package var split: String?
    /// The confidence band's columns in reference.csv, when the record has a band.
    package var band: BandInfo?

    package init(rows: Int, inputs: [String], target: String, predictions: [PredictionInfo], split: String? = nil,
                 band: BandInfo? = nil) {
        self.rows = rows
        self.inputs = inputs
        self.target = target
        self.predictions = predictions
        self.split = split
        self.band = band
    }
}

extension DataInfo {
    package init(_ d: RunData) {
        rows = d.rowCount
        inputs = d.inputs.map(\.name)
        target = d.target.name
        predictions = d.predictions.map {
            PredictionInfo(name: $0.name, role: $0.role, file: $0.role == .reference ? "reference.csv" : "data.csv")
        }
        split = d.split == nil ? nil : "split"
        band = d.band.map { band in
            let names = DataFiles.bandColumnNames(d)
            return BandInfo(level: band.level, lower: names.lower, upper: names.upper)
        }
    }
}
