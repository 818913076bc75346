/// The result of one query: column names, rows and statistics.
public struct GraphResult: Sendable, Hashable {
    /// Column names (empty for a query without `RETURN`).
    public var columns: [String]
    /// Rows, each with one value per column.
    public var rows: [[GraphValue]]
    /// The server's statistics.
    public var statistics: GraphStatistics

    /// A result.
    public init(columns: [String], rows: [[GraphValue]], statistics: GraphStatistics) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
    }

    /// The values of column `name`.
    public func column(_ name: String) -> [GraphValue] {
        guard let index = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }
}
