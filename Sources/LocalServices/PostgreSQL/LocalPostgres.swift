import AtlasStore
import Foundation

/// A private PostgreSQL cluster under `<data>/pg`, used when `DATABASE_URL` is unset.
///
/// `initdb` (UTF-8, C collation — byte order, as the seed's tie rules assume — trust
/// authentication, which is safe because the server listens on 127.0.0.1 only and its socket lives
/// in the private folder) and `pg_ctl` from the installed server. PostgreSQL refuses to run as
/// root, so when started by root the cluster belongs to, and runs as, the `postgres` system user.
///
/// The cluster is shared by every `atlas` process using the data directory (Docs/pipeline.md,
/// "The managed database"): starting, joining, leaving and stopping happen under one
/// `LifecycleLock`; each user holds a `ServiceLease`; a server started on demand
/// (`acquire(autoStop: true)`) is stopped by the last user to leave, one started by `atlas db
/// start` runs until `atlas db stop`. `initdb` writes into `data.init` and the folder is renamed
/// to `data` only when it finished, so a first run killed during `initdb` leaves nothing that a
/// later run mistakes for a cluster.
package struct LocalPostgres: Sendable {
    /// `<data>/pg`.
    package let root: String
    /// The server's binaries (`initdb`, `pg_ctl`).
    package let binaries: String
    /// The database the pipeline uses.
    package static let database = "musicatlas"
    /// The superuser `initdb` creates.
    package static let user = "musicatlas"
    /// How long a start may take before it is reported as failed.
    static let startTimeout: TimeInterval = 60

    /// A cluster under `dataDirectory/pg`, with binaries found automatically unless given.
    package init(dataDirectory: String, binaries: String? = nil) throws(PostgresError) {
        root = (URL(fileURLWithPath: dataDirectory).standardizedFileURL.path as NSString).appendingPathComponent("pg")
        guard let found = binaries ?? Self.findBinaries() else {
            throw PostgresError(sqlState: nil, message: "no PostgreSQL server binaries found (apt-get install postgresql)", purpose: "find initdb")
        }
        self.binaries = found
    }

    private var clusterDirectory: String { root + "/data" }
    private var initDirectory: String { root + "/data.init" }
    private var socketDirectory: String { root + "/socket" }
    private var portFile: String { root + "/port" }
    private var logFile: String { root + "/server.log" }
    private static var isRoot: Bool { getuid() == 0 }

    /// The URL of the running cluster, if it is running.
    package var url: String? {
        guard let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            isRunning
        else { return nil }
        return "postgresql://\(Self.user)@127.0.0.1:\(port)/\(Self.database)?connect_timeout=10"
    }

    /// Whether the postmaster recorded in the cluster is alive.
    package var isRunning: Bool {
        guard let pidText = try? String(contentsOfFile: clusterDirectory + "/postmaster.pid", encoding: .utf8),
            let pid = pidText.split(separator: "\n").first.flatMap({ Int32($0) })
        else { return false }
        return kill(pid, 0) == 0
    }

    /// One process's use of the cluster (`address` is its URL).
    package typealias Session = ServiceSession<String>

    private var lifecycle: ServiceLifecycle { ServiceLifecycle(root: root) }

    /// Starts the cluster (creating it on first use) if it is not running and returns its URL.
    /// A server started here runs until `stop()` (`atlas db start`): it is never stopped by
    /// another command leaving.
    @discardableResult
    package func start() throws(PostgresError) -> String {
        try lifecycle.startPinned(startLocked, wrap: Self.wrap("lock the cluster folder")).address
    }

    /// Joins the cluster, starting it (and creating it on first use) when it is not running, and
    /// takes a lease on it. With `autoStop`, a server this call starts is stopped by the last
    /// process to `release` its session; a running server keeps its own policy.
    package func acquire(autoStop: Bool) throws(PostgresError) -> Session {
        try lifecycle.acquire(autoStop: autoStop, startLocked, wrap: Self.wrap("join PostgreSQL"))
    }

    /// Leaves the cluster: gives up the session's lease and, when the server was started on
    /// demand and no other live process holds a lease, stops it. Returns whether it stopped.
    @discardableResult
    package func release(_ session: Session) throws(PostgresError) -> Bool {
        try lifecycle.release(session, stop: stopLocked, wrap: Self.wrap("leave PostgreSQL"))
    }

    private static func wrap(_ purpose: String) -> (LocalServerError) -> PostgresError {
        { PostgresError(sqlState: nil, message: $0.message, purpose: purpose) }
    }

    /// Starts the server unless it runs (the caller holds the lifecycle lock); its URL and
    /// whether this call started it.
    private func startLocked() throws(PostgresError) -> (address: String, started: Bool) {
        if let url { return (url, false) }
        try prepareDirectories()
        try initialiseIfNeeded()
        let port: Int
        do { port = try LoopbackPort.free() } catch { throw PostgresError(sqlState: nil, message: error.message, purpose: "find a free port") }
        // The port file first: a concurrent `atlas` must find this server, not start a second one.
        do {
            try String(port).write(toFile: portFile, atomically: true, encoding: .utf8)
        } catch {
            throw PostgresError(sqlState: nil, message: "cannot write \(portFile): \(error.localizedDescription)", purpose: "start PostgreSQL")
        }
        // No `-w`: readiness is checked here with a real connection, so a start that fails says
        // why (the connection error) instead of pg_ctl's "could not start server".
        try run(binaries + "/pg_ctl", [
            "-D", clusterDirectory, "-l", logFile, "-W",
            "-o", "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories=\(socketDirectory)",
            "start",
        ], purpose: "start PostgreSQL")
        let probe = "postgresql://\(Self.user)@127.0.0.1:\(port)/postgres?connect_timeout=2"
        let started = Date()
        while let problem = PostgresConnection.connectionProblem(probe) {
            let waited = Date().timeIntervalSince(started)
            if problem.contains("does not exist") {
                // The server runs but its catalogue is incomplete: a cluster made by an older
                // version whose first `initdb` was interrupted.
                throw PostgresError(sqlState: nil, message: "the cluster in \(clusterDirectory) is incomplete (\(problem)); its first initdb was probably interrupted. Recover with: atlas db stop --force --data <DATA> && rm -rf \(root) (the next command creates a new cluster; what it held is lost), or set DATABASE_URL",
                                    purpose: "start PostgreSQL")
            }
            guard waited < Self.startTimeout else {
                throw PostgresError(sqlState: nil, message: "the server did not accept connections within \(Int(Self.startTimeout)) s (\(problem); log: \(logFile))",
                                    purpose: "start PostgreSQL")
            }
            // pg_ctl returns before the postmaster writes its pid file; give it a moment first.
            if waited > 2, !isRunning {
                throw PostgresError(sqlState: nil, message: "the server exited while starting (log: \(logFile))", purpose: "start PostgreSQL")
            }
            usleep(100_000)
        }
        let admin = try PostgresConnection(url: "postgresql://\(Self.user)@127.0.0.1:\(port)/postgres?connect_timeout=10")
        let exists = try admin.execute("SELECT 1 FROM pg_database WHERE datname = $1", [Self.database], purpose: "look for the database")
        if exists.count == 0 {
            try admin.execute("CREATE DATABASE \(Self.database) TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'", purpose: "create the database")
        }
        return ("postgresql://\(Self.user)@127.0.0.1:\(port)/\(Self.database)?connect_timeout=10", true)
    }

    /// Stops the cluster (fast shutdown) if it is running (`atlas db stop`). Refuses while other
    /// live processes hold a lease on it, naming how many, unless `force`.
    package func stop(force: Bool = false) throws(PostgresError) {
        let root = self.root
        _ = try lifecycle.stop(force: force, refusal: { users in
            PostgresError(sqlState: nil, message: "\(ServiceLifecycle.processes(users)) still use the cluster in \(root); stop them first (or use --force, which cuts their connections)",
                          purpose: "stop PostgreSQL")
        }, stopLocked, wrap: Self.wrap("stop PostgreSQL"))
    }

    /// Creates the cluster on first use. `initdb` writes into `data.init`, renamed to `data` when
    /// it succeeded; a leftover `data.init` is what a killed first run left, and is removed (the
    /// lifecycle lock guarantees no live command is still writing it).
    private func initialiseIfNeeded() throws(PostgresError) {
        let files = FileManager.default
        if files.fileExists(atPath: clusterDirectory + "/PG_VERSION") { return }
        if files.fileExists(atPath: clusterDirectory) {
            // A `data` without PG_VERSION holds nothing PostgreSQL could have written.
            try? files.removeItem(atPath: clusterDirectory)
        }
        if files.fileExists(atPath: initDirectory) {
            // A killed first run's `initdb` outlives it (it was a child, not a thread) and may
            // still be writing there: end it before starting afresh.
            ChildProcess.killProcesses(mentioning: initDirectory)
            try? files.removeItem(atPath: initDirectory)
        }
        try run(binaries + "/initdb", ["-D", initDirectory, "-U", Self.user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"],
                purpose: "initdb")
        guard rename(initDirectory, clusterDirectory) == 0 else {
            throw PostgresError(sqlState: nil, message: "cannot rename \(initDirectory) to \(clusterDirectory): \(String(cString: strerror(errno)))", purpose: "initdb")
        }
    }

    /// Stops the server if it runs (the caller holds the lifecycle lock); whether it ran.
    private func stopLocked() throws(PostgresError) -> Bool {
        guard isRunning else { return false }
        try run(binaries + "/pg_ctl", ["-D", clusterDirectory, "-m", "fast", "-W", "stop"], purpose: "stop PostgreSQL")
        // Wait for the postmaster to exit (it removes postmaster.pid), as `-w` would.
        let deadline = Date().addingTimeInterval(60)
        while isRunning, Date() < deadline { usleep(100_000) }
        return true
    }

    private func prepareDirectories() throws(PostgresError) {
        do {
            for directory in [root, socketDirectory] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
        } catch {
            throw PostgresError(sqlState: nil, message: "cannot create \(root): \(error.localizedDescription)", purpose: "prepare the cluster folder")
        }
        guard Self.isRoot else { return }
        // The server runs as `postgres`: it must own its folders and reach them.
        try run("/bin/chown", ["-R", "postgres:postgres", root], purpose: "hand the cluster folder to postgres", asPostgres: false)
        try run("/bin/chmod", ["700", root], purpose: "protect the cluster folder", asPostgres: false)
        do {
            try run("/usr/bin/test", ["-w", root], purpose: "check access", asPostgres: true)
        } catch {
            throw PostgresError(sqlState: nil, message: "the postgres user cannot reach \(root); every parent folder needs o+x (or set DATABASE_URL)",
                                purpose: "prepare the cluster folder")
        }
    }

    /// Runs a server tool, as `postgres` when we are root; on failure the error quotes the end of
    /// its output.
    private func run(_ tool: String, _ arguments: [String], purpose: String, asPostgres: Bool = true) throws(PostgresError) {
        let capture = NSTemporaryDirectory() + "musicatlas-pgtool-\(UUID().uuidString).log"
        defer { try? FileManager.default.removeItem(atPath: capture) }
        let status: Int32
        do {
            status = Self.isRoot && asPostgres
                ? try ChildProcess.run("/usr/sbin/runuser", ["-u", "postgres", "--", tool] + arguments, output: capture)
                : try ChildProcess.run(tool, arguments, output: capture)
        } catch {
            throw PostgresError(sqlState: nil, message: error.message, purpose: purpose)
        }
        guard status == 0 else {
            let text = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
            let tail = text.split(separator: "\n").suffix(3).joined(separator: " / ")
            throw PostgresError(sqlState: nil, message: "\((tool as NSString).lastPathComponent) exited \(status): \(tail) (log: \(logFile))", purpose: purpose)
        }
    }

    /// The newest `/usr/lib/postgresql/<version>/bin` with `initdb`.
    static func findBinaries() -> String? {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted(by: >)
        return versions.map { "\(base)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }
}
