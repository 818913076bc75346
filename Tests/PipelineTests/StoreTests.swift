import Foundation
import Pipeline
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
        ])
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

    /// `atlas import-seed` of the full 2020 data: exact row counts, and a rerun gives the same.
    func testImportSeedLoadsThe2020CountsIdempotently() throws {
        let seed = (try SharedFixtures.path("seed-2020/master_artist.csv") as NSString).deletingLastPathComponent
        let connection = try connect()
        let expected = SeedImporter.Counts(artists: 10146, tracks: 59895, artistTrack: 83957, relatedEdges: 82134, relatedRows: 256151)
        XCTAssertEqual(try SeedImporter(directory: seed).run(on: connection), expected)
        XCTAssertEqual(try SeedImporter(directory: seed).run(on: connection), expected)
        let counts = Dictionary(uniqueKeysWithValues: try AtlasDatabase.counts(connection).map { ($0.table, $0.rows) })
        XCTAssertEqual(counts["master_artist"], 10146)
        XCTAssertEqual(counts["rel_artist_artist"], 256151)
        let first = try connection.execute("SELECT artist_id, artist_name FROM master_artist ORDER BY ordinal LIMIT 1", purpose: "test")[0]
        XCTAssertEqual(first["artist_name"], "Drake")
        let royce = try connection.execute("SELECT artist_name FROM master_artist WHERE artist_id = $1", ["6DVipHzYsPlIoA0DW8Gmns"], purpose: "test")
        XCTAssertEqual(royce[0]["artist_name"], "Royce Da 5 9\"")
        let nan = try connection.execute("SELECT track_name FROM master_track WHERE track_id = $1", ["NaN"], purpose: "test")
        XCTAssertEqual(nan.count, 1, "the seed's literal NaN id (B1) is kept")
    }

    func testDatabaseURLWinsOverTheManagedCluster() throws {
        let url = try Self.cluster.requireURL()
        let database = try AtlasDatabase(environment: ["DATABASE_URL": url], dataDirectory: NSTemporaryDirectory() + "unused-\(UUID().uuidString)")
        XCTAssertEqual(database.url, url)
        _ = try database.connect()
        database.release()
        XCTAssertTrue(PostgresConnection.isAccepting(url), "release() leaves a server it did not start running")
    }
}
