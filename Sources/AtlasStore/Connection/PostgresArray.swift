/// PostgreSQL array literals (`{"a","b\"c",NULL}`), sent as **parameter values** for
/// `unnest($1::text[], …)` batch statements — never spliced into SQL.
package enum PostgresArray {
    /// The literal for `values`; `nil` elements become `NULL`.
    package static func literal(_ values: some Sequence<String?>) -> String {
        var out = "{"
        var first = true
        for value in values {
            if !first { out += "," }
            first = false
            guard let value else {
                out += "NULL"
                continue
            }
            out += "\""
            for character in value.unicodeScalars {
                if character == "\\" || character == "\"" { out += "\\" }
                out.unicodeScalars.append(character)
            }
            out += "\""
        }
        return out + "}"
    }

    /// The literal for non-optional `values`.
    package static func literal(_ values: some Sequence<String>) -> String { literal(values.lazy.map { Optional($0) }) }
}
