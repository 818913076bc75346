import Foundation

/// The rules one managed local server (the PostgreSQL cluster, the private FalkorDB) is shared
/// by: every change happens under its `LifecycleLock`; each process that uses it holds a
/// `ServiceLease`; a server started on demand carries an `autostop` marker and is stopped by the
/// last process to leave it; a server started explicitly (`atlas db start`, `atlas graph start`)
/// has none and runs until it is stopped explicitly.
package struct ServiceLifecycle: Sendable {
    /// The server's folder (`DATA/pg`, `DATA/falkordb`).
    package let root: String

    /// The lifecycle of the server kept in `root`.
    package init(root: String) { self.root = root }

    private var autoStopMarker: String { root + "/autostop" }

    /// Takes the lifecycle lock (waiting for another command to finish starting or stopping).
    package func lock() throws(LocalServerError) -> LifecycleLock { try LifecycleLock(directory: root) }

    /// Records how a server that was just started should end: by the last user leaving
    /// (`autoStop`) or only when asked. Call with the lock held.
    package func started(autoStop: Bool) {
        if autoStop {
            FileManager.default.createFile(atPath: autoStopMarker, contents: Data())
        } else {
            pin()
        }
    }

    /// Makes the running server outlive every command (an explicit start). Call with the lock held.
    package func pin() { try? FileManager.default.removeItem(atPath: autoStopMarker) }

    /// A lease for this process. Call with the lock held.
    package func join() throws(LocalServerError) -> ServiceLease { try ServiceLease(root: root) }

    /// Whether the process giving up `lease` should stop the server now: it was started on
    /// demand and no other live process holds a lease. Call with the lock held.
    package func isLastUser(leaving lease: ServiceLease) -> Bool {
        ServiceLease.liveHolders(root: root, except: lease) == 0 && FileManager.default.fileExists(atPath: autoStopMarker)
    }

    /// Live processes holding a lease (stale leases are removed). Call with the lock held.
    package func users() -> Int { ServiceLease.liveHolders(root: root) }
}

/// One process's use of a managed server: its address and the lease that keeps it running.
package struct ServiceSession<Address: Sendable>: Sendable {
    /// Where the server listens (a URL, an endpoint).
    package let address: Address
    /// Whether this process started the server.
    package let startedServer: Bool
    /// The lease; released when the session is given back.
    package let lease: ServiceLease

    /// A session.
    package init(address: Address, startedServer: Bool, lease: ServiceLease) {
        self.address = address
        self.startedServer = startedServer
        self.lease = lease
    }
}
