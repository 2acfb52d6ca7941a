import RunRecord
import XCTest
@testable import Report

/// The lines `fitreport run` and `import` print: trained and reference parameters, the reference with its standard
/// error when it has one.
final class RunSummaryTests: XCTestCase {
    typealias F = UncertaintyFixtures

    func testReferenceRowShowsStandardErrors() {
        let lines = RunSummary.lines(F.record())
        XCTAssertEqual(lines, [
            "trained        a=19.5 b=5.4 c=-2.9",
            "least squares  a=20.0123 ± 0.5321 b=7.36072 ± 0.4213 c=-3.05 ± 0.0823",
            "R² 0.99",
        ])
    }

    func testWithoutStandardErrorsTheLinesAreAsBefore() {
        var parameters = F.parameters.map {
            Parameter(name: $0.name, initial: $0.initial, final: $0.final, reference: $0.reference)
        }
        parameters[1].standardError = 0.5
        parameters[2].reference = nil
        let lines = RunSummary.lines(F.record(parameters: parameters))
        XCTAssertEqual(lines[1], "least squares  a=20.0123 b=7.36072 ± 0.5 c=—")
        let plain = F.parameters.map { Parameter(name: $0.name, final: $0.final) }
        XCTAssertEqual(RunSummary.lines(F.record(parameters: plain)), ["trained        a=19.5 b=5.4 c=-2.9", "R² 0.99"])
    }
}
