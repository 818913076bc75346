import AtlasStore
import Foundation
import Pipeline
import StoreTestSupport
import Synchronization
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

    /// Right after the import the planner has statistics (a manual ANALYZE, not autovacuum's), and
    /// the queue step's own progress line counts the time it spent reading the tracks.
    func testImportSeedLeavesStatisticsAndTheQueueStepReportsItsRealTime() async throws {
        let seed = (try SharedFixtures.path("seed-2020/master_artist.csv") as NSString).deletingLastPathComponent
        let url = try Self.cluster.database("services_analyze")
        let connection = try PostgresConnection(url: url)
        try SeedImporter(directory: seed).run(on: connection)
        let analysed = try connection.execute("""
            SELECT count(*) AS n FROM pg_stat_user_tables
            WHERE relname IN ('master_artist', 'master_track', 'rel_artist_track', 'rel_artist_artist', 'related_artist_edge') AND last_analyze IS NOT NULL
            """, purpose: "test")[0].int("n")
        XCTAssertEqual(analysed, 5)
        let lines = LineLog()
        let context = try StepContext(connection: try PostgresConnection(url: url), configuration: PipelineConfiguration(mode: .seed2020, dataDirectory: try makeScratchDirectory()),
                                      interactive: false, log: { lines.append($0) })
        let report = try await PipelineRunner(context: context).run([.queue])[0]
        XCTAssertTrue(report.outcome.detail.contains("59895 new search jobs"), report.outcome.detail)
        let line = try XCTUnwrap(lines.all.last { $0.hasPrefix("queue: ") && $0.contains("new search jobs") })
        let reported = try XCTUnwrap(line.split(separator: "(").last.flatMap { Double($0.split(separator: " ")[0]) })
        // The step's line may omit the runner's own bookkeeping (step_log, ANALYZE), not its read.
        XCTAssertGreaterThanOrEqual(reported + 0.5, report.seconds * 0.5, "\(line) vs \(report.seconds) s")
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

/// Collects log lines from any thread.
final class LineLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
