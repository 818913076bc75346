/// Decodes a `GRAPH.QUERY … --compact` reply into a `GraphResult`.
///
/// Layout (FalkorDB 4.x): `[header, rows, statistics]`, or `[statistics]` for a query without
/// `RETURN`. Header entries are `[column type, name]`; every value is `[value type, payload]`
/// with the types 1 null, 2 string, 3 integer, 4 boolean, 5 double, 6 array, 7 edge, 8 node,
/// 9 path, 10 map, 11 point, 12 float vector, 13 datetime, 14 date, 15 time, 16 duration.
/// Nodes and edges carry label, type and property-key ids, resolved through `names`.
struct CompactResultDecoder {
    /// The names the ids refer to.
    let names: GraphSchemaNames

    /// An id in the reply that `names` does not cover yet: refresh the names and decode again.
    struct UnknownName: Error {}

    /// Why a reply could not be decoded (not a transient name gap).
    struct Malformed: Error {
        let detail: String
    }

    /// Decodes `reply`.
    func decode(_ reply: RESPValue) throws -> GraphResult {
        guard let parts = reply.elements else { throw Malformed(detail: "expected an array, got \(reply.summary)") }
        switch parts.count {
        case 1:
            return GraphResult(columns: [], rows: [], statistics: try statistics(parts[0]))
        case 3:
            guard let header = parts[0].elements, let rows = parts[1].elements else { throw Malformed(detail: "header or rows not arrays") }
            let columns = try header.map { entry -> String in
                guard let pair = entry.elements, pair.count == 2, let name = pair[1].text else { throw Malformed(detail: "bad column header") }
                return name
            }
            let decodedRows = try rows.map { row -> [GraphValue] in
                guard let cells = row.elements, cells.count == columns.count else { throw Malformed(detail: "row width differs from the header") }
                return try cells.map(value)
            }
            return GraphResult(columns: columns, rows: decodedRows, statistics: try statistics(parts[2]))
        default:
            throw Malformed(detail: "expected 1 or 3 parts, got \(parts.count)")
        }
    }

    private func statistics(_ value: RESPValue) throws -> GraphStatistics {
        guard let lines = value.elements else { throw Malformed(detail: "statistics not an array") }
        return GraphStatistics(lines: lines.compactMap(\.text))
    }

    /// A `[type, payload]` pair.
    func value(_ cell: RESPValue) throws -> GraphValue {
        guard let pair = cell.elements, pair.count == 2, case .integer(let type) = pair[0] else {
            throw Malformed(detail: "value is not a [type, payload] pair")
        }
        return try value(type: type, pair[1])
    }

    private func value(type: Int64, _ payload: RESPValue) throws -> GraphValue {
        switch type {
        case 1:
            return .null
        case 2:
            guard let text = payload.text else { throw Malformed(detail: "string payload") }
            return .string(text)
        case 3:
            guard case .integer(let number) = payload else { throw Malformed(detail: "integer payload") }
            return .integer(number)
        case 4:
            guard let text = payload.text, text == "true" || text == "false" else { throw Malformed(detail: "boolean payload") }
            return .boolean(text == "true")
        case 5:
            return .double(try double(payload))
        case 6:
            guard let elements = payload.elements else { throw Malformed(detail: "array payload") }
            return .list(try elements.map(value))
        case 7:
            return .edge(try edge(payload))
        case 8:
            return .node(try node(payload))
        case 9:
            guard let parts = payload.elements, parts.count == 2 else { throw Malformed(detail: "path payload") }
            guard case .list(let nodeValues) = try value(parts[0]), case .list(let edgeValues) = try value(parts[1]) else {
                throw Malformed(detail: "path parts")
            }
            let nodes = try nodeValues.map { item -> GraphNode in
                guard case .node(let node) = item else { throw Malformed(detail: "path node") }
                return node
            }
            let edges = try edgeValues.map { item -> GraphEdge in
                guard case .edge(let edge) = item else { throw Malformed(detail: "path edge") }
                return edge
            }
            return .path(GraphPath(nodes: nodes, edges: edges))
        case 10:
            guard let flat = payload.elements, flat.count % 2 == 0 else { throw Malformed(detail: "map payload") }
            var entries: [GraphProperty] = []
            for index in stride(from: 0, to: flat.count, by: 2) {
                guard let key = flat[index].text else { throw Malformed(detail: "map key") }
                entries.append(GraphProperty(name: key, value: try value(flat[index + 1])))
            }
            return .map(entries)
        case 11:
            guard let parts = payload.elements, parts.count == 2 else { throw Malformed(detail: "point payload") }
            return .point(latitude: try double(parts[0]), longitude: try double(parts[1]))
        case 12:
            guard let parts = payload.elements else { throw Malformed(detail: "vector payload") }
            return .vector(try parts.map { Float(try double($0)) })
        case 13, 14, 15, 16:
            guard case .integer(let seconds) = payload else { throw Malformed(detail: "temporal payload") }
            switch type {
            case 13: return .dateTime(seconds: seconds)
            case 14: return .date(seconds: seconds)
            case 15: return .time(seconds: seconds)
            default: return .duration(seconds: seconds)
            }
        default:
            throw Malformed(detail: "unknown value type \(type)")
        }
    }

    private func double(_ payload: RESPValue) throws -> Double {
        if case .integer(let number) = payload { return Double(number) }
        guard let text = payload.text, let number = Double(text) else { throw Malformed(detail: "double payload") }
        return number
    }

    private func node(_ payload: RESPValue) throws -> GraphNode {
        guard let parts = payload.elements, parts.count == 3, case .integer(let id) = parts[0], let labelIDs = parts[1].elements else {
            throw Malformed(detail: "node payload")
        }
        let labels = try labelIDs.map { item -> String in
            guard case .integer(let index) = item else { throw Malformed(detail: "label id") }
            return try name(names.labels, index)
        }
        return GraphNode(id: id, labels: labels, properties: try properties(parts[2]))
    }

    private func edge(_ payload: RESPValue) throws -> GraphEdge {
        guard let parts = payload.elements, parts.count == 5, case .integer(let id) = parts[0], case .integer(let typeID) = parts[1],
            case .integer(let source) = parts[2], case .integer(let destination) = parts[3]
        else { throw Malformed(detail: "edge payload") }
        return GraphEdge(id: id, type: try name(names.relationshipTypes, typeID), source: source, destination: destination,
                         properties: try properties(parts[4]))
    }

    private func properties(_ payload: RESPValue) throws -> [GraphProperty] {
        guard let entries = payload.elements else { throw Malformed(detail: "property list") }
        return try entries.map { entry in
            guard let triple = entry.elements, triple.count == 3, case .integer(let key) = triple[0], case .integer(let type) = triple[1] else {
                throw Malformed(detail: "property entry")
            }
            return GraphProperty(name: try name(names.propertyKeys, key), value: try value(type: type, triple[2]))
        }
    }

    private func name(_ list: [String], _ index: Int64) throws -> String {
        guard index >= 0 else { throw Malformed(detail: "negative schema id") }
        guard index < list.count else { throw UnknownName() }
        return list[Int(index)]
    }
}
