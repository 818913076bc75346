import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MusicGraph
import TestSupport
import XCTest

/// The seed CSV export against 2020's files, the Neo4j bundle's format, GraphML through real parsers.
final class ExportTests: XCTestCase {
    private func seedGraph() throws -> ArtistGraph { try Seed2020.graph() }

    func testSeedCSVExportEqualsThe2020Files() throws {
        let graph = try seedGraph()
        let artists = try String(contentsOfFile: try SharedFixtures.path("seed-2020/expected/master_artist_with_popularity.csv"), encoding: .utf8)
        let tracks = try String(contentsOfFile: try SharedFixtures.path("seed-2020/expected/master_track_export.csv"), encoding: .utf8)
        let ourArtists = SeedCSVExport.masterArtist(graph, mode: .seed2020), ourTracks = SeedCSVExport.masterTrack(graph, mode: .seed2020)
        XCTAssertEqual(ourArtists.count, artists.count)
        XCTAssertTrue(ourArtists == artists, firstDifference(ourArtists, artists))
        XCTAssertTrue(ourTracks == tracks, firstDifference(ourTracks, tracks))
    }

    func testSeedExportCountsMatchThe2020Tables() throws {
        let graph = try seedGraph()
        XCTAssertEqual(SeedCSVExport.artistTrack(graph).split(separator: "\n").count - 1, 83957)
        XCTAssertEqual(SeedCSVExport.relatedArtists(graph).split(separator: "\n").count - 1, 82134)
        XCTAssertEqual(SeedCSVExport.genreArtist(graph, mode: .seed2020).split(separator: "\n").count - 1, 23453)
        XCTAssertEqual(SeedCSVExport.masterGenre(graph, mode: .seed2020).split(separator: "\n").count - 1, 1403)
        let genres = Set(try SharedFixtures.table("seed-2020/expected/master_genre.csv").rows.map { $0[0] })
        XCTAssertEqual(Set(graph.genres), genres)
    }

    /// Every header field is `name`, `name:type`, `name:ID(Space)` or `:START_ID/:END_ID(Space)`
    /// with a type the import tool knows, and every data row has the header's field count.
    func testNeo4jBundleFollowsTheImportFormat() throws {
        let graph = try seedGraph()
        let files = Dictionary(uniqueKeysWithValues: Neo4jBundle.files(graph))
        let types: Set<String> = ["int", "long", "float", "double", "boolean", "byte", "short", "char", "string", "date", "datetime"]
        let counts = ["artists": 10146, "tracks": 59895, "genres": 1403, "art_tr": 83957, "rel_art": 82134, "gen_art": 23453]
        for (name, rows) in counts {
            let header = try XCTUnwrap(files["\(name).header.csv"])
            let fields = header.trimmingCharacters(in: .newlines).split(separator: ",", omittingEmptySubsequences: false)
            for field in fields {
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 {
                    let kind = String(parts[1])
                    let isID = kind.range(of: #"^(ID|START_ID|END_ID)\((Artist|Track|Genre)\)$"#, options: .regularExpression) != nil
                    XCTAssertTrue(isID || types.contains(kind), "\(name): field \(field)")
                }
            }
            let data = try XCTUnwrap(files["\(name).csv"])
            let table = try DelimitedTable(data: Data((fields.map { _ in "x" }.enumerated().map { "c\($0.offset)" }.joined(separator: ",") + "\n" + data).utf8), source: name, delimiter: ",")
            XCTAssertEqual(table.rows.count, rows, name)
        }
        let load = try XCTUnwrap(files["load.cypher"])
        XCTAssertTrue(load.contains("REQUIRE a.artist_id IS UNIQUE"))
        XCTAssertFalse(load.contains("ASSERT"), "4.x constraint syntax is rejected by Neo4j 5")
        XCTAssertTrue(load.contains("IN TRANSACTIONS OF 10000 ROWS"))
        XCTAssertFalse(load.contains("CALL (row)"), "CALL (row) { … } needs Neo4j 5.23+")
        XCTAssertEqual(load.components(separatedBy: "CALL {\n  WITH row\n").count - 1, 6, "every LOAD CSV uses the 4.4/5.x form")
        XCTAssertTrue(try XCTUnwrap(files["README.md"]).contains("neo4j-admin database import full"))
    }

    func testGraphMLParsesWithFoundationXMLAndNetworkX() throws {
        let graph = try seedGraph()
        let dir = NSTemporaryDirectory() + "graphml-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let path = try GraphMLExport.write(graph, to: dir)[0]
        // Streamed: swift-corelibs' XMLParser(data:) gives up on a 43 MB buffer.
        let counter = GraphMLCounter()
        let parser = try XCTUnwrap(InputStream(fileAtPath: path).map(XMLParser.init(stream:)))
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "XMLParser: \(String(describing: parser.parserError))")
        XCTAssertEqual(counter.nodes, 10146 + 59895 + 1403)
        XCTAssertEqual(counter.edges, 83957 + 82134 + 23453)

        let python = SharedFixtures.packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { throw XCTSkip("no venv for networkx") }
        let outcome = ProcessRunner.run(python, ["-c", "import networkx as nx, sys; g = nx.read_graphml(sys.argv[1]); print(g.number_of_nodes(), g.number_of_edges())", path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "\(10146 + 59895 + 1403) \(83957 + 82134 + 23453)")
    }

    /// LOAD CSV's default legacy quoting reads `\\"` inside quotes as an escaped quote (Neo4j's
    /// `Configuration.legacyStyleQuoting`): no data file may hold that sequence for a name that can
    /// be written without it, and the one kind that cannot is counted and explained.
    func testNeo4jFilesLoadNamesEndingInABackslashVerbatimUnderLegacyQuoting() throws {
        let safe = ["ends with \\", "Backslash \\ Semicolon; Band", "back\\slash, and comma", "C:\\path\\"]
        let graph = ArtistGraph(artists: safe.enumerated().map { Artist(id: "a\($0.offset)", name: $0.element, isMain: true) },
                                tracks: safe.enumerated().map { Track(id: "t\($0.offset)", name: $0.element, peakDate: "2020-01-01", streams: 1) },
                                links: [], relations: [], genres: [], popularity: [])
        let files = Dictionary(uniqueKeysWithValues: Neo4jBundle.files(graph))
        for name in ["artists.csv", "tracks.csv"] {
            let data = try XCTUnwrap(files[name])
            XCTAssertFalse(data.contains("\\\""), "\(name) holds a backslash before a quote:\n\(data)")
            let table = try DelimitedTable(data: Data(("a,b,c,d,e\n" + data).utf8), source: name, delimiter: ",")
            XCTAssertEqual(table.rows.map { $0[1] }, safe, name)
        }
        XCTAssertEqual(Neo4jBundle.legacyUnsafeFields(graph), 0)
        XCTAssertTrue(try XCTUnwrap(files["README.md"]).contains("loads verbatim either way"))

        let unsafe = ArtistGraph(artists: [Artist(id: "u", name: "say \"hi\", then \\", isMain: true)], tracks: [], links: [], relations: [],
                                 genres: [], popularity: [])
        XCTAssertEqual(Neo4jBundle.legacyUnsafeFields(unsafe), 1)
        let readme = try XCTUnwrap(Dictionary(uniqueKeysWithValues: Neo4jBundle.files(unsafe))["README.md"])
        XCTAssertTrue(readme.contains("legacy_quote_escaping=false"), readme)
    }

    /// Quotes, semicolons, ampersands, angle brackets, emoji, right-to-left text and control
    /// characters survive (or, for XML, are replaced) without breaking any format.
    func testHostileNamesRoundTrip() throws {
        let names = ["Royce Da 5'9\"", "A;B", "<b>&amp;</b>", "🎸 Ünïcödé", "مغني", "tab\there", "bell\u{07}", "line\nbreak"]
        let artists = names.enumerated().map { Artist(id: "id\($0.offset)", name: $0.element, isMain: true) }
        let graph = ArtistGraph(artists: artists, tracks: [], links: [], relations: [], genres: [], popularity: [])
        let csv = SeedCSVExport.masterArtist(graph, mode: .seed2020)
        let table = try DelimitedTable(data: Data(csv.utf8), source: "export", delimiter: ";")
        XCTAssertEqual(table.rows.map { $0[1] }, names.map { $0.replacingOccurrences(of: ";", with: " & ") })
        // The default mode keeps every name byte for byte (the rewrite above is the 2020 bug),
        // track names and genres included.
        let verbatim = names + ["Backslash \\ Semicolon; Band", "Detroit; Again", "ends with \\"]
        let verbatimGraph = ArtistGraph(
            artists: verbatim.enumerated().map { Artist(id: "v\($0.offset)", name: $0.element, isMain: true) },
            tracks: verbatim.enumerated().map { Track(id: "t\($0.offset)", name: $0.element, peakDate: "2020-01-01", streams: 1) },
            links: [], relations: [], genres: [], popularity: [])
        for text in [SeedCSVExport.masterArtist(verbatimGraph, mode: .standard), SeedCSVExport.masterTrack(verbatimGraph, mode: .standard)] {
            let parsed = try DelimitedTable(data: Data(text.utf8), source: "export", delimiter: ";")
            XCTAssertEqual(parsed.rows.map { $0[1] }, verbatim)
        }
        let parser = XMLParser(data: Data(GraphMLExport.document(graph).utf8))
        let counter = GraphMLCounter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse())
        XCTAssertEqual(counter.labels.first, names[0])
        XCTAssertTrue(counter.labels.contains("bell\u{FFFD}"))
        XCTAssertTrue(counter.labels.contains("line\nbreak"))
        let bundle = Dictionary(uniqueKeysWithValues: Neo4jBundle.files(graph))
        let rows = try DelimitedTable(data: Data(("a,b,c,d,e\n" + bundle["artists.csv"]!).utf8), source: "neo4j", delimiter: ",")
        XCTAssertEqual(rows.rows.map { $0[1] }, names)
    }

    private func firstDifference(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false), y = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<min(x.count, y.count) where x[i] != y[i] { return "line \(i + 1): ours «\(x[i])» vs 2020 «\(y[i])»" }
        return "line counts \(x.count) vs \(y.count)"
    }
}

/// Counts GraphML nodes and edges and collects node labels.
final class GraphMLCounter: NSObject, XMLParserDelegate {
    var nodes = 0, edges = 0
    var labels: [String] = []
    private var inLabel = false
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "node" { nodes += 1 }
        if name == "edge" { edges += 1 }
        if name == "data", attributes["key"] == "label" {
            inLabel = true
            text = ""
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inLabel { text += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "data", inLabel {
            labels.append(text)
            inLabel = false
        }
    }
}
