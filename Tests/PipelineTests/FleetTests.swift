import AtlasDemo
import AtlasStore
import Foundation
import Pipeline
import TestSupport
import XCTest

/// Many machines, no shared disk: PostgreSQL and the S3 server on a "storage" host, the fixture
/// site beside them, and `atlas worker --stage all` on three "worker" hosts (network namespaces,
/// each its own host name and scratch folder) over 30 generated songs. Midway every process of
/// one worker host is killed with SIGKILL. The run must still finish with every job done once,
/// every object in the bucket exactly as the store recorded it, and nothing left in the dead
/// host's leases.
final class FleetTests: XCTestCase {
    private var processes: [Process] = []

    override func tearDown() {
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        super.tearDown()
    }

    private func launch(_ command: [String], environment: [String: String]? = nil, log: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if let environment { process.environment = environment }
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        processes.append(process)
        return process
    }

    private static func postgresBinaries() throws -> String {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        guard let bin = versions.map({ "\(base)/\($0)/bin" }).first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/postgres") }) else {
            throw XCTSkip("PostgreSQL server binaries not installed (make setup)")
        }
        return bin
    }

    func testThreeWorkerHostsOneKilledMidwayFinishEveryJobOnce() throws {
        let network = try TestNetwork(workers: 3)
        addTeardownBlock { network.remove() }
        let root = try makeScratchDirectory("musicatlas-fleet")
        chmod(root, 0o755)
        let address = network.storageAddress

        // PostgreSQL on the storage host (as the postgres user; trust only on this private subnet).
        let bin = try Self.postgresBinaries()
        let pgdata = root + "/pg"
        try FileManager.default.createDirectory(atPath: pgdata, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.ownerAccountName: "postgres", .posixPermissions: 0o700], ofItemAtPath: pgdata)
        let initdb = ProcessRunner.run("/usr/bin/setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", bin + "/initdb", "-D", pgdata, "-U", "postgres",
                                                           "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"])
        XCTAssertEqual(initdb.status, 0, initdb.stderr)
        let hba = try String(contentsOfFile: pgdata + "/pg_hba.conf", encoding: .utf8) + "\nhost all all \(network.subnet).0/24 trust\n"
        try hba.write(toFile: pgdata + "/pg_hba.conf", atomically: true, encoding: .utf8)
        _ = try launch(network.exec(network.storage, ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", bin + "/postgres", "-D", pgdata,
                                                      "-c", "listen_addresses=\(address)", "-c", "port=5432", "-c", "unix_socket_directories=\(pgdata)",
                                                      "-c", "fsync=off", "-c", "max_connections=60"]), log: root + "/postgres.log")
        XCTAssertTrue(TestNetwork.waitListening(address, 5432), "PostgreSQL did not listen on \(address)")
        let databaseURL = "postgresql://postgres@\(address):5432/postgres"

        // The S3 API server (signatures checked) and the fixture site, on the storage host too.
        let s3 = try S3TestServer(buckets: ["fleet"], host: address, wrapper: network.exec(network.storage, []))
        addTeardownBlock { s3.stop() }
        let atlas = try ProcessRunner.toolPath("atlas")
        let site = try launch(network.exec(network.storage, [atlas, "demo-site", "--host", address, "--port", "8080", "--songs", "30", "--seconds", "35"]),
                              log: root + "/site.log")
        XCTAssertTrue(TestNetwork.waitListening(address, 8080), "the fixture site did not listen")
        XCTAssertTrue(site.isRunning)

        // The store: 30 tracks and their search jobs.
        let store = try PostgresConnection(url: databaseURL)
        try SchemaMigrator.migrate(store)
        let catalogue = DemoCatalogue.generated(songs: 30, seconds: 35)
        for artist in catalogue.artists {
            try store.execute("INSERT INTO master_artist (artist_id, artist_name, is_main) VALUES ($1, $2, true)", [artist.id, artist.name], purpose: "test")
        }
        for song in catalogue.songs {
            try store.execute("INSERT INTO master_track (track_id, track_name, streams) VALUES ($1, $2, $3)", [song.id, song.title, String(song.streams)], purpose: "test")
        }
        let queue = JobQueue(connection: store, owner: "test")
        XCTAssertEqual(try queue.enqueue(kind: "search", jobs: catalogue.songs.map {
            (key: $0.id, payload: SearchJobPayload(trackID: $0.id, title: $0.title, artist: catalogue.artists[$0.artists[0]].name, durationMS: 35_000).encoded())
        }), 30)

        // Three worker hosts, each with its own host name, scratch folder and nothing shared.
        var environment = ProcessInfo.processInfo.environment.merging(s3.environment) { $1 }
        environment["DATABASE_URL"] = databaseURL
        environment["YTDLP"] = try YTDLPExecutable.path()
        var workers: [Process] = []
        for (index, namespace) in network.workers.enumerated() {
            let host = "fleet-host-\(index + 1)"
            let command = network.exec(namespace, ["/usr/bin/unshare", "--uts", "/bin/sh", "-c", "hostname \(host) && exec \"$0\" \"$@\"", atlas, "worker",
                                                   "--stage", "all", "--concurrency", "2", "--lease", "5", "--until-empty",
                                                   "--search-feed", "http://\(address):8080/search.rss?q={query}",
                                                   "--data", root + "/\(host)", "--storage", "s3://fleet/run"])
            workers.append(try launch(command, environment: environment, log: root + "/\(host).log"))
        }

        // Midway — host 2 holding a job, a fifth of the windows made — host 2 loses every process.
        var held: [String] = []
        let midway = Date().addingTimeInterval(240)
        while Date() < midway {
            let done = try store.execute("SELECT count(*) AS n FROM jobs WHERE kind = 'spectrogram' AND state = 'done'", purpose: "test")[0].int("n") ?? 0
            held = try store.execute("SELECT kind || ':' || key AS job FROM jobs WHERE state = 'running' AND lease_owner LIKE 'fleet-host-2:%'", purpose: "test")
                .rows.compactMap { $0["job"] }
            if done >= 6, !held.isEmpty { break }
            usleep(20_000)
        }
        let host2Log = (try? String(contentsOfFile: root + "/fleet-host-2.log", encoding: .utf8)) ?? ""
        XCTAssertFalse(held.isEmpty, "host 2 never held a job midway: \(host2Log.suffix(800))")
        XCTAssertGreaterThan(network.killEverything(in: network.workers[1]), 0)
        let killedAt = Date()
        workers[1].waitUntilExit()
        XCTAssertEqual(workers[1].terminationReason, .uncaughtSignal)
        XCTAssertEqual(network.pids(in: network.workers[1]), [], "a process of host 2 survived")

        // The survivors finish everything, taking over host 2's leases once they expire.
        for index in [0, 2] {
            let deadline = Date().addingTimeInterval(300)
            while workers[index].isRunning, Date() < deadline { usleep(100_000) }
            XCTAssertFalse(workers[index].isRunning, "worker \(index + 1) did not finish")
            if workers[index].isRunning { kill(workers[index].processIdentifier, SIGKILL) }
            workers[index].waitUntilExit()
            let log = (try? String(contentsOfFile: root + "/fleet-host-\(index + 1).log", encoding: .utf8)) ?? ""
            XCTAssertEqual(workers[index].terminationStatus, 0, String(log.suffix(1500)))
        }

        // Every job done exactly once; nothing left in host 2's leases; its held jobs taken over.
        let jobs = try store.execute("SELECT kind, key, state, lease_owner, finished_by, attempts FROM jobs", purpose: "test").rows
        XCTAssertEqual(jobs.count, 90)
        for kind in ["search", "download", "spectrogram"] { XCTAssertEqual(jobs.filter { $0["kind"] == kind && $0["state"] == "done" }.count, 30, kind) }
        XCTAssertTrue(jobs.allSatisfy { $0["lease_owner"] == nil }, "a lease is left")
        for job in held {
            let row = try XCTUnwrap(jobs.first { "\($0["kind"]!):\($0["key"]!)" == job })
            XCTAssertEqual(row["state"], "done")
            XCTAssertFalse(row["finished_by"]?.hasPrefix("fleet-host-2:") ?? true, "\(job) finished by the dead host")
            XCTAssertGreaterThanOrEqual(row.int("attempts") ?? 0, 2, job)
        }
        XCTAssertEqual(Set(jobs.compactMap { $0["finished_by"]?.split(separator: ":").first.map(String.init) }).subtracting(["fleet-host-2"]),
                       ["fleet-host-1", "fleet-host-3"])

        // Every window object present exactly once, with the checksum the store recorded; no
        // object the store does not name (a dead host's half-finished job left none behind).
        let recorded = try store.execute("SELECT path, sha256 FROM stored_object WHERE storage = 's3://fleet/run'", purpose: "test").rows
        let windows = try store.execute("SELECT file FROM spectrogram_window", purpose: "test").rows.compactMap { $0["file"] }
        XCTAssertGreaterThanOrEqual(windows.count, 30)
        let state = root + "/s3.json"
        FileManager.default.createFile(atPath: state, contents: try JSONSerialization.data(withJSONObject: [
            "endpoint": s3.endpoint, "access_key_id": s3.accessKeyID, "secret_access_key": s3.secretAccessKey]), attributes: [.posixPermissions: 0o600])
        let listing = ProcessRunner.run(try S3TestServer.python(), [SharedFixtures.packageRoot.appendingPathComponent("scripts/compare-storage.py").path,
                                                                    "--state", state, "--bucket", "fleet", "--prefix", "run", "--json"])
        let objects = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [String: Any])["objects"] as? [String: [String: Any]]
        let bucket = try XCTUnwrap(objects).mapValues { $0["sha256"] as? String ?? "" }
        XCTAssertEqual(bucket, Dictionary(uniqueKeysWithValues: recorded.map { ($0["path"]!, $0["sha256"]!) }))
        XCTAssertTrue(windows.allSatisfy { bucket[$0] != nil }, "a recorded window has no object")
        XCTAssertEqual(bucket.keys.filter { $0.hasPrefix("audio/") }.count, 30)
        XCTAssertEqual(Set(windows).count, windows.count)

        // The survivors left no scratch files; the fleet view tells who stopped and who went silent.
        for host in ["fleet-host-1", "fleet-host-3"] {
            XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: root + "/\(host)/scratch")) ?? [], [], host)
        }
        let status = try ProcessRunner.tool("atlas", ["status", "--json"], environment: environment)
        XCTAssertEqual(status.status, 0, status.stderr)
        let fleet = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])["workers"] as? [[String: Any]] ?? []
        XCTAssertEqual(fleet.count, 3)
        for worker in fleet {
            let host = worker["host"] as? String ?? ""
            if host == "fleet-host-2" {
                XCTAssertEqual(worker["state"] as? String, "silent", "\(worker) (killed \(Date().timeIntervalSince(killedAt)) s ago)")
            } else {
                XCTAssertEqual(worker["state"] as? String, "stopped", "\(worker)")
                XCTAssertEqual(worker["stop_reason"] as? String, "queue empty")
                XCTAssertGreaterThan((worker["done_last_10_min"] as? [String: Int])?["spectrogram"] ?? 0, 0)
            }
            XCTAssertEqual(worker["storage"] as? String, "s3://fleet/run")
        }
        XCTAssertFalse(status.stdout.contains(s3.secretAccessKey))
        for host in ["fleet-host-1", "fleet-host-2", "fleet-host-3"] {
            XCTAssertFalse(try String(contentsOfFile: root + "/\(host).log", encoding: .utf8).contains(s3.secretAccessKey), host)
        }
    }
}
