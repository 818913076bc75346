import AtlasStore
import Foundation
import Pipeline
import StoreTestSupport
import TestSupport
import XCTest

/// The pipeline's database services against a real PostgreSQL: the 2020 seed import and the
/// choice between `DATABASE_URL` and the managed cluster.
final class DatabaseServicesTests: XCTestCase {
    nonisolated(unsafe) private static var cluster: TestCluster!

    override class func setUp() {
        super.setUp()
        cluster = TestCluster(name: "services")
    }

    override class func tearDown() {
        cluster.stop()
        super.tearDown()
    }

    private func connect() throws -> PostgresConnection { try Self.cluster.connect() }

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
