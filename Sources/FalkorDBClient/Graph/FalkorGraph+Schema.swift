import Foundation

/// Indexes and unique constraints, created only when missing (FalkorDB has no `IF NOT EXISTS`
/// and answers a repeated `CREATE INDEX` with an error).
extension FalkorGraph {
    /// A node property that can be indexed or constrained.
    public struct NodeProperty: Sendable, Hashable, CustomStringConvertible {
        /// The label.
        public var label: String
        /// The property.
        public var property: String

        /// `label.property`.
        public init(_ label: String, _ property: String) {
            self.label = label
            self.property = property
        }

        public var description: String { "\(label).\(property)" }
    }

    /// Node properties with a range index (`db.indexes()`). Like every query, this creates the
    /// graph (empty) when it does not exist.
    public func indexedNodeProperties() throws(FalkorError) -> Set<NodeProperty> {
        var found = Set<NodeProperty>()
        let result = try query("CALL db.indexes() YIELD label, properties, entitytype WHERE entitytype = 'NODE' RETURN label, properties")
        for row in result.rows {
            guard let label = row[0].string, let properties = row[1].list else { continue }
            for property in properties.compactMap(\.string) { found.insert(NodeProperty(label, property)) }
        }
        return found
    }

    /// Creates a range index on `target` unless one exists; `true` when created.
    @discardableResult
    public func ensureIndex(_ target: NodeProperty) throws(FalkorError) -> Bool {
        guard !(try indexedNodeProperties().contains(target)) else { return false }
        try query("CREATE INDEX FOR (n:\(try Self.identifier(target.label))) ON (n.\(try Self.identifier(target.property)))")
        return true
    }

    /// Unique constraints on node properties and their status (`OPERATIONAL`, `PENDING`, `FAILED`).
    public func uniqueConstraints() throws(FalkorError) -> [NodeProperty: String] {
        var found: [NodeProperty: String] = [:]
        let result = try query("CALL db.constraints() YIELD type, label, properties, entitytype, status WHERE type = 'UNIQUE' AND entitytype = 'NODE' RETURN label, properties, status")
        for row in result.rows {
            guard let label = row[0].string, let properties = row[1].list?.compactMap(\.string), properties.count == 1, let status = row[2].string else { continue }
            found[NodeProperty(label, properties[0])] = status
        }
        return found
    }

    /// Makes `target` unique: creates its index and the constraint unless present, then waits
    /// (up to `timeout`) until the server has checked the existing nodes. A constraint the data
    /// violates is dropped again and reported. Returns `true` when created.
    @discardableResult
    public func ensureUniqueConstraint(_ target: NodeProperty, timeout: Duration = .seconds(60)) throws(FalkorError) -> Bool {
        try ensureIndex(target)
        var created = false
        if try uniqueConstraints()[target] == nil {
            let reply = try connection.call(RESPCommand("GRAPH.CONSTRAINT", "CREATE", name, "UNIQUE", "NODE", target.label, "PROPERTIES", "1", target.property))
            if case .error(let message) = reply { throw FalkorError.server(message: message, statement: "GRAPH.CONSTRAINT CREATE \(target)") }
            created = true
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            switch try uniqueConstraints()[target] {
            case "OPERATIONAL":
                return created
            case "FAILED":
                _ = try connection.call(RESPCommand("GRAPH.CONSTRAINT", "DROP", name, "UNIQUE", "NODE", target.label, "PROPERTIES", "1", target.property))
                throw FalkorError.server(message: "unique constraint on \(target) failed: the graph holds duplicate values", statement: "GRAPH.CONSTRAINT CREATE \(target)")
            default:
                guard ContinuousClock.now < deadline else {
                    throw FalkorError.timedOut(endpoint: connection.endpoint.description, operation: "the unique constraint on \(target)", seconds: Double(timeout.components.seconds))
                }
                usleep(20_000)
            }
        }
    }

    /// A label or property name for schema statements (which take no parameters): plain
    /// identifiers only.
    static func identifier(_ name: String) throws(FalkorError) -> String {
        guard CypherIdentifier.isPlain(name) else { throw FalkorError.invalidParameter(name: name, reason: "labels and properties in schema statements must be plain identifiers") }
        return name
    }
}
