/// Several input columns and a target column read from a data file, ready to fit: `inputs[k][i]` and `y[i]` come
/// from the same row.
public struct LoadedTable: Sendable, Equatable {
    /// One array per input column, in the order the inputs were selected, each in file order.
    public var inputs: [[Double]]
    /// Each input column's header name, or "column N" when the file has no header.
    public var inputNames: [String]
    /// Each input column's 1-based position.
    public var inputColumns: [Int]
    /// The values of the target column, in file order.
    public var y: [Double]
    /// The target column's header name, or "column N" when the file has no header.
    public var yName: String
    /// The target column's 1-based position.
    public var yColumn: Int
    /// Every field of the header (quotes removed, blanks trimmed), or nil when the file has no header.
    public var header: [String]?
    /// The number of fields of the header, or of the first row when there is no header.
    public var columnCount: Int
    /// The separator used (detected or given).
    public var separator: Separator
    /// Whether the first line was read as a header (detected or given).
    public var hadHeader: Bool

    /// The number of data rows (`y.count`, equal to the length of every input column).
    public var rowCount: Int { y.count }

    /// A table; every array in `inputs` must be as long as `y`.
    public init(
        inputs: [[Double]], inputNames: [String], inputColumns: [Int], y: [Double], yName: String, yColumn: Int,
        header: [String]?, columnCount: Int, separator: Separator, hadHeader: Bool
    ) {
        self.inputs = inputs
        self.inputNames = inputNames
        self.inputColumns = inputColumns
        self.y = y
        self.yName = yName
        self.yColumn = yColumn
        self.header = header
        self.columnCount = columnCount
        self.separator = separator
        self.hadHeader = hadHeader
    }
}
