import Foundation
import RunRecord
import XCTest
@testable import Report

/// The results table of a reference fit with error bars: estimate ± standard error, the interval at the record's
/// level, and the correlations of the estimates (HTML and Markdown); pages of other records keep their bytes.
final class UncertaintyPageTests: TemporaryFolderTestCase {
    typealias F = UncertaintyFixtures

    func pages(_ record: RunRecord) throws -> (html: String, markdown: String) {
        let written = try F.write(record, into: root, formats: [.svg])
        return (try String(contentsOfFile: written.reportPath, encoding: .utf8),
                try String(contentsOfFile: written.directory + "/report.md", encoding: .utf8))
    }

    func testTableShowsStandardErrorsAndIntervals() throws {
        let (html, markdown) = try pages(F.record())
        XCTAssert(html.contains(#"<th class="num">Least squares</th><th class="num">95 % interval</th></tr></thead>"#))
        XCTAssert(html.contains(#"<th scope="row"><code>b</code></th><td class="num">-0.3</td><td class="num">5.4</td>"#
            + #"<td class="num">7.36072 ± 0.4213</td><td class="num">[6.5078, 8.21365]</td></tr>"#), html)
        XCTAssert(html.contains(#"<td class="num">-3.05 ± 0.0823</td><td class="num">[-3.2166, -2.8834]</td>"#))
        XCTAssert(markdown.contains("| Parameter | Initial | Trained | Least squares | 95 % interval |\n"
            + "|---|---:|---:|---:|---:|\n"), markdown)
        XCTAssert(markdown.contains(#"| b | -0.3 | 5.4 | 7.36072 ± 0.4213 | \[6.5078, 8.21365\] |"#), markdown)
    }

    func testTheIntervalColumnNamesTheLevelAndMissingValuesShowADash() throws {
        var parameters = F.parameters
        parameters[2].standardError = nil
        parameters[2].lower = nil
        parameters[2].upper = nil
        let (html, markdown) = try pages(F.record(parameters: parameters, correlations: nil, level: 0.9))
        XCTAssert(html.contains(#"<th class="num">90 % interval</th>"#))
        XCTAssert(html.contains(#"<td class="num">-3.05</td><td class="num">—</td></tr>"#), html)
        XCTAssert(markdown.contains("| c | 1.2 | -2.9 | -3.05 | — |"), markdown)
        XCTAssertFalse(html.contains("correlations"))
        XCTAssertFalse(markdown.contains("Correlations"))
    }

    func testCorrelationsAreACollapsedMatrixWithHighValuesHighlighted() throws {
        let (html, markdown) = try pages(F.record())
        let details = try XCTUnwrap(html.range(of: #"<details id="correlations">"#), "the details block")
        XCTAssertNil(html.range(of: #"<details id="correlations" open"#), "collapsed")
        let block = html[details.lowerBound...]
        XCTAssert(block.contains("<summary>Correlations of the estimates</summary>"))
        XCTAssert(html.contains(#"<tr><th scope="row"><code>a</code></th><td class="num">1.000</td>"#
            + #"<td class="num corr-high">-1.000</td><td class="num">0.878</td></tr>"#), html)
        XCTAssert(html.contains(#"<td class="num">-0.930</td>"#))
        XCTAssertEqual(html.components(separatedBy: "corr-high\"").count - 1, 2, "a–b and b–a, not the diagonal")
        XCTAssert(html.contains("for a and b: the data hardly tell these estimates apart"))
        // The highlight's style comes with the page (from the shared styles.css).
        XCTAssert(html.contains("table.correlations td.corr-high {"))
        XCTAssert(markdown.contains("**Correlations of the estimates**\n\n| | a | b | c |\n|---|---:|---:|---:|\n"
            + "| a | 1.000 | **-1.000** | 0.878 |\n| b | **-1.000** | 1.000 | -0.930 |\n"
            + "| c | 0.878 | -0.930 | 1.000 |\n"), markdown)
    }

    func testLargeMatricesAreLeftToRunJSON() throws {
        // 12 parameters: the page shows the matrix, the Markdown report points to run.json.
        let twelve = F.manyParameters(12)
        let (html, markdown) = try pages(F.record(parameters: twelve.parameters, correlations: twelve.correlations))
        XCTAssert(html.contains(#"<th scope="row"><code>p11</code></th>"#))
        XCTAssert(markdown.contains("*The correlations of the 12 estimates are in run.json (`correlations`).*"),
                  markdown)
        XCTAssertFalse(markdown.contains("| p0 | 1.000"))
        // 60: the page says so instead of a 3600-cell table.
        let sixty = F.manyParameters(60)
        let (bigHTML, _) = try pages(F.record(parameters: sixty.parameters, correlations: sixty.correlations))
        XCTAssert(bigHTML.contains("The 60 × 60 matrix is in run.json (<code>correlations</code>)."))
        XCTAssertFalse(bigHTML.contains("corr-high\""))
        XCTAssert(bigHTML.contains("|r| &gt; 0.999 for p0 and p1"))
    }

    func testAMatrixThatDoesNotMatchTheParametersIsNotShown() throws {
        let (html, _) = try pages(F.record(correlations: [[1, 0], [0, 1]]))
        XCTAssertFalse(html.contains("correlations"))
    }

    /// Records without standard errors, intervals or correlations get none of the new columns, blocks or styles.
    func testPagesWithoutUncertaintyHaveNoneOfIt() throws {
        let plain = F.parameters.map { Parameter(name: $0.name, initial: $0.initial, final: $0.final,
                                                 reference: $0.reference) }
        var data = F.data()
        data.band = nil
        let (html, markdown) = try pages(F.record(data: data, parameters: plain, correlations: nil, level: nil))
        for text in ["±", "interval", "orrelation", "corr-high", "hasCorrelations"] {
            XCTAssertFalse(html.contains(text), text)
            XCTAssertFalse(markdown.contains(text), text)
        }
        XCTAssert(html.contains(#"<th class="num">Least squares</th></tr></thead>"#))
        XCTAssert(html.contains(#"<td class="num">7.36072</td></tr>"#))
        XCTAssert(markdown.contains("| Parameter | Initial | Trained | Least squares |\n|---|---:|---:|---:|\n"))
        // The shared styles end as they always did.
        XCTAssert(html.contains("  footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }\n"
            + "  @media print {"))
    }

    func testManyParametersGetTheColumnsInEveryTable() throws {
        let many = F.manyParameters(25)
        let (html, markdown) = try pages(F.record(parameters: many.parameters, correlations: many.correlations))
        // The preview table, the collapsed table of all parameters, and the Markdown preview.
        XCTAssertEqual(html.components(separatedBy: #"<th class="num">95 % interval</th>"#).count - 1, 2)
        XCTAssert(html.contains(#"<td class="num">24 ± 0.1</td><td class="num">[23.8, 24.2]</td>"#))
        XCTAssert(markdown.contains(#"| p3 | 0 | 3 | 3 ± 0.1 | \[2.8, 3.2\] |"#), markdown)
    }
}
