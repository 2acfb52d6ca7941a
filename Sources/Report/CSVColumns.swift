import DataLoading

/// Reads columns of the run's own CSV files back (for comparisons).
enum CSVColumns {
    static func read(_ path: String, _ x: String, _ y: String) throws -> (x: [Double], y: [Double]) {
        let loaded = try DelimitedFileReader(path: path, separator: .comma, header: .present)
            .readColumns(x: .name(x), y: .name(y), minimumRows: 1)
        return (loaded.x, loaded.y)
    }
}
