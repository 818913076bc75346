import FalkorDBClient
import Foundation
import TestSupport
import XCTest

/// The client against a real FalkorDB started for this class (and a few fake servers on
/// loopback for the failures a real one does not produce on demand).
final class LiveFalkorDBTests: XCTestCase {
    nonisolated(unsafe) private static var server: FalkorDBTestServer?
    nonisolated(unsafe) private static var startError: Error?

    override class func setUp() {
        super.setUp()
        do { server = try FalkorDBTestServer() } catch { startError = error }
    }

    override class func tearDown() {
        server?.stop()
        super.tearDown()
    }

    private func endpoint() throws -> RedisEndpoint {
        guard let server = Self.server else {
            if let skip = Self.startError as? XCTSkip { throw skip }
            throw Self.startError ?? XCTSkip("no server")
        }
        return RedisEndpoint(host: "127.0.0.1", port: server.port)
    }

    private func graph(_ name: String = #function) throws -> FalkorGraph {
        let graph = FalkorGraph(name: "client-" + name.filter(\.isLetter), connection: try RESPConnection(endpoint: try endpoint()))
        try graph.delete()
        return graph
    }

    static let hostile = [
        #"Guns N' Roses"#, #"He said "hi""#, #"back\slash"#, "ends with \\", #"\""#, "line\nbreak", "tab\there", "\r\n",
        "🎵 Beyoncé", "עברית ومزيج", "'}) DETACH DELETE n //", "$rows", "CYPHER x=1 RETURN 2", #"\u00e9"#, "", " lead and trail ",
    ]

    func testHostileStringsRoundTripAsParameters() throws {
        let graph = try graph()
        let rows = Self.hostile.enumerated().map { CypherValue.list([.integer(Int64($0.offset)), .string($0.element)]) }
        let created = try graph.query("UNWIND $rows AS r CREATE (:Name {i: r[0], text: r[1]})", ["rows": .list(rows)])
        XCTAssertEqual(created.statistics.nodesCreated, Self.hostile.count)
        let back = try graph.query("MATCH (n:Name) RETURN n.i, n.text ORDER BY n.i").rows
        XCTAssertEqual(back.map { $0[1].string ?? "<missing>" }, Self.hostile)
        // A hostile value used to match finds exactly its own node.
        for (index, text) in Self.hostile.enumerated() {
            let found = try graph.query("MATCH (n:Name {text: $text}) RETURN n.i", ["text": .string(text)], readOnly: true).rows
            XCTAssertEqual(found.map { $0[0] }, [.integer(Int64(index))], text.debugDescription)
        }
    }

    func testTypedResultsIncludingNodesEdgesAndPaths() throws {
        let graph = try graph()
        try graph.query("""
            CREATE (:Artist {artist_id: 'a1', artist_name: 'A', popularity: 90, is_main: true})-[:REL_ART {weight: 0.5}]->(:Artist {artist_id: 'a2'})
            """)
        let result = try graph.query("""
            MATCH p = (a:Artist {artist_id: 'a1'})-[e:REL_ART]->(b)
            RETURN a, e, p, 42, 2.5, false, null, [1, 'x'], {k: 'v'}, date('2020-01-02'), point({latitude: 1.5, longitude: 2})
            """, readOnly: true)
        XCTAssertEqual(result.columns.count, 11)
        let row = try XCTUnwrap(result.rows.first)
        guard case .node(let node) = row[0], case .edge(let edge) = row[1], case .path(let path) = row[2] else { return XCTFail("\(row)") }
        XCTAssertEqual(node.labels, ["Artist"])
        XCTAssertEqual(node["artist_name"], .string("A"))
        XCTAssertEqual(node["popularity"], .integer(90))
        XCTAssertEqual(node["is_main"], .boolean(true))
        XCTAssertEqual(edge.type, "REL_ART")
        XCTAssertEqual(edge.source, node.id)
        XCTAssertEqual(edge.properties, [GraphProperty(name: "weight", value: .double(0.5))])
        XCTAssertEqual(path.nodes.count, 2)
        XCTAssertEqual(path.edges, [edge])
        XCTAssertEqual(Array(row[3...]), [
            .integer(42), .double(2.5), .boolean(false), .null, .list([.integer(1), .string("x")]),
            .map([GraphProperty(name: "k", value: .string("v"))]), .date(seconds: 1_577_923_200), .point(latitude: 1.5, longitude: 2),
        ])
    }

    func testServerErrorsNameTheStatementAndKeepTheConnection() throws {
        let graph = try graph()
        XCTAssertThrowsError(try graph.query("RETURN 1 +")) { error in
            guard case FalkorError.server(let message, let statement) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("Invalid input"), message)
            XCTAssertEqual(statement, "RETURN 1 +")
        }
        XCTAssertThrowsError(try graph.query("UNWIND [1, 0] AS x RETURN 1 / x"))
        XCTAssertThrowsError(try graph.query("CREATE (:X)", readOnly: true))
        XCTAssertThrowsError(try graph.query("UNWIND range(1, 10000000) AS x WITH x WHERE x < 0 RETURN count(x)", timeout: .milliseconds(50))) { error in
            XCTAssertTrue("\(error)".contains("timed out"), "\(error)")
        }
        XCTAssertEqual(try graph.query("RETURN 7").rows, [[.integer(7)]])
    }

    func testPipelinedRepliesComeBackInOrder() throws {
        let graph = try graph()
        let statements = (1 ... 5).map { CypherStatement("RETURN $n", parameters: ["n": .integer(Int64($0))]) }
        for statement in statements { try graph.send(statement) }
        XCTAssertEqual(graph.connection.pendingReplies, 5)
        XCTAssertEqual(try statements.map { try graph.receive($0).rows }, (1 ... 5).map { [[GraphValue.integer(Int64($0))]] })
    }

    func testSchemaHelpersAreIdempotentAndReportViolations() throws {
        let graph = try graph()
        let key = FalkorGraph.NodeProperty("Artist", "artist_id")
        XCTAssertTrue(try graph.ensureUniqueConstraint(key))
        XCTAssertFalse(try graph.ensureUniqueConstraint(key))
        XCTAssertEqual(try graph.uniqueConstraints()[key], "OPERATIONAL")
        XCTAssertThrowsError(try graph.query("UNWIND [1, 2] AS i CREATE (:Artist {artist_id: 'same'})"))

        try graph.query("CREATE (:Track {track_id: 't'}), (:Track {track_id: 't'})")
        XCTAssertThrowsError(try graph.ensureUniqueConstraint(.init("Track", "track_id"))) { error in
            XCTAssertTrue("\(error)".contains("duplicate"), "\(error)")
        }
        XCTAssertNil(try graph.uniqueConstraints()[.init("Track", "track_id")], "a failed constraint is dropped")
        XCTAssertThrowsError(try graph.ensureIndex(.init("Bad Label", "x")))
    }

    func testExistsDeleteAndRename() throws {
        let graph = try graph()
        XCTAssertFalse(try graph.exists())
        try graph.query("CREATE (:A)")
        XCTAssertTrue(try graph.exists())
        let other = FalkorGraph(name: graph.name + "-renamed", connection: graph.connection)
        try other.delete()
        try graph.rename(to: other.name)
        XCTAssertFalse(try graph.exists())
        XCTAssertEqual(try other.query("MATCH (n) RETURN count(n)").rows, [[.integer(1)]])
        XCTAssertTrue(try other.delete())
        XCTAssertFalse(try other.delete())
    }

    func testRefusedConnectionIsUnreachable() throws {
        let port = try FalkorDBTestServer.freePort()
        XCTAssertThrowsError(try RESPConnection(endpoint: RedisEndpoint(host: "127.0.0.1", port: port))) { error in
            guard case FalkorError.unreachable(let endpoint, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(endpoint, "127.0.0.1:\(port)")
            XCTAssertTrue(reason.contains("refused"), reason)
        }
    }

    func testSilentServerTimesOutAndClosesTheConnection() throws {
        let fake = try FakeRESPServer(reply: nil)
        defer { fake.stop() }
        let connection = try RESPConnection(endpoint: RedisEndpoint(host: "127.0.0.1", port: fake.port), replyTimeout: .seconds(1))
        let started = Date()
        XCTAssertThrowsError(try connection.call(RESPCommand("PING"))) { error in
            guard case FalkorError.timedOut(_, let operation, let seconds) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "PING")
            XCTAssertEqual(seconds, 1)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertFalse(connection.isOpen)
        XCTAssertThrowsError(try connection.call(RESPCommand("PING"))) { error in
            guard case FalkorError.connectionLost = error else { return XCTFail("\(error)") }
        }
    }

    func testGarbageAndWrongShapedRepliesAreMalformed() throws {
        for (bytes, expectation) in [("!garbage\r\n", "unknown type byte"), ("+OK\r\n", "expected an array"), ("*2\r\n:1\r\n:2\r\n", "expected 1 or 3 parts")] {
            let fake = try FakeRESPServer(reply: Array(bytes.utf8))
            defer { fake.stop() }
            let graph = FalkorGraph(name: "g", connection: try RESPConnection(endpoint: RedisEndpoint(host: "127.0.0.1", port: fake.port)))
            XCTAssertThrowsError(try graph.query("RETURN 1")) { error in
                guard case FalkorError.malformedReply(_, let detail) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(detail.contains(expectation), detail)
            }
        }
    }

    func testServerClosingTheConnectionIsReported() throws {
        let fake = try FakeRESPServer(reply: [], closeAfterRequest: true)
        defer { fake.stop() }
        let connection = try RESPConnection(endpoint: RedisEndpoint(host: "127.0.0.1", port: fake.port), replyTimeout: .seconds(5))
        XCTAssertThrowsError(try connection.call(RESPCommand("PING"))) { error in
            guard case FalkorError.connectionLost(_, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("closed"), reason)
        }
    }
}
