import Foundation
import XCTest

/// The DocC article shows the example program as it is.
final class ExampleDocumentationTests: XCTestCase {
    func testArticleCodeIsTheExampleProgram() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let program = try String(contentsOf: root.appendingPathComponent("Examples/BlogLoop/main.swift"),
                                 encoding: .utf8)
        let article = try String(
            contentsOf: root.appendingPathComponent("Sources/RunLog/RunLog.docc/WritingYourOwnLoop.md"),
            encoding: .utf8)
        let start = try XCTUnwrap(article.range(of: "```swift\n"))
        let end = try XCTUnwrap(article.range(of: "```\n", range: start.upperBound..<article.endIndex))
        XCTAssertEqual(String(article[start.upperBound..<end.lowerBound]), program,
                       "update WritingYourOwnLoop.md with Examples/BlogLoop/main.swift")
    }
}
