import FalkorDBClient
import Foundation
import LocalServices
import Synchronization

/// Which FalkorDB the graph commands use: `FALKORDB_URL` when set, else the private server under
/// the data directory (`LocalFalkorDB`), started on demand and left running for the next query.
package enum GraphServer {
    /// The default graph name.
    package static let defaultGraphName = "musicatlas"

    /// Leases on the private server this process holds; kept until the process exits (the kernel
    /// releases them then), so a demo finishing beside a running query does not stop the server
    /// under it.
    private static let leases = Mutex<[ServiceLease]>([])

    /// The endpoint to use. Without `FALKORDB_URL` and with `startIfNeeded`, the private server is
    /// started and `log` says so (it keeps running until `atlas graph stop`).
    package static func endpoint(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String,
                                startIfNeeded: Bool, log: (String) -> Void) throws -> RedisEndpoint {
        if let url = environment["FALKORDB_URL"], !url.isEmpty { return try RedisEndpoint(url: url) }
        let local = try LocalFalkorDB(dataDirectory: dataDirectory, environment: environment)
        guard local.endpoint != nil || startIfNeeded else {
            throw LocalServerError("no FalkorDB is running for \(local.root) (atlas graph start, or set FALKORDB_URL)")
        }
        let session = try local.acquire(autoStop: false)
        leases.withLock { $0.append(session.lease) }
        if session.startedServer {
            log("started FalkorDB on \(session.address) (data in \(local.root); `atlas graph stop` saves and stops it)")
        }
        return session.address
    }
}
