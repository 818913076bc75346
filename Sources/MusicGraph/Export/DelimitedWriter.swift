import Foundation

/// Writes delimited text the way pandas' `to_csv` (Python's `csv`, `QUOTE_MINIMAL`) does: a field
/// is quoted only if it holds the delimiter, a quote or a line break; quotes inside are doubled;
/// lines end in `\n`. (A row that is a single empty field is written `""`, as `csv` does, so it
/// cannot be mistaken for a blank line.)
public struct DelimitedWriter: Sendable {
    /// The field separator.
    public let delimiter: Character
    /// The text written so far (header first).
    public private(set) var text = ""

    /// A writer for `delimiter` that starts with the `header` line.
    public init(delimiter: Character, header: [String]) {
        self.delimiter = delimiter
        append(header)
    }

    /// Appends one row.
    public mutating func append(_ fields: [String]) {
        if fields.count == 1, fields[0].isEmpty {
            text += "\"\"\n"
            return
        }
        for (i, field) in fields.enumerated() {
            if i > 0 { text.append(delimiter) }
            text += Self.quoted(field, delimiter: delimiter)
        }
        text += "\n"
    }

    static func quoted(_ field: String, delimiter: Character) -> String {
        guard field.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

