import Foundation
import Plotting

/// Settings that shape the report files but not the run.
public struct ReportSettings: Sendable, Equatable {
    /// Folder holding `report.html` (and `report.md`, `index.html`, `compare.html`); `nil` finds `templates/`.
    public var templatesDirectory: String?
    /// Figure formats to write; the page shows SVG when written, else PNG.
    public var formats: [ImageFormat]
    /// Inline the figures into `report.html` (as data URIs) so the page is one file.
    public var selfContained: Bool
    /// A readable label added to the run id (sanitized to letters, digits, `-`, `_`).
    public var name: String?
    /// Fixed time for every timestamp (from `SOURCE_DATE_EPOCH`); also leaves durations out of the page so two
    /// runs of one config give identical HTML but for the run id.
    public var sourceDate: Date?
    /// How the figures look (size, dpi, style, loss axis, smoothing).
    public var figures: FigureSettings
    /// PNG scale: 1 → 640×480 px for the default size.
    public var scale: Double

    public init(templatesDirectory: String? = nil, formats: [ImageFormat] = [.png, .svg], selfContained: Bool = false,
                name: String? = nil, sourceDate: Date? = nil, figures: FigureSettings = .blog, scale: Double = 1) {
        self.figures = figures
        self.scale = scale
        self.templatesDirectory = templatesDirectory
        self.formats = formats
        self.selfContained = selfContained
        self.name = name
        self.sourceDate = sourceDate
    }

    /// `SOURCE_DATE_EPOCH` from the environment, if set to a whole number of seconds.
    public static func sourceDateFromEnvironment() -> Date? {
        guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"],
              let seconds = Int64(text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

/// The names a run is written under.
public struct RunIdentity: Sendable, Equatable {
    public var runID: String
    public var createdAt: String
    public var name: String?

    public init(runID: String, createdAt: String, name: String? = nil) {
        self.runID = runID
        self.createdAt = createdAt
        self.name = name
    }
}
