import RunRecord

// PLACEHOLDER: replaced by the real importer in this session.
enum PlainHistoryImporter {
    static func importCSV(_ path: String) throws(ImportError) -> ImportedRun {
        throw ImportError(path: path, reason: "not implemented yet")
    }
    static func importJSONLines(_ path: String) throws(ImportError) -> ImportedRun {
        throw ImportError(path: path, reason: "not implemented yet")
    }
}
