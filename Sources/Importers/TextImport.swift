import RunRecord

/// The version written into imported records' `source.toolVersion` by the text-format importers.
enum TextImport {
    static let toolVersion = fitreportVersion

    /// The last path component (`metrics.csv` for `logs/version_0/metrics.csv`).
    static func fileName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
