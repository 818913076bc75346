// Query FalkorDB with Cypher parameters and read typed results. Needs a server:
// `atlas graph start` prints nothing but starts one; `atlas graph url` prints its URL.
// Run: swift run QueryFalkorDB redis://127.0.0.1:6379
import FalkorDBClient

let url = CommandLine.arguments.dropFirst().first ?? "redis://127.0.0.1:6379"
do {
    let connection = try RESPConnection(endpoint: try RedisEndpoint(url: url))
    let graph = FalkorGraph(name: "snippet", connection: connection)
    // Parameters are sent as literals with FalkorDB's escaping; names with quotes are safe.
    _ = try graph.query("MERGE (:Artist {artist_id: $id, artist_name: $name})", ["id": "a1", "name": "Royce \"Da\" 5'9"])
    let result = try graph.query("MATCH (a:Artist) RETURN a.artist_name AS name, a", readOnly: true)
    for row in result.rows {
        if case .string(let name) = row[0], case .node(let node) = row[1] { print("\(name): node \(node.id) \(node.labels)") }
    }
    _ = try graph.delete()
} catch {
    // Errors name the endpoint (password masked) and the statement, never the parameters.
    print("\(error)")
}
