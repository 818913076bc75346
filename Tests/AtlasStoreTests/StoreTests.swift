import Foundation
import AtlasStore
import StoreTestSupport
import TestSupport
import XCTest

/// The store against a real PostgreSQL server: a private cluster started for this test class
/// (as the `postgres` user when the tests run as root, as in CI) and stopped afterwards.
final class StoreTests: XCTestCase {
    nonisolated(unsafe) private static var cluster: TestCluster!

    override class func setUp() {
        super.setUp()
        cluster = TestCluster(name: "store")
    }

    override class func tearDown() {
        cluster.stop()
        super.tearDown()
    }

    private func connect() throws -> PostgresConnection { try Self.cluster.connect() }

    func testMigrationsApplyOnceAndRerunsChangeNothing() throws {
        let connection = try connect()
        XCTAssertEqual(try SchemaMigrator.migrate(connection), [], "already applied by connect()")
        let versions = try connection.execute("SELECT version FROM schema_migrations ORDER BY version", purpose: "test").rows.compactMap { $0.int("version") }
        XCTAssertEqual(versions, SchemaMigrator.migrations.map(\.version))
        let tables = try connection.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", purpose: "test")
        XCTAssertEqual(Set(tables.values.compactMap { $0[0] }), [
            "master_artist", "master_track", "rel_artist_track", "rel_artist_artist", "related_artist_edge", "master_genre",
            "artist_popularity", "track_url", "step_log", "jobs", "schema_migrations", "track_source", "step_item", "spotify_artist_profile",
            "audio_file", "worker_stop", "artist_identity", "artist_catalog_profile", "spectrogram_recipe", "spectrogram_window", "audio_fingerprint",
            "duplicate_group", "dataset_split", "split_artist", "split_track", "stored_object", "worker_process", "job_event",
        ])
    }

    func testTheFleetViewTellsRunningSilentAndStoppedWorkersAndTheirRates() throws {
        let connection = try connect()
        try connection.execute("DELETE FROM job_event", purpose: "test")
        try connection.execute("DELETE FROM worker_process", purpose: "test")
        try connection.execute("""
            INSERT INTO worker_process (worker, host, pid, stage, storage, heartbeat_s, started_at, last_heartbeat, stopped_at, stop_reason) VALUES
              ('a:1', 'a', 1, 'all', 's3://b/p', 2, now() - interval '20 minutes', now(), NULL, NULL),
              ('b:2', 'b', 2, 'download', 's3://b/p', 2, now() - interval '2 minutes', now() - interval '7 seconds', NULL, NULL),
              ('c:3', 'c', 3, 'all', '/data', 10, now() - interval '30 minutes', now() - interval '25 minutes', now() - interval '25 minutes', 'queue empty')
            """, purpose: "test")
        // a: 20 spectrograms in the last 10 minutes (and 50 older ones that no longer count), 3 failures.
        try connection.execute("""
            INSERT INTO job_event (worker, kind, outcome, failure, at)
            SELECT 'a:1', 'spectrogram', 'done', NULL, now() - interval '1 minute' FROM generate_series(1, 20)
            UNION ALL SELECT 'a:1', 'spectrogram', 'done', NULL, now() - interval '15 minutes' FROM generate_series(1, 50)
            UNION ALL SELECT 'a:1', 'download', 'failed', 'rate-limited', now() FROM generate_series(1, 2)
            UNION ALL SELECT 'a:1', 'download', 'failed', 'unavailable', now()
            UNION ALL SELECT 'b:2', 'download', 'done', NULL, now() FROM generate_series(1, 4)
            """, purpose: "test")
        let fleet = Dictionary(uniqueKeysWithValues: try WorkerStatus.read(connection).map { ($0.worker, $0) })
        XCTAssertEqual(fleet["a:1"]?.state, "running")
        XCTAssertEqual(fleet["a:1"]?.jobsPerMinute, ["spectrogram": 2.0])
        XCTAssertEqual(fleet["a:1"]?.failures, ["rate-limited": 2, "unavailable": 1])
        XCTAssertEqual(fleet["b:2"]?.state, "silent", "three 2 s heartbeats missed")
        XCTAssertEqual(fleet["b:2"]?.jobsPerMinute, ["download": 2.0], "4 jobs over the 2 minutes it has run")
        XCTAssertEqual(fleet["c:3"]?.state, "stopped")
        XCTAssertEqual(fleet["c:3"]?.stopReason, "queue empty")
        XCTAssertEqual(fleet["c:3"]?.doneRecently, [:])
        XCTAssertTrue(fleet["b:2"]?.line.contains("b:2 [download → s3://b/p] silent") ?? false, fleet["b:2"]?.line ?? "")
    }

    /// Migration 5: a pair may be related by several sources, each once; only the four known
    /// sources are stored; a mapping has an external id exactly when it is not `unresolved`.
    func testEdgesKeepOneRowPerSourceAndMappingsCannotBeHalfResolved() throws {
        let connection = try PostgresConnection(url: try Self.cluster.database("store_sources"))
        try connection.execute("INSERT INTO master_artist (artist_id, artist_name, is_main) VALUES ('a', 'A', true), ('b', 'B', true)", purpose: "test")
        for source in ["spotify", "deezer", "lastfm", "kworb-cofeature"] {
            try connection.execute("INSERT INTO related_artist_edge (artist_id, related_id, source, weight) VALUES ('a', 'b', $1, 0.5)", [source], purpose: "test")
        }
        XCTAssertEqual(try connection.execute("SELECT count(*) AS n FROM related_artist_edge", purpose: "test")[0].int("n"), 4)
        XCTAssertThrowsError(try connection.execute("INSERT INTO related_artist_edge (artist_id, related_id, source) VALUES ('a', 'b', 'deezer')", purpose: "test"))
        XCTAssertThrowsError(try connection.execute("INSERT INTO related_artist_edge (artist_id, related_id, source) VALUES ('b', 'a', 'musicbrainz')", purpose: "test"))
        let insert = """
            INSERT INTO artist_identity (artist_id, catalogue, external_id, method, confidence, threshold, evidence) VALUES ('a', 'deezer', $1, $2, 0.4, 0.5, '[]')
            """
        XCTAssertThrowsError(try connection.execute(insert, ["27", "unresolved"], purpose: "test"), "an unresolved mapping names no artist")
        XCTAssertThrowsError(try connection.execute(insert, [nil, "isrc"], purpose: "test"), "a resolved mapping names one")
        XCTAssertThrowsError(try connection.execute(insert, ["27", "guess"], purpose: "test"))
        try connection.execute(insert, [nil, "unresolved"], purpose: "test")
    }

    /// Quotes, semicolons, backslashes, tabs, newlines, emoji, right-to-left text and NULL go
    /// through COPY and parameters verbatim; a NUL byte is refused with a clear error.
    func testAwkwardValuesRoundTripThroughCopyAndParameters() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE awkward (id int, name text)", purpose: "test")
        let names: [String?] = ["Royce Da 5'9\"", "A;B", "back\\slash", "tab\there", "line\nbreak", "cr\rhere", "🎸 Ünïcödé", "مغني الراب", "\\N", nil, ""]
        let copied = try connection.copy(into: "awkward", columns: ["id", "name"],
                                         rows: names.enumerated().map { [String($0.offset), $0.element] }, purpose: "test copy")
        XCTAssertEqual(copied, names.count)
        let back = try connection.execute("SELECT name FROM awkward ORDER BY id", purpose: "test")
        XCTAssertEqual(back.values.map { $0[0] }, names)
        let found = try connection.execute("SELECT id FROM awkward WHERE name = $1", ["Robert'); DROP TABLE awkward;--"], purpose: "test")
        XCTAssertEqual(found.count, 0)
        XCTAssertEqual(try connection.execute("SELECT id FROM awkward WHERE name = $1", ["A;B"], purpose: "test")[0].int("id"), 1)
        XCTAssertThrowsError(try connection.copy(into: "awkward", columns: ["id", "name"], rows: [["99", "nul\u{0}byte"]], purpose: "test copy")) { error in
            XCTAssertTrue("\(error)".contains("NUL byte"), "\(error)")
        }
        XCTAssertEqual(try connection.execute("SELECT count(*) AS n FROM awkward", purpose: "test")[0].int("n"), names.count, "nothing half-written")
        XCTAssertThrowsError(try connection.copy(into: "awkward; DROP TABLE x", columns: ["id"], rows: [["1"]], purpose: "test"))
    }

    func testErrorsCarrySQLStateAndPurpose() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE unique_things (id int PRIMARY KEY)", purpose: "test")
        try connection.execute("INSERT INTO unique_things VALUES ($1)", ["1"], purpose: "first insert")
        XCTAssertThrowsError(try connection.execute("INSERT INTO unique_things VALUES ($1)", ["1"], purpose: "insert a duplicate")) { error in
            let error = error as? PostgresError
            XCTAssertEqual(error?.sqlState, "23505")
            XCTAssertTrue(error?.isUniqueViolation ?? false)
            XCTAssertEqual(error?.purpose, "insert a duplicate")
        }
        XCTAssertThrowsError(try PostgresConnection(url: "postgresql://nobody:secret-pw@127.0.0.1:1/x?connect_timeout=2")) { error in
            XCTAssertEqual((error as? PostgresError)?.purpose, "connect")
            XCTAssertFalse("\(error)".contains("secret-pw"))
        }
    }

    func testTransactionsRollBackOnError() throws {
        let connection = try connect()
        try connection.execute("CREATE TEMP TABLE tx (id int)", purpose: "test")
        struct Boom: Error {}
        XCTAssertThrowsError(try connection.transaction("test") {
            try connection.execute("INSERT INTO tx VALUES (1)", purpose: "test")
            throw Boom()
        })
        XCTAssertEqual(try connection.execute("SELECT count(*) AS n FROM tx", purpose: "test")[0].int("n"), 0)
    }

    func testListenNotifyBetweenConnections() throws {
        let listener = try connect(), sender = try connect()
        try listener.listen("jobs_ready")
        try sender.notify("jobs_ready", payload: "download")
        let received = try listener.notifications(timeout: 5)
        XCTAssertEqual(received.map(\.channel), ["jobs_ready"])
        XCTAssertEqual(received.map(\.payload), ["download"])
        XCTAssertEqual(try listener.notifications(timeout: 0.1).count, 0)
    }
}
