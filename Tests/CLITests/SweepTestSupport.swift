import Foundation
import XCTest

/// What the sweep tests read back: run folders' artifact hashes, sweep folders, comparison links.
extension CLIHarness {
    /// The SHA-256 of a run's data files and figures from its run.json (`report.*`, which name the run id and its
    /// time, left out): what must be equal for the same settings on any machine.
    func dataAndFigureHashes(_ runDirectory: String) throws -> [String: String] {
        struct Manifest: Decodable { var artifacts: [String: String] }
        let path = (runDirectory.hasPrefix("/") ? runDirectory : directory + "/" + runDirectory) + "/run.json"
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        return manifest.artifacts.filter { !$0.key.hasPrefix("report.") }
    }

    /// The run folder of a printed report path (`output/runs/<id>/report.html` → `output/runs/<id>`).
    func runFolder(ofReport report: String) -> String {
        URL(fileURLWithPath: report).deletingLastPathComponent().path
    }

    /// The `href="…report.html"` links of a page, resolved against the page's folder.
    func reportLinks(ofPage page: String) throws -> [String] {
        let path = page.hasPrefix("/") ? page : directory + "/" + page
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"href="([^"]+report\.html)""#)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { folder.appendingPathComponent(String(html[$0])).standardized.path }
        }
    }

    /// The single sweep folder under output/sweeps.
    func sweepFolder() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/output/sweeps")
        XCTAssertEqual(names.count, 1, "\(names)")
        return directory + "/output/sweeps/" + (names.first ?? "")
    }

    /// `fitreport run` of the member settings file `config` with the run name `name`; returns the run folder.
    func runMemberLocally(config: String, name: String, format: String = "svg", out: String = "local") throws
        -> String
    {
        let r = try run(["run", "--config", config, "--name", name, "--format", format, "--out", out, "-q"])
        XCTAssert(r.status == 0 || r.status == 3, r.stderr)
        return runFolder(ofReport: directory + "/" + r.lastLine)
    }
}
