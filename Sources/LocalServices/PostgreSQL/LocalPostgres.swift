import AtlasStore
import Foundation

/// A private PostgreSQL cluster under `<data>/pg`, used when `DATABASE_URL` is unset.
///
/// `initdb` (UTF-8, C collation — byte order, as the seed's tie rules assume — trust
/// authentication, which is safe because the server listens on 127.0.0.1 only and its socket lives
/// in the private folder) and `pg_ctl` from the installed server. PostgreSQL refuses to run as
/// root, so when started by root the cluster belongs to, and runs as, the `postgres` system user.
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

    /// Starts the cluster (creating it on first use) and returns its URL.
    @discardableResult
    package func start() throws(PostgresError) -> String {
        if let url { return url }
        try prepareDirectories()
        if !FileManager.default.fileExists(atPath: clusterDirectory + "/PG_VERSION") {
            try run(binaries + "/initdb", ["-D", clusterDirectory, "-U", Self.user, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"],
                    purpose: "initdb")
        }
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
        return "postgresql://\(Self.user)@127.0.0.1:\(port)/\(Self.database)?connect_timeout=10"
    }

    /// Stops the cluster (fast shutdown) if it is running.
    package func stop() throws(PostgresError) {
        guard isRunning else { return }
        try run(binaries + "/pg_ctl", ["-D", clusterDirectory, "-m", "fast", "-W", "stop"], purpose: "stop PostgreSQL")
        // Wait for the postmaster to exit (it removes postmaster.pid), as `-w` would.
        let deadline = Date().addingTimeInterval(60)
        while isRunning, Date() < deadline { usleep(100_000) }
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
