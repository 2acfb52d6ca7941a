import RunRecord

// PLACEHOLDER: replaced by the real importer in this session.
enum FormatDetection {
    static func detect(_ path: String) throws(ImportError) -> ImportFormat {
        throw ImportError(path: path, reason: "not implemented yet")
    }
}
