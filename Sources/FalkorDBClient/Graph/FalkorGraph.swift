/// One named graph on a FalkorDB server, queried with Cypher over a `RESPConnection`.
///
/// Results use the compact format (typed values; label, key and type names resolved through the
/// `db.*` procedures and cached). Server errors become `FalkorError.server` naming the statement;
/// the data in parameters is never echoed.
public final class FalkorGraph {
    /// The graph's key on the server.
    public let name: String
    /// The connection used.
    public let connection: RESPConnection
    private var names = GraphSchemaNames()

    /// The graph `name` reached through `connection`.
    public init(name: String, connection: RESPConnection) {
        self.name = name
        self.connection = connection
    }

    /// Runs `statement`. `timeout` is passed to the server (which aborts the query) and bounds the
    /// wait for the reply; `readOnly` uses `GRAPH.RO_QUERY`, which the server refuses for writes.
    @discardableResult
    public func query(_ statement: CypherStatement, timeout: Duration? = nil, readOnly: Bool = false) throws(FalkorError) -> GraphResult {
        try send(statement, timeout: timeout, readOnly: readOnly)
        return try receive(statement, timeout: timeout)
    }

    /// Runs `text` with `parameters`.
    @discardableResult
    public func query(_ text: String, _ parameters: [String: CypherValue] = [:], timeout: Duration? = nil, readOnly: Bool = false) throws(FalkorError) -> GraphResult {
        try query(CypherStatement(text, parameters: parameters), timeout: timeout, readOnly: readOnly)
    }

    /// Sends `statement` without waiting (pipelining); collect the result with `receive` in order.
    public func send(_ statement: CypherStatement, timeout: Duration? = nil, readOnly: Bool = false) throws(FalkorError) {
        var arguments: [[UInt8]] = [Array(name.utf8), try statement.encoded(), Array("--compact".utf8)]
        if let timeout {
            let (seconds, attoseconds) = timeout.components
            let milliseconds = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
            arguments += [Array("timeout".utf8), Array(String(milliseconds).utf8)]
        }
        try connection.send(RESPCommand(readOnly ? "GRAPH.RO_QUERY" : "GRAPH.QUERY", arguments))
    }

    /// The result of `statement`, sent earlier with `send`.
    public func receive(_ statement: CypherStatement, timeout: Duration? = nil) throws(FalkorError) -> GraphResult {
        // The server enforces `timeout`; the socket waits a little longer so the server's own
        // "Query timed out" error arrives instead of a dropped connection.
        let reply = try connection.receive(timeout: timeout.map { $0 + .seconds(5) }, operation: "GRAPH.QUERY")
        return try decode(reply, statement: statement.text)
    }

    /// Whether the graph exists (`GRAPH.LIST`). Queries on a missing graph would create it empty.
    public func exists() throws(FalkorError) -> Bool {
        let reply = try connection.call(RESPCommand("GRAPH.LIST"))
        if case .error(let message) = reply { throw FalkorError.server(message: message, statement: "GRAPH.LIST") }
        guard let keys = reply.elements else { throw malformed("GRAPH.LIST: \(reply.summary)") }
        return keys.contains { $0.text == name }
    }

    /// Deletes the graph; `false` when it did not exist.
    @discardableResult
    public func delete() throws(FalkorError) -> Bool {
        guard try exists() else { return false }
        let reply = try connection.call(RESPCommand("GRAPH.DELETE", name))
        if case .error(let message) = reply { throw FalkorError.server(message: message, statement: "GRAPH.DELETE") }
        names = GraphSchemaNames()
        return true
    }

    /// Atomically replaces graph `target` (if any) with this one (`RENAME`).
    public func rename(to target: String) throws(FalkorError) {
        let reply = try connection.call(RESPCommand("RENAME", name, target))
        if case .error(let message) = reply { throw FalkorError.server(message: message, statement: "RENAME") }
    }

    private func decode(_ reply: RESPValue, statement: String) throws(FalkorError) -> GraphResult {
        if case .error(let message) = reply { throw FalkorError.server(message: message, statement: statement) }
        // A run-time error after the header arrives as the reply's last element.
        if let parts = reply.elements, case .error(let message)? = parts.last {
            throw FalkorError.server(message: message, statement: statement)
        }
        for attempt in 0 ..< 2 {
            do {
                return try CompactResultDecoder(names: names).decode(reply)
            } catch is CompactResultDecoder.UnknownName {
                guard attempt == 0 else { break }
                names = try fetchNames()
            } catch let error as CompactResultDecoder.Malformed {
                throw malformed("\(error.detail) (in the reply to \(FalkorError.excerpt(statement)))")
            } catch {
                throw malformed("\(error)")
            }
        }
        throw malformed("the reply names a label, key or type the server does not list")
    }

    private func fetchNames() throws(FalkorError) -> GraphSchemaNames {
        func list(_ procedure: String) throws(FalkorError) -> [String] {
            let result = try query("CALL \(procedure)()", readOnly: true)
            return result.rows.compactMap { $0.first?.string }
        }
        return GraphSchemaNames(labels: try list("db.labels"), propertyKeys: try list("db.propertyKeys"),
                                relationshipTypes: try list("db.relationshipTypes"))
    }

    func malformed(_ detail: String) -> FalkorError {
        FalkorError.malformedReply(endpoint: connection.endpoint.description, detail: detail)
    }
}
