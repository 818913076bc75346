import FalkorDBClient
import Foundation
import LocalServices

/// Which FalkorDB the graph commands use: `FALKORDB_URL` when set, else the private server under
/// the data directory (`LocalFalkorDB`), started on demand and left running for the next query.
package enum GraphServer {
    /// The default graph name.
    package static let defaultGraphName = "musicatlas"

    /// The endpoint to use. Without `FALKORDB_URL` and with `startIfNeeded`, the private server is
    /// started and `log` says so (it keeps running until `atlas graph stop`).
    package static func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String,
                                startIfNeeded: Bool, log: (String) -> Void) throws -> RedisEndpoint {
        if let url = environment["FALKORDB_URL"], !url.isEmpty { return try RedisEndpoint(url: url) }
        let local = try LocalFalkorDB(dataDirectory: dataDirectory, environment: environment)
        if let endpoint = local.endpoint { return endpoint }
        guard startIfNeeded else {
            throw LocalServerError("no FalkorDB is running for \(local.root) (atlas graph start, or set FALKORDB_URL)")
        }
        let (endpoint, _) = try local.start()
        log("started FalkorDB on \(endpoint) (data in \(local.root); `atlas graph stop` saves and stops it)")
        return endpoint
    }
}
