/// A kworb page whose layout is not recognised. Every case names the page kind, the page (URL or
/// file) and what is missing, so a layout change fails loudly instead of yielding zero rows.
public enum KworbParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The page is empty or not HTML.
    case notHTML(kind: KworbPageKind, source: String)
    /// No table of the expected shape.
    case tableNotFound(kind: KworbPageKind, source: String, expected: String)
    /// The table lacks a column.
    case columnMissing(kind: KworbPageKind, source: String, column: String, headers: [String])
    /// A row lacks a link it must have.
    case linkMissing(kind: KworbPageKind, source: String, row: Int, link: String)
    /// The table is there but yields no row.
    case noRows(kind: KworbPageKind, source: String, reason: String)
    /// The page contradicts itself (for example a cut-off download).
    case incomplete(kind: KworbPageKind, source: String, reason: String)

    public var description: String {
        switch self {
        case .notHTML(let kind, let source): return "\(source): not an HTML \(kind.rawValue) page"
        case .tableNotFound(let kind, let source, let expected):
            return "\(source): \(kind.rawValue) page layout not recognised: no \(expected)"
        case .columnMissing(let kind, let source, let column, let headers):
            return "\(source): \(kind.rawValue) page layout not recognised: no '\(column)' column (columns: \(headers.joined(separator: " | ")))"
        case .linkMissing(let kind, let source, let row, let link):
            return "\(source): \(kind.rawValue) page row \(row) has no \(link) link"
        case .noRows(let kind, let source, let reason): return "\(source): \(kind.rawValue) page has no rows: \(reason)"
        case .incomplete(let kind, let source, let reason): return "\(source): \(kind.rawValue) page is incomplete: \(reason)"
        }
    }
}
