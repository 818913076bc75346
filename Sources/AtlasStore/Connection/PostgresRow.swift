/// The rows a query returned, as text (libpq's text format), with columns by name.
package struct PostgresRows: Sendable {
    /// Column names in order.
    package let columns: [String]
    /// Values row by row; `nil` is SQL NULL.
    package let values: [[String?]]
    /// Rows affected by a command (`INSERT 0 5` → 5), when reported.
    package let affected: Int?

    /// Number of rows.
    package var count: Int { values.count }

    /// Row `index`.
    package subscript(index: Int) -> PostgresRow { PostgresRow(columns: columns, values: values[index]) }

    /// All rows.
    package var rows: [PostgresRow] { values.map { PostgresRow(columns: columns, values: $0) } }
}

/// One row with typed accessors.
package struct PostgresRow: Sendable {
    let columns: [String]
    let values: [String?]

    /// The text of column `name` (`nil` for NULL or an unknown column).
    package subscript(name: String) -> String? {
        guard let index = columns.firstIndex(of: name) else { return nil }
        return values[index]
    }

    /// Column `name` as an integer.
    package func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }

    /// Column `name` as a boolean (`t` / `f`).
    package func bool(_ name: String) -> Bool? { self[name].map { $0 == "t" } }

    /// Column `name` as a double.
    package func double(_ name: String) -> Double? { self[name].flatMap { Double($0) } }
}
