import RunRecord

// PLACEHOLDER: replaced by the real importer in this session.
enum KerasCSVImporter {
    static func importRun(_ path: String) throws(ImportError) -> ImportedRun {
        throw ImportError(path: path, reason: "not implemented yet")
    }
}
