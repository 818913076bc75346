import AtlasStore
import FalkorDBClient
import Foundation
import GraphQueries
import LocalServices
import MusicGraph
import Pipeline
import StoreTestSupport
import TestSupport
import XCTest

/// The live graph: the 2020 dataset loaded from the store into a real FalkorDB (started and
/// stopped by these tests), checked against the same store with SQL.
final class GraphTests: XCTestCase {
    static let cluster = TestCluster(name: "graph")
    nonisolated(unsafe) private static var server: LocalFalkorDB?
    nonisolated(unsafe) private static var serverError: Error?
    nonisolated(unsafe) private static var seedLoad: (database: String, output: ProcessRunner.Outcome)?
    private static let folder = NSTemporaryDirectory() + "musicatlas-graphtests-\(ProcessInfo.processInfo.processIdentifier)"

    override class func setUp() {
        super.setUp()
        do {
            let local = try LocalFalkorDB(dataDirectory: folder, searchRoots: [SharedFixtures.packageRoot.path])
            try local.start()
            server = local
        } catch {
            serverError = error
        }
    }

    override class func tearDown() {
        _ = try? server?.stop()
        cluster.stop()
        try? FileManager.default.removeItem(atPath: folder)
        super.tearDown()
    }

    private func endpoint() throws -> RedisEndpoint {
        guard let endpoint = Self.server?.endpoint else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("FalkorDB did not start in CI: \(String(describing: Self.serverError))") }
            throw XCTSkip("no FalkorDB: \(String(describing: Self.serverError))")
        }
        return endpoint
    }

    private func graph(_ name: String) throws -> FalkorGraph {
        FalkorGraph(name: name, connection: try RESPConnection(endpoint: try endpoint()))
    }

    // MARK: The 2020 data

    /// `atlas import-seed`'s tables plus `infer` (seed2020) in the store, then `atlas graph load`,
    /// once for the class.
    private func loadSeedGraph() async throws -> (connection: PostgresConnection, graph: FalkorGraph) {
        let endpoint = try endpoint()
        if Self.seedLoad == nil {
            let database = try Self.cluster.database("graph_seed")
            let connection = try PostgresConnection(url: database)
            _ = try SeedImporter(directory: try SharedFixtures.path("seed-2020")).run(on: connection)
            let data = try makeScratchDirectory("musicatlas-graph-seed")
            let context = try StepContext(connection: connection, configuration: PipelineConfiguration(mode: .seed2020, dataDirectory: data),
                                          interactive: false, log: { _ in })
            try await PipelineRunner(context: context).run([.infer])
            let load = try ProcessRunner.tool("atlas", ["graph", "load", "--graph", "seed"],
                                              environment: ["DATABASE_URL": database, "FALKORDB_URL": endpoint.redactedURL])
            Self.seedLoad = (database, load)
        }
        let (database, load) = try XCTUnwrap(Self.seedLoad)
        XCTAssertEqual(load.status, 0, load.stderr)
        return (try PostgresConnection(url: database), try graph("seed"))
    }

    private func sqlCount(_ connection: PostgresConnection, _ sql: String) throws -> Int {
        try XCTUnwrap(try connection.execute(sql, purpose: "count")[0].int("n"))
    }

    func testSeedGraphHoldsExactlyTheStoresNodesAndRelationships() async throws {
        let (store, graph) = try await loadSeedGraph()
        let output = try XCTUnwrap(Self.seedLoad?.output.stdout)
        XCTAssertTrue(output.contains("created 71444 nodes and 189544 relationships"), output)
        let expected: [String: Int] = [
            "Artist": try sqlCount(store, "SELECT count(*) AS n FROM master_artist"),
            "Track": try sqlCount(store, "SELECT count(*) AS n FROM master_track"),
            "Genre": try sqlCount(store, "SELECT count(DISTINCT genre) AS n FROM master_genre"),
            "ART_TR": try sqlCount(store, "SELECT count(*) AS n FROM rel_artist_track"),
            "REL_ART": try sqlCount(store, "SELECT count(*) AS n FROM related_artist_edge"),
            "GEN_ART": try sqlCount(store, "SELECT count(*) AS n FROM (SELECT DISTINCT artist_id, genre FROM master_genre) d"),
        ]
        XCTAssertEqual(expected, ["Artist": 10146, "Track": 59895, "Genre": 1403, "ART_TR": 83957, "REL_ART": 82134, "GEN_ART": 23453])
        XCTAssertEqual(try GraphLoader.counts(of: graph), expected)
        // Spot check of properties against the store: Ed Sheeran's popularity and most-streamed track.
        let ed = try graph.query("MATCH (a:Artist {artist_name: 'Ed Sheeran'})-[:ART_TR]->(t:Track) RETURN a.popularity, t.track_id, t.streams, t.peak_date ORDER BY t.streams DESC LIMIT 1").rows
        let sql = try store.execute("""
            SELECT p.popularity, t.track_id, t.streams, t.peak_date::text AS peak FROM master_artist a JOIN artist_popularity p USING (artist_id)
            JOIN rel_artist_track l USING (artist_id) JOIN master_track t USING (track_id) WHERE a.artist_name = 'Ed Sheeran'
            ORDER BY t.streams DESC LIMIT 1
            """, purpose: "Ed Sheeran")[0]
        XCTAssertEqual(ed.first?[0], .integer(Int64(try XCTUnwrap(sql.int("popularity")))))
        XCTAssertEqual(ed.first?[1], .string(try XCTUnwrap(sql["track_id"])))
        XCTAssertEqual(ed.first?[2], .integer(Int64(try XCTUnwrap(sql.int("streams")))))
        guard case .date(let seconds)? = ed.first?[3] else { return XCTFail("peak_date is not a date: \(ed)") }
        XCTAssertEqual(GraphDate.iso(seconds), sql["peak"])
    }

    func testTopTracksQueryAgreesWithSQL() async throws {
        let (store, graph) = try await loadSeedGraph()
        let result = try graph.query(try NamedGraphQuery.topTracks.statement(arguments: [], limit: 10), readOnly: true)
        let sql = try store.execute("""
            WITH top AS (SELECT track_id, track_name, streams FROM master_track WHERE streams > 0 ORDER BY streams DESC, track_id LIMIT 10)
            SELECT t.track_id, t.streams, array_to_json(array_agg(DISTINCT a.artist_name))::text AS artists,
                   array_to_json(coalesce(array_agg(DISTINCT g.genre) FILTER (WHERE g.genre IS NOT NULL), '{}'))::text AS genres
            FROM top t JOIN rel_artist_track l USING (track_id) JOIN master_artist a USING (artist_id) LEFT JOIN master_genre g USING (artist_id)
            GROUP BY t.track_id, t.streams ORDER BY t.streams DESC, t.track_id
            """, purpose: "top tracks")
        XCTAssertEqual(result.rows.count, 10)
        XCTAssertEqual(result.rows.count, sql.count)
        for (index, row) in result.rows.enumerated() {
            let expected = sql[index]
            XCTAssertEqual(row[0], .string(try XCTUnwrap(expected["track_id"])))
            XCTAssertEqual(row[2], .integer(Int64(try XCTUnwrap(expected["streams"])) ?? -1))
            XCTAssertEqual(Set(row[3].list?.compactMap(\.string) ?? []), Set(try jsonStrings(expected["artists"])), "artists of row \(index)")
            XCTAssertEqual(Set(row[4].list?.compactMap(\.string) ?? []), Set(try jsonStrings(expected["genres"])), "genres of row \(index)")
        }
        XCTAssertEqual(result.rows.first?[1], .string("shape of you"))
    }

    func testRelatedAndSharedGenreQueriesAgreeWithSQL() async throws {
        let (store, graph) = try await loadSeedGraph()
        let txarango = try XCTUnwrap(try store.execute("SELECT artist_id FROM master_artist WHERE artist_name = 'Txarango'", purpose: "id")[0]["artist_id"])
        // Breadth-first over related_artist_edge, level by level, in SQL.
        var hops: [String: Int] = [txarango: 0], frontier = [txarango]
        for level in 1 ... 2 {
            let next = try store.execute("SELECT DISTINCT related_id FROM related_artist_edge WHERE artist_id = ANY($1::text[])",
                                         [PostgresArray.literal(frontier)], purpose: "bfs").rows.compactMap { $0["related_id"] }
            frontier = next.filter { hops[$0] == nil }
            for id in frontier { hops[id] = level }
        }
        hops[txarango] = nil
        for depth in 1 ... 2 {
            let result = try graph.query(try NamedGraphQuery.related.statement(arguments: ["Txarango"], limit: 100_000, depth: depth), readOnly: true)
            let found = Dictionary(uniqueKeysWithValues: result.rows.map { ($0[0].string ?? "", Int($0[2].integer ?? -1)) })
            XCTAssertEqual(found, hops.filter { $0.value <= depth }, "depth \(depth)")
        }
        XCTAssertEqual(hops.filter { $0.value == 1 }.count, 11, "Txarango's related artists in master_artist (SEED-SPEC check)")

        let shared = try graph.query(try NamedGraphQuery.sharedGenres.statement(arguments: [txarango], limit: 20), readOnly: true)
        let sql = try store.execute("""
            SELECT b.artist_id, count(DISTINCT b.genre)::int AS shared FROM master_genre a JOIN master_genre b ON a.genre = b.genre
            WHERE a.artist_id = $1 AND b.artist_id <> a.artist_id GROUP BY b.artist_id ORDER BY shared DESC, b.artist_id LIMIT 20
            """, [txarango], purpose: "shared genres")
        XCTAssertEqual(shared.rows.map { "\($0[0].string ?? "") \($0[2].integer ?? -1)" }, sql.rows.map { "\($0["artist_id"] ?? "") \($0["shared"] ?? "")" })
        XCTAssertFalse(shared.rows.isEmpty)
    }

    func testShortestPathAgreesWithSQLBreadthFirstSearch() async throws {
        let (store, graph) = try await loadSeedGraph()
        // Ed Sheeran's distances over REL_ART, computed level by level in SQL.
        let ed = try XCTUnwrap(try store.execute("SELECT artist_id FROM master_artist WHERE artist_name = 'Ed Sheeran'", purpose: "id")[0]["artist_id"])
        var hops: [String: Int] = [ed: 0], frontier = [ed]
        for level in 1 ... 3 where !frontier.isEmpty {
            let next = try store.execute("SELECT DISTINCT related_id FROM related_artist_edge WHERE artist_id = ANY($1::text[])",
                                         [PostgresArray.literal(frontier)], purpose: "bfs").rows.compactMap { $0["related_id"] }
            frontier = next.filter { hops[$0] == nil }.sorted()
            for id in frontier { hops[id] = level }
        }
        let target = try XCTUnwrap(hops.filter { $0.value == 3 }.keys.sorted().first, "someone three hops from Ed Sheeran")
        let result = try graph.query(try NamedGraphQuery.path.statement(arguments: ["Ed Sheeran", target]), readOnly: true)
        let row = try XCTUnwrap(result.rows.first)
        XCTAssertEqual(row[0], .integer(3))
        let ids = row[2].list?.compactMap(\.string) ?? []
        XCTAssertEqual(ids.first, ed)
        XCTAssertEqual(ids.last, target)
        for (from, to) in zip(ids, ids.dropFirst()) {
            XCTAssertEqual(try sqlCount(store, "SELECT count(*) AS n FROM related_artist_edge WHERE artist_id = '\(from)' AND related_id = '\(to)'"), 1,
                           "\(from) → \(to) is not a REL_ART edge")
        }
        // Nothing within one hop of a three-hop artist.
        XCTAssertTrue(try graph.query(try NamedGraphQuery.path.statement(arguments: [ed, target], depth: 2), readOnly: true).rows.isEmpty)
    }

    func testRerunningTheLoadChangesNothing() async throws {
        let (_, graph) = try await loadSeedGraph()
        let snapshot = "MATCH (a:Artist) OPTIONAL MATCH (a)-[e:REL_ART]->(b) RETURN a.artist_id, a.artist_name, a.popularity, a.is_main, count(b), sum(e.weight) ORDER BY a.artist_id"
        let before = try graph.query(snapshot, readOnly: true).rows
        let database = try XCTUnwrap(Self.seedLoad?.database)
        let rerun = try ProcessRunner.tool("atlas", ["graph", "load", "--graph", "seed"],
                                           environment: ["DATABASE_URL": database, "FALKORDB_URL": try endpoint().redactedURL])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stdout.contains("unchanged"), rerun.stdout)
        XCTAssertEqual(try graph.query(snapshot, readOnly: true).rows, before)
        XCTAssertEqual(try GraphLoader.counts(of: graph)["REL_ART"], 82134)
    }

    // MARK: Built graphs

    private static let hostileNames = [
        #"Guns N' Roses"#, #"Say "Hi""#, #"AC\DC"#, "trailing \\", "two\nlines", "🎵 Beyoncé", "עברית ومزيج", "'}) DETACH DELETE n //", "$rows",
    ]

    private func hostileGraph(_ names: [String]) -> ArtistGraph {
        let artists = names.enumerated().map { Artist(id: "id\($0.offset)", name: $0.element, isMain: $0.offset.isMultiple(of: 2)) }
        let tracks = names.enumerated().map { Track(id: "t\($0.offset)", name: "song of " + $0.element, peakDate: $0.offset == 0 ? "" : "2020-01-0\($0.offset % 9 + 1)", streams: Int64($0.offset)) }
        return ArtistGraph(
            artists: artists, tracks: tracks,
            links: artists.indices.map { ArtistTrackLink(artistID: "id\($0)", trackID: "t\($0)") },
            relations: artists.indices.dropFirst().map { RelatedArtistEdge(from: "id0", to: "id\($0)", source: .kworbCofeature, weight: 1.5) },
            genres: names.enumerated().map { GenreAssignment(artistID: "id\($0.offset)", genre: "genre \"\($0.element)\"", source: .direct) })
    }

    func testHostileNamesRoundTripThroughTheLoader() throws {
        let graph = try graph("hostile")
        try graph.delete()
        let loader = GraphLoader(client: graph.connection, options: .init(batchSize: 4), interactive: false, log: { _ in })
        let report = try loader.load(hostileGraph(Self.hostileNames), into: "hostile")
        XCTAssertTrue(report.builtAfresh)
        XCTAssertEqual(report.nodesCreated, Self.hostileNames.count * 3)
        let artists = try graph.query("MATCH (a:Artist) RETURN a.artist_id, a.artist_name ORDER BY a.artist_id", readOnly: true).rows
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: artists.map { ($0[0].string ?? "", $0[1].string ?? "") }),
                       Dictionary(uniqueKeysWithValues: Self.hostileNames.enumerated().map { ("id\($0.offset)", $0.element) }))
        let genres = try graph.query("MATCH (g:Genre)-[:GEN_ART]->(a:Artist) RETURN a.artist_name, g.genre_id", readOnly: true).rows
        XCTAssertEqual(Set(genres.map { "genre \"\($0[0].string ?? "")\"" }), Set(genres.map { $0[1].string ?? "" }))
        let noDate = try graph.query("MATCH (t:Track {track_id: 't0'}) RETURN t.peak_date, t.source", readOnly: true).rows
        XCTAssertEqual(noDate.first, [.null, .string("spotify")])
        // Named queries take hostile names as parameters.
        let related = try graph.query(try NamedGraphQuery.related.statement(arguments: [Self.hostileNames[0]], limit: 100), readOnly: true)
        XCTAssertEqual(related.rows.count, Self.hostileNames.count - 1)
        XCTAssertFalse(try loader.load(hostileGraph(Self.hostileNames), into: "hostile").changedGraph, "a rerun changes nothing")
    }

    func testAFailedFirstLoadLeavesNoGraphAndReplaceDropsStaleNodes() throws {
        let graph = try graph("replace")
        try graph.delete()
        let loader = GraphLoader(client: graph.connection, options: .init(batchSize: 3), interactive: false, log: { _ in })
        XCTAssertThrowsError(try loader.load(hostileGraph(["fine", "nul\u{0}name", "also fine"]), into: "replace")) { error in
            guard case GraphLoader.Failure.statement(let phase, _, .invalidParameter) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(phase, "Artist")
        }
        XCTAssertFalse(try graph.exists(), "a failed first load must not leave a half-written graph")
        XCTAssertFalse(try FalkorGraph(name: "replace~staging", connection: graph.connection).exists(), "nor its staging graph")

        _ = try loader.load(hostileGraph(["a", "b", "c", "d"]), into: "replace")
        let merged = try loader.load(hostileGraph(["a", "b"]), into: "replace")
        XCTAssertFalse(merged.builtAfresh)
        XCTAssertEqual(try GraphLoader.counts(of: graph)["Artist"], 4, "merging keeps nodes the smaller graph lacks")
        let replacing = GraphLoader(client: graph.connection, options: .init(batchSize: 3, replace: true), interactive: false, log: { _ in })
        XCTAssertTrue(try replacing.load(hostileGraph(["a", "b"]), into: "replace").builtAfresh)
        XCTAssertEqual(try GraphLoader.counts(of: graph), ["Artist": 2, "Track": 2, "Genre": 2, "ART_TR": 2, "REL_ART": 1, "GEN_ART": 2])
        XCTAssertFalse(try FalkorGraph(name: "replace~staging", connection: graph.connection).exists())
    }

    // MARK: The command line

    func testQueryCommandPrintsTablesAndJSONAndRejectsBadInput() throws {
        let endpoint = try endpoint()
        let graph = try graph("cli")
        try graph.delete()
        _ = try GraphLoader(client: graph.connection, interactive: false, log: { _ in }).load(hostileGraph(Self.hostileNames), into: "cli")
        let environment = ["FALKORDB_URL": endpoint.redactedURL]
        let table = try ProcessRunner.tool("atlas", ["graph", "query", "--graph", "cli", "counts"], environment: environment)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("Artist") && table.stdout.contains("(6 rows)"), table.stdout)
        let json = try ProcessRunner.tool("atlas", ["graph", "query", "--graph", "cli", "--format", "json",
                                                    "MATCH (a:Artist {artist_id: $id}) RETURN a.artist_name AS name", "--param", "id=id4"], environment: environment)
        XCTAssertEqual(json.status, 0, json.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: String]]
        XCTAssertEqual(rows, [["name": "two\nlines"]])

        let cases: [([String], String)] = [
            (["graph", "query", "--graph", "cli", "path", "only-one"], "path takes 2 arguments"),
            (["graph", "query", "--graph", "cli", "RETURN 1 +"], "Invalid input"),
            (["graph", "query", "--graph", "no-such-graph", "counts"], "graph 'no-such-graph' does not exist"),
            (["graph", "query", "--graph", "cli", "related", "x", "--depth", "9"], "--depth must be 1–6"),
            (["graph", "query", "--graph", "cli", "RETURN $x", "--param", "novalue"], "expected name=value"),
        ]
        for (arguments, message) in cases {
            let outcome = try ProcessRunner.tool("atlas", arguments, environment: environment)
            XCTAssertEqual(outcome.status, 1, "\(arguments)")
            XCTAssertTrue(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        let help = try ProcessRunner.tool("atlas", ["graph", "query", "--help"])
        for name in NamedGraphQuery.allCases { XCTAssertTrue(help.stdout.contains(name.rawValue), "help lacks \(name.rawValue)") }
    }

    func testAStoppedServerGivesAClearError() throws {
        let port = try FalkorDBTestServer.freePort()
        let outcome = try ProcessRunner.tool("atlas", ["graph", "query", "counts"], environment: ["FALKORDB_URL": "redis://:secret@127.0.0.1:\(port)"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("cannot reach FalkorDB at 127.0.0.1:\(port)"), outcome.stderr)
        XCTAssertFalse(outcome.stderr.contains("secret"), "the password leaked: \(outcome.stderr)")
    }

    /// `atlas graph start|stop|url` on a private data folder: loopback only, stopped by pid, and
    /// the graph survives a stop and start.
    func testPrivateServerStartsStopsAndKeepsItsGraph() throws {
        _ = try endpoint()
        let data = try makeScratchDirectory("musicatlas-graph-cli")
        let environment = ["MUSICATLAS_DATA": data]
        defer { _ = try? ProcessRunner.tool("atlas", ["graph", "stop"], environment: environment) }
        let start = try ProcessRunner.tool("atlas", ["graph", "start"], environment: environment)
        XCTAssertEqual(start.status, 0, start.stderr)
        let url = start.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(url.hasPrefix("redis://127.0.0.1:"), url)
        let local = try LocalFalkorDB(dataDirectory: data, searchRoots: [SharedFixtures.packageRoot.path])
        let pid = try XCTUnwrap(local.pid)
        let title = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")), as: UTF8.self)
        XCTAssertTrue(title.contains("127.0.0.1:"), "listens on loopback only: \(title)")

        let graph = FalkorGraph(name: "kept", connection: try RESPConnection(endpoint: try RedisEndpoint(url: url)))
        try graph.query("UNWIND range(1, 25) AS i CREATE (:Artist {artist_id: toString(i)})")
        XCTAssertEqual(try ProcessRunner.tool("atlas", ["graph", "stop"], environment: environment).status, 0)
        XCTAssertNotEqual(kill(pid, 0), 0, "the server process is gone")
        let url2 = try ProcessRunner.tool("atlas", ["graph", "url"], environment: environment)
        XCTAssertEqual(url2.status, 1)
        XCTAssertTrue(url2.stderr.contains("no FalkorDB is running"), url2.stderr)

        let restart = try ProcessRunner.tool("atlas", ["graph", "start"], environment: environment)
        XCTAssertEqual(restart.status, 0, restart.stderr)
        let reopened = FalkorGraph(name: "kept", connection: try RESPConnection(endpoint: try RedisEndpoint(url: restart.stdout.trimmingCharacters(in: .whitespacesAndNewlines))))
        XCTAssertEqual(try reopened.query("MATCH (a:Artist) RETURN count(a)").rows, [[.integer(25)]])
    }

    /// `kill -9` of the private server right after `atlas graph load`: the next query restarts it
    /// with the loaded graph (the load was saved); a graph that is gone says how to rebuild it.
    func testTheLoadedGraphSurvivesAServerCrash() throws {
        _ = try endpoint()
        let seed = try makeScratchDirectory("musicatlas-graph-crash")
        for (name, text) in [
            ("master_artist.csv", "artist_id,artist_name,is_main\nA1,Nova Lux,t\nA2,Ends With \\,f\n"),
            ("master_track.csv", "track_id,track_name,peak_date,streams\nT1,Midnight Signal,2020-01-02,10\n"),
            ("rel_ART_TR.csv", "artist_id;track_id\nA1;T1\nA2;T1\n"),
            ("rel_REL_ART.csv", "artist_id1;artist_id2\nA1;A2\n"),
            ("rel_artist_artist.csv", "query;rel_art;genre;popularity\nA1;A2;synthpop;40\n"),
        ] { try text.write(toFile: seed + "/" + name, atomically: true, encoding: .utf8) }
        let data = try makeScratchDirectory("musicatlas-graph-crash")
        let environment = ["MUSICATLAS_DATA": data, "DATABASE_URL": try Self.cluster.database("graph_crash")]
        defer { _ = try? ProcessRunner.tool("atlas", ["graph", "stop", "--force"], environment: environment) }
        XCTAssertEqual(try ProcessRunner.tool("atlas", ["import-seed", seed], environment: environment).status, 0)
        let load = try ProcessRunner.tool("atlas", ["graph", "load"], environment: environment)
        XCTAssertEqual(load.status, 0, load.stderr)
        let local = try LocalFalkorDB(dataDirectory: data, searchRoots: [SharedFixtures.packageRoot.path])
        let pid = try XCTUnwrap(local.pid)
        kill(pid, SIGKILL)
        while kill(pid, 0) == 0 { usleep(20_000) }

        let query = try ProcessRunner.tool("atlas", ["graph", "query", "MATCH (a:Artist) RETURN count(a) AS n"], environment: environment)
        XCTAssertEqual(query.status, 0, query.stderr)
        XCTAssertTrue(query.stdout.contains("2"), query.stdout)

        let graph = FalkorGraph(name: GraphServer.defaultGraphName, connection: try RESPConnection(endpoint: try XCTUnwrap(local.endpoint)))
        XCTAssertTrue(try graph.delete())
        let missing = try ProcessRunner.tool("atlas", ["graph", "query", "counts"], environment: environment)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("atlas graph load --data \(data) rebuilds it"), missing.stderr)
    }

    private func jsonStrings(_ text: String?) throws -> [String] {
        try JSONSerialization.jsonObject(with: Data(try XCTUnwrap(text).utf8)) as? [String] ?? []
    }
}

/// ISO dates for comparing FalkorDB's `date` values (seconds since 1970) with PostgreSQL text.
enum GraphDate {
    static func iso(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
