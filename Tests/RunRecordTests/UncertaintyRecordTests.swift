import Foundation
import Testing
@testable import RunRecord

/// A reference fit's error bars in the record: the parameters' JSON keys, the band's checks, the record's new fields.
@Suite struct UncertaintyRecordTests {
    @Test func parametersEncodeTheirUncertaintyWithSnakeCaseKeysAndOnlyWhenPresent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let full = Parameter(name: "b", reference: 7.36, standardError: 0.42, lower: 6.5, upper: 8.2)
        let text = String(decoding: try encoder.encode(full), as: UTF8.self)
        #expect(text == #"{"lower":6.5,"name":"b","reference":7.36,"standard_error":0.42,"upper":8.2}"#)
        #expect(try JSONDecoder().decode(Parameter.self, from: Data(text.utf8)) == full)
        let plain = String(decoding: try encoder.encode(Parameter(name: "a", final: 1)), as: UTF8.self)
        #expect(plain == #"{"final":1,"name":"a"}"#)
    }

    @Test func aBandOfTheWrongLengthIsAProblem() {
        var data = RunData(x: [0, 1, 2], y: [1, 2, 3])
        data.band = ConfidenceBand(level: 0.95, lower: [0, 1, 2], upper: [2, 3, 4])
        #expect(data.problems.isEmpty)
        data.band?.upper.removeLast()
        #expect(data.problems == ["the confidence band has 3 lower and 2 upper bounds for 3 rows"])
    }

    @Test func recordsCarryCorrelationsAndALevel() {
        var record = RunRecord(title: "t", source: RunSource(kind: .swiftAPI, toolVersion: "1"))
        #expect(record.correlations == nil && record.confidenceLevel == nil)
        record.correlations = [[1, 0.5], [0.5, 1]]
        record.confidenceLevel = 0.95
        var other = record
        #expect(other == record)
        other.correlations?[0][1] = 0.4
        #expect(other != record)
    }
}
