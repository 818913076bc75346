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

    // The four operations below hold the lock for their whole length. `start` is the server's
    // own start (it returns its address and whether it started it), `stop` its own stop; `wrap`
    // turns a lock or lease failure into the server's error type.

    /// Starts the server unless it runs and pins it: it runs until `stop` (an explicit start).
    package func startPinned<Address, Failure: Error>(
        _ start: () throws(Failure) -> (address: Address, started: Bool), wrap: (LocalServerError) -> Failure
    ) throws(Failure) -> (address: Address, started: Bool) {
        let lock = try locked(wrap)
        let result = try start()
        pin()
        _ = consume lock
        return result
    }

    /// Joins the server, starting it when it is not running, and takes a lease. A server this
    /// call starts with `autoStop` is stopped by the last process to `release`; a running server
    /// keeps its own policy.
    package func acquire<Address: Sendable, Failure: Error>(
        autoStop: Bool, _ start: () throws(Failure) -> (address: Address, started: Bool), wrap: (LocalServerError) -> Failure
    ) throws(Failure) -> ServiceSession<Address> {
        let lock = try locked(wrap)
        let (address, started) = try start()
        if started { self.started(autoStop: autoStop) }
        let lease: ServiceLease
        do { lease = try ServiceLease(root: root) } catch { throw wrap(error) }
        _ = consume lock
        return ServiceSession(address: address, startedServer: started, lease: lease)
    }

    /// Gives up `session`'s lease; when the server was started on demand and no other live
    /// process holds a lease, stops it. Returns whether it stopped.
    package func release<Address, Failure: Error>(
        _ session: ServiceSession<Address>, stop: () throws(Failure) -> Bool, wrap: (LocalServerError) -> Failure
    ) throws(Failure) -> Bool {
        let lock = try locked(wrap)
        let last = ServiceLease.liveHolders(root: root, except: session.lease) == 0 && FileManager.default.fileExists(atPath: autoStopMarker)
        let stopped = last ? try stop() : false
        if last { pin() }
        _ = consume lock
        return stopped
    }

    /// Stops the server (an explicit stop). Refuses while other live processes hold leases,
    /// unless `force`; `refusal` words the error for that many users.
    package func stop<Failure: Error>(
        force: Bool, refusal: (Int) -> Failure, _ stop: () throws(Failure) -> Bool, wrap: (LocalServerError) -> Failure
    ) throws(Failure) -> Bool {
        let lock = try locked(wrap)
        let users = ServiceLease.liveHolders(root: root)
        guard users == 0 || force else { throw refusal(users) }
        let stopped = try stop()
        pin()
        _ = consume lock
        return stopped
    }

    /// "N running atlas process(es)", for refusals.
    package static func processes(_ count: Int) -> String { "\(count) running atlas process\(count == 1 ? "" : "es")" }

    private func locked<Failure: Error>(_ wrap: (LocalServerError) -> Failure) throws(Failure) -> LifecycleLock {
        do { return try lock() } catch { throw wrap(error) }
    }

    /// Records how a server that was just started should end: by the last user leaving
    /// (`autoStop`) or only when asked.
    private func started(autoStop: Bool) {
        if autoStop {
            FileManager.default.createFile(atPath: autoStopMarker, contents: Data())
        } else {
            pin()
        }
    }

    /// Makes the running server outlive every command.
    private func pin() { try? FileManager.default.removeItem(atPath: autoStopMarker) }
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
