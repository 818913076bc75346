import FalkorDBClient
import Foundation

/// Human-readable text for result values: strings bare at the top level, quoted inside
/// collections; nodes as `(:Label {key: value})`; dates in ISO 8601.
enum GraphValueText {
    /// `value` as a table cell.
    static func cell(_ value: GraphValue) -> String {
        switch value {
        case .string(let text): return escaped(text, quoted: false)
        case .null: return ""
        default: return nested(value)
        }
    }

    /// `value` inside a collection.
    static func nested(_ value: GraphValue) -> String {
        switch value {
        case .null: return "null"
        case .string(let text): return escaped(text, quoted: true)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .double(let number): return number.description
        case .list(let values): return "[" + values.map(nested).joined(separator: ", ") + "]"
        case .map(let entries): return properties(entries)
        case .node(let node): return "(" + node.labels.map { ":" + $0 }.joined() + (node.properties.isEmpty ? "" : " " + properties(node.properties)) + ")"
        case .edge(let edge): return "[:" + edge.type + (edge.properties.isEmpty ? "" : " " + properties(edge.properties)) + "]"
        case .path(let path):
            var text = ""
            for (index, node) in path.nodes.enumerated() {
                text += nested(.node(node))
                if index < path.edges.count {
                    let edge = path.edges[index]
                    text += edge.source == node.id ? "-" + nested(.edge(edge)) + "->" : "<-" + nested(.edge(edge)) + "-"
                }
            }
            return text
        case .point(let latitude, let longitude): return "point({latitude: \(latitude), longitude: \(longitude)})"
        case .date(let seconds): return isoDate(seconds)
        case .dateTime(let seconds): return isoDateTime(seconds)
        case .time(let seconds): return String(isoDateTime(seconds).split(separator: "T").last ?? "")
        case .duration(let seconds): return "PT\(seconds)S"
        case .vector(let values): return "<" + values.map { $0.description }.joined(separator: ", ") + ">"
        }
    }

    private static func properties(_ entries: [GraphProperty]) -> String {
        "{" + entries.map { "\($0.name): \(nested($0.value))" }.joined(separator: ", ") + "}"
    }

    /// `text` with line breaks and other control characters as escapes, so one row stays on one
    /// line. `quoted` also escapes `"` and `\` and adds the quotes: a JSON string literal, which
    /// the table uses inside collections too.
    static func escaped(_ text: String, quoted: Bool) -> String {
        let special: (Unicode.Scalar) -> Bool = { $0.value < 0x20 || $0.value == 0x7F || (quoted && ($0 == "\"" || $0 == "\\")) }
        guard text.unicodeScalars.contains(where: special) else { return quoted ? "\"" + text + "\"" : text }
        var out = quoted ? "\"" : ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where quoted: out += "\\\""
            case "\\" where quoted: out += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return quoted ? out + "\"" : out
    }

    /// `YYYY-MM-DD` (UTC).
    static func isoDate(_ seconds: Int64) -> String { String(isoDateTime(seconds).prefix(10)) }

    /// `YYYY-MM-DDTHH:MM:SS` (UTC).
    static func isoDateTime(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
