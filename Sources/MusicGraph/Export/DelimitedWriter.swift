import Foundation

/// Writes delimited text the way pandas' `to_csv` (Python's `csv`, `QUOTE_MINIMAL`) does: a field
/// is quoted only if it holds the delimiter, a quote or a line break; quotes inside are doubled;
/// lines end in `\n`. (A row that is a single empty field is written `""`, as `csv` does, so it
/// cannot be mistaken for a blank line.)
struct DelimitedWriter {
    let delimiter: Character
    private(set) var text = ""

    init(delimiter: Character, header: [String]) {
        self.delimiter = delimiter
        append(header)
    }

    mutating func append(_ fields: [String]) {
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

