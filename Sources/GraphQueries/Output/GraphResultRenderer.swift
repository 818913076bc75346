import FalkorDBClient

/// Prints query results as an aligned text table or as JSON.
package enum GraphResultRenderer {
    /// An aligned table with a header rule and a row count; statistics for write queries.
    package static func table(_ result: GraphResult) -> String {
        guard !result.columns.isEmpty else { return summary(result) + "\n" }
        let cells = result.rows.map { $0.map(GraphValueText.cell) }
        var widths = result.columns.map(\.count)
        for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ fields: [String]) -> String {
            var text = ""
            for (index, field) in fields.enumerated() {
                let isLast = index == fields.count - 1
                text += isLast ? field : field + String(repeating: " ", count: widths[index] - field.count) + "  "
            }
            return text + "\n"
        }
        var out = line(result.columns)
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        out += "(\(result.rows.count) row\(result.rows.count == 1 ? "" : "s"))\n"
        return out
    }

    /// A JSON array with one object per row (keys in column order), one row per line.
    package static func json(_ result: GraphResult) -> String {
        guard !result.rows.isEmpty else { return "[]\n" }
        let lines = result.rows.map { row in
            "{" + zip(result.columns, row).map { JSONText.string($0) + ":" + JSONText.value($1) }.joined(separator: ",") + "}"
        }
        return "[\n" + lines.joined(separator: ",\n") + "\n]\n"
    }

    /// What a query without `RETURN` changed, e.g. `Nodes created: 3, Properties set: 6`.
    package static func summary(_ result: GraphResult) -> String {
        let changes = result.statistics.values
            .filter { !$0.key.hasPrefix("Query internal") && $0.key != "Cached execution" && $0.value != 0 }
            .sorted { $0.key < $1.key }
            .map { "\($0.key): \(Int($0.value))" }
        return changes.isEmpty ? "no changes" : changes.joined(separator: ", ")
    }
}

/// JSON text for result values (nodes as objects with id, labels and properties).
enum JSONText {
    static func value(_ value: GraphValue) -> String {
        switch value {
        case .null: return "null"
        case .string(let text): return string(text)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .double(let number): return number.isFinite ? number.description : "null"
        case .list(let values): return "[" + values.map(JSONText.value).joined(separator: ",") + "]"
        case .map(let entries): return object(entries)
        case .node(let node):
            return "{\"id\":\(node.id),\"labels\":[" + node.labels.map(string).joined(separator: ",") + "],\"properties\":" + object(node.properties) + "}"
        case .edge(let edge):
            return "{\"id\":\(edge.id),\"type\":\(string(edge.type)),\"source\":\(edge.source),\"destination\":\(edge.destination),\"properties\":"
                + object(edge.properties) + "}"
        case .path(let path):
            return "{\"nodes\":[" + path.nodes.map { JSONText.value(.node($0)) }.joined(separator: ",") + "],\"edges\":["
                + path.edges.map { JSONText.value(.edge($0)) }.joined(separator: ",") + "]}"
        case .point(let latitude, let longitude): return "{\"latitude\":\(latitude),\"longitude\":\(longitude)}"
        case .date, .dateTime, .time, .duration: return string(GraphValueText.nested(value))
        case .vector(let values): return "[" + values.map { $0.isFinite ? $0.description : "null" }.joined(separator: ",") + "]"
        }
    }

    static func object(_ entries: [GraphProperty]) -> String {
        "{" + entries.map { string($0.name) + ":" + value($0.value) }.joined(separator: ",") + "}"
    }

    /// A JSON string literal (RFC 8259 escapes).
    static func string(_ text: String) -> String { GraphValueText.escaped(text, quoted: true) }
}
