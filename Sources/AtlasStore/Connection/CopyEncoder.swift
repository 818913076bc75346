/// Encodes rows for `COPY … FROM STDIN` in PostgreSQL's text format: columns separated by tabs,
/// rows by newlines, `\N` for NULL, and backslash, tab, newline and carriage return escaped — so
/// names with quotes, semicolons, backslashes, emoji or right-to-left text load verbatim. A NUL
/// byte cannot be stored in a PostgreSQL text value and is refused with an error naming the row.
package struct CopyEncoder {
    private(set) var buffer: [UInt8] = []

    /// Creates an empty encoder.
    package init() {}

    /// Appends one row.
    package mutating func append(_ fields: [String?], row: Int) throws(PostgresError) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(9) }
            guard let field else {
                buffer.append(contentsOf: [92, 78])  // \N
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 0:
                    throw PostgresError(sqlState: nil, message: "row \(row), column \(index + 1) contains a NUL byte, which PostgreSQL text cannot hold", purpose: "COPY")
                case 92: buffer.append(contentsOf: [92, 92])
                case 9: buffer.append(contentsOf: [92, 116])
                case 10: buffer.append(contentsOf: [92, 110])
                case 13: buffer.append(contentsOf: [92, 114])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(10)
    }

    /// Takes the encoded bytes, leaving the encoder empty.
    mutating func take() -> [UInt8] {
        defer { buffer.removeAll(keepingCapacity: true) }
        return buffer
    }
}
