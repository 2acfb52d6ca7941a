import Foundation
import RunArtifacts
import RunRecord
import Mustache

/// Finds and loads the Mustache templates (`report.html`, …).
///
/// Search order: an explicit `--templates DIR`; `$FITREPORT_TEMPLATES`; a `templates/` folder beside the executable
/// or in any folder above it (so `.build/release/fitreport` finds the package's); the same above the current
/// directory; the package this binary was built from.
public struct TemplateSet: Sendable {
    public let directory: String

    public init(explicit: String?) throws(ReportError) {
        var candidates: [String] = []
        if let explicit {
            candidates.append(explicit)
        } else {
            if let env = ProcessInfo.processInfo.environment["FITREPORT_TEMPLATES"], !env.isEmpty {
                candidates.append(env)
            }
            let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            candidates += Self.ancestors(of: executable.deletingLastPathComponent())
            candidates += Self.ancestors(of: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            // Sources/Report/Templates.swift → package root.
            let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(packageRoot.appendingPathComponent("templates").path)
        }
        for dir in candidates where FileManager.default.fileExists(atPath: dir + "/report.html") {
            directory = dir
            return
        }
        throw .templatesNotFound(searched: candidates)
    }

    private static func ancestors(of start: URL) -> [String] {
        var result: [String] = []
        var dir = start.standardizedFileURL
        for _ in 0..<8 {
            result.append(dir.appendingPathComponent("templates").path)
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return result
    }

    /// Renders template `name` with `context`; `{{> styles}}` and `{{> meta}}` include the folder's `styles.css` and
    /// `meta.html`.
    public func render(_ name: String, _ context: Any) throws(ReportError) -> String {
        try render(try template(name), context)
    }

    /// Renders a parsed template with the folder's partials (`styles` = `styles.css`, `meta` = `meta.html`).
    public func render(_ template: MustacheTemplate, _ context: Any) throws(ReportError) -> String {
        var library = MustacheLibrary()
        if let styles = try templateIfPresent("styles.css") { library.register(styles, named: "styles") }
        if let meta = try templateIfPresent("meta.html") { library.register(meta, named: "meta") }
        return template.render(Self.withoutNils(context), library: library)
    }

    /// The context with `nil` optionals removed, so `{{#key}}` sections treat them as absent (the engine would
    /// otherwise render an `Optional.none` stored in `Any` as "nil").
    static func withoutNils(_ value: Any) -> Any {
        switch value {
        case let dict as [String: Any]:
            var out: [String: Any] = [:]
            for (key, v) in dict {
                let mirror = Mirror(reflecting: v)
                if mirror.displayStyle == .optional {
                    guard let wrapped = mirror.children.first?.value else { continue }
                    out[key] = withoutNils(wrapped)
                } else {
                    out[key] = withoutNils(v)
                }
            }
            return out
        case let list as [[String: Any]]: return list.map { withoutNils($0) }
        default: return value
        }
    }

    /// Parses template `name` if the folder has it (optional templates such as `report.md`).
    public func templateIfPresent(_ name: String) throws(ReportError) -> MustacheTemplate? {
        FileManager.default.fileExists(atPath: directory + "/" + name) ? try template(name) : nil
    }

    /// Parses template `name` (for example `report.html`).
    public func template(_ name: String) throws(ReportError) -> MustacheTemplate {
        let path = directory + "/" + name
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .templateUnreadable(path: path, reason: error.localizedDescription)
        }
        do {
            return try MustacheTemplate(string: text)
        } catch {
            throw .templateInvalid(path: path, reason: "\(error)")
        }
    }
}
