/// The two columns read from a data file, ready to fit: `x[i]` and `y[i]` come from the same row.
public struct LoadedColumns: Sendable, Equatable {
    /// The values of the x column, in file order.
    public var x: [Double]
    /// The values of the y column, in file order.
    public var y: [Double]
    /// The x column's header name, or "column N" when the file has no header.
    public var xName: String
    /// The y column's header name, or "column N" when the file has no header.
    public var yName: String
    /// The x column's 1-based position.
    public var xColumn: Int
    /// The y column's 1-based position.
    public var yColumn: Int
    /// The separator used (detected or given).
    public var separator: Separator
    /// Whether the first line was read as a header (detected or given).
    public var hadHeader: Bool

    /// The number of data rows (`x.count`, equal to `y.count`).
    public var rowCount: Int { x.count }

    public init(
        x: [Double], y: [Double], xName: String, yName: String, xColumn: Int, yColumn: Int,
        separator: Separator, hadHeader: Bool
    ) {
        self.x = x
        self.y = y
        self.xName = xName
        self.yName = yName
        self.xColumn = xColumn
        self.yColumn = yColumn
        self.separator = separator
        self.hadHeader = hadHeader
    }
}
