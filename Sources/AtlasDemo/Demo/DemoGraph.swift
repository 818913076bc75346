import FalkorDBClient
import Foundation
import GraphQueries
import Pipeline
import LocalServices

/// The demo's last part: the dataset loaded into the private FalkorDB under the data folder, one
/// named query run on it, and the server saved and stopped again so the demo leaves nothing running.
package enum DemoGraph {
    /// What the demo prints.
    package struct Summary: Sendable {
        /// Nodes per label and relationships per type.
        package let counts: [String: Int]
        /// `top-tracks --limit 3`, rendered as a table.
        package let topTracks: String
        /// Where the saved graph lives.
        package let file: String
    }

    /// Loads the store at `databaseURL` into graph `musicatlas` of the private server under
    /// `dataDirectory` (`FALKORDB_URL` is ignored, as the demo ignores `DATABASE_URL`).
    package static func run(dataDirectory: String, databaseURL: String, log: @escaping @Sendable (String) -> Void) throws -> Summary {
        let local = try LocalFalkorDB(dataDirectory: dataDirectory)
        // A lease, not a bare start: a graph query running beside the demo keeps the server up.
        let session = try local.acquire(autoStop: true)
        defer { _ = try? local.release(session) }
        let endpoint = session.address
        let connection = try RESPConnection(endpoint: endpoint)
        let report = try GraphLoader(client: connection, options: .init(replace: true), interactive: false, log: log)
            .load(StoreGraphRows(databaseURL: databaseURL), into: GraphServer.defaultGraphName)
        let top = try FalkorGraph(name: GraphServer.defaultGraphName, connection: connection)
            .query(try NamedGraphQuery.topTracks.statement(arguments: [], limit: 3), readOnly: true)
        return Summary(counts: report.counts, topTracks: GraphResultRenderer.table(top), file: local.root + "/graph.rdb")
    }
}
