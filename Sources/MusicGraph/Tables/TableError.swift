/// A delimited text file that cannot be read. Every case names the file (and line).
public enum TableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be opened or read.
    case unreadable(source: String, reason: String)
    /// The file has no header line.
    case empty(source: String)
    /// A required column is missing from the header.
    case missingColumn(source: String, column: String, header: [String])
    /// A line is not well formed (unterminated quote, wrong field count, invalid UTF-8, …).
    case malformed(source: String, line: Int, reason: String)
    /// A field does not hold what its column needs (a number, a boolean, …).
    case invalidValue(source: String, line: Int, column: String, value: String)
    /// A key that must be unique appears again (`firstLine` is where it appeared first).
    case duplicateKey(source: String, line: Int, column: String, value: String, firstLine: Int)

    public var description: String {
        switch self {
        case .unreadable(let source, let reason): return "\(source): cannot read: \(reason)"
        case .empty(let source): return "\(source): empty file (no header line)"
        case .missingColumn(let source, let column, let header):
            return "\(source): missing column '\(column)' (header: \(header.joined(separator: ", ")))"
        case .malformed(let source, let line, let reason): return "\(source):\(line): \(reason)"
        case .invalidValue(let source, let line, let column, let value):
            return "\(source):\(line): column '\(column)' has an invalid value '\(value)'"
        case .duplicateKey(let source, let line, let column, let value, let firstLine):
            return "\(source):\(line): \(column) '\(value)' already appears on line \(firstLine) (keys must be unique; musicgraph --allow-duplicates keeps the first)"
        }
    }
}
