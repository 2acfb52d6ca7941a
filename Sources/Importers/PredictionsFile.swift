import RunRecord

// PLACEHOLDER: replaced by the real reader in this session.
enum PredictionsFile {
    static func read(_ path: String) throws(ImportError) -> RunData {
        throw ImportError(path: path, reason: "not implemented yet")
    }
}
