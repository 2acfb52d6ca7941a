import Foundation
import RunRecord
import XCTest
@testable import Report

/// run.json and reference.csv hold a reference fit's error bars, and `StoredRun.loadRecord()` reads them back.
final class UncertaintyStorageTests: TemporaryFolderTestCase {
    typealias F = UncertaintyFixtures

    /// The record as it reads back from its folder: `createdAt` and the durations come from the writer.
    func roundTrip(_ record: RunRecord) throws -> (back: RunRecord, directory: String) {
        let written = try F.write(record, into: root, formats: [.svg])
        let stored = try StoredRun(directory: written.directory)
        var back = try stored.loadRecord()
        XCTAssertEqual(back.createdAt, stored.createdAt)
        back.createdAt = record.createdAt
        back.durations = record.durations
        return (back, written.directory)
    }

    func testEverythingReadsBackEqual() throws {
        var data = F.data()
        data.split = data.x.indices.map { $0 % 5 == 0 ? .validation : .train }
        // Non-finite bounds survive the trip too.
        data.band?.lower[3] = .nan
        data.band?.upper[4] = .infinity
        var parameters = F.parameters
        parameters[1].upper = nil
        let record = F.record(data: data, parameters: parameters)
        let (back, directory) = try roundTrip(record)
        // NaN is not equal to itself: the bounds are compared bit for bit, the rest of the record with ==.
        let bits = { (band: ConfidenceBand?) in band.map { [$0.level] + $0.lower + $0.upper }?.map(\.bitPattern) }
        XCTAssertEqual(bits(back.data?.band), bits(record.data?.band))
        XCTAssertEqual(back.parameters, record.parameters)
        XCTAssertEqual(back.correlations, F.correlations)
        XCTAssertEqual(back.confidenceLevel, 0.95)
        var backWithoutBand = back, recordWithoutBand = record
        backWithoutBand.data?.band = nil
        recordWithoutBand.data?.band = nil
        XCTAssert(backWithoutBand == recordWithoutBand, "the record reads back equal")
        let reference = try String(contentsOfFile: directory + "/reference.csv", encoding: .utf8)
        XCTAssertEqual(reference.split(separator: "\n").first, "x,least squares,band_lower,band_upper")
        XCTAssertEqual(reference.split(separator: "\n").count, 41)
        // The data file does not change.
        let dataCSV = try String(contentsOfFile: directory + "/data.csv", encoding: .utf8)
        XCTAssertEqual(dataCSV.split(separator: "\n").first, "x,y,y_before,y_after,split")
        let page = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
        XCTAssert(page.contains("reference.csv</a> — least squares, its 95 % confidence band (band_lower, band_upper)"))
    }

    func testABandWithoutAReferencePredictionGetsAReferenceFileOfItsOwn() throws {
        var data = F.data()
        data.predictions.removeAll { $0.role == .reference }
        let record = F.record(data: data, correlations: nil, level: nil)
        let (back, directory) = try roundTrip(record)
        XCTAssert(back == record, "the record reads back equal")
        let reference = try String(contentsOfFile: directory + "/reference.csv", encoding: .utf8)
        XCTAssertEqual(reference.split(separator: "\n").first, "x,band_lower,band_upper")
    }

    func testBandColumnsAvoidTakenNames() throws {
        var data = F.data()
        let reference = data.predictions[2].values
        data.predictions.append(Prediction(name: "band_lower", role: .reference, values: reference.map { $0 + 1 }))
        data.predictions.append(Prediction(name: "band_upper_2", role: .reference, values: reference))
        let record = F.record(data: data)
        let (back, directory) = try roundTrip(record)
        XCTAssert(back == record, "the record reads back equal")
        let header = try String(contentsOfFile: directory + "/reference.csv", encoding: .utf8).split(separator: "\n")[0]
        XCTAssertEqual(header, "x,least squares,band_lower,band_upper_2,band_lower_2,band_upper")
    }

    func testRecordsWithoutErrorBarsReadBackWithout() throws {
        var data = F.data()
        data.band = nil
        let parameters = F.parameters.map {
            Parameter(name: $0.name, initial: $0.initial, final: $0.final, reference: $0.reference)
        }
        let record = F.record(data: data, parameters: parameters, correlations: nil, level: nil)
        let (back, directory) = try roundTrip(record)
        XCTAssert(back == record, "the record reads back equal")
        let reference = try String(contentsOfFile: directory + "/reference.csv", encoding: .utf8)
        XCTAssertEqual(reference.split(separator: "\n").first, "x,least squares")
    }

    func testAMissingBandColumnIsANamedError() throws {
        let written = try F.write(F.record(), into: root, formats: [.svg])
        let path = written.directory + "/reference.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "band_upper", with: "upper").write(toFile: path, atomically: true,
                                                                             encoding: .utf8)
        XCTAssertThrowsError(try StoredRun(directory: written.directory).loadRecord()) { error in
            XCTAssert("\(error)".contains("reference.csv has no column 'band_upper'"), "\(error)")
        }
    }
}
