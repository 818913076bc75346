import AtlasStore
import Foundation
import LocalServices
import Pipeline
import TestSupport
import XCTest

/// The `atlas` executable: help, argument errors, and the offline demo end to end.
final class AtlasToolTests: XCTestCase {
    func testRunHelpListsTheStepsAndBadArgumentsFailClearly() throws {
        let help = try ProcessRunner.tool("atlas", ["run", "--help"])
        XCTAssertEqual(help.status, 0)
        for step in ["artists", "tracks", "links", "related", "infer", "export", "queue", "--only", "--from"] {
            XCTAssertTrue(help.stdout.contains(step), "help lacks \(step)")
        }
        let bogus = try ProcessRunner.tool("atlas", ["run", "--only", "bogus"])
        XCTAssertNotEqual(bogus.status, 0)
        XCTAssertTrue(bogus.stderr.contains("bogus"), bogus.stderr)
        let both = try ProcessRunner.tool("atlas", ["run", "--only", "infer", "--from", "links"])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("--only or --from"), both.stderr)
        XCTAssertTrue(help.stdout.contains("--similar-sources"), help.stdout)
        var bare = ProcessInfo.processInfo.environment
        for variable in ["LASTFM_API_KEY", "SPOTIFY_CLIENT_ID", "SPOTIFY_CLIENT_SECRET"] { bare[variable] = nil }
        for (sources, message) in [("deezer,musicbrainz", "'musicbrainz' is not a similar-artist source"), ("deezer,deezer", "'deezer' is listed twice"),
                                   ("lastfm", "LASTFM_API_KEY is not set"), ("spotify,deezer", "SPOTIFY_CLIENT_ID")] {
            let refused = try ProcessRunner.tool("atlas", ["run", "--similar-sources", sources], environment: bare)
            XCTAssertNotEqual(refused.status, 0, sources)
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
        }
    }

    /// `atlas demo` on a fresh data folder: exits 0, prints the summary, writes audio, windows
    /// and exports, and `atlas status` afterwards reports every step done.
    func testDemoBuildsTheDatasetOffline() throws {
        let data = NSTemporaryDirectory() + "musicatlas-demo-\(UUID().uuidString)"
        defer {
            _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--data", data])
            try? FileManager.default.removeItem(atPath: data)
        }
        let demo = try ProcessRunner.tool("atlas", ["demo", "--data", data])
        XCTAssertEqual(demo.status, 0, demo.stderr)
        XCTAssertTrue(demo.stdout.contains("MusicAtlas demo finished."), demo.stdout)
        let audio = try FileManager.default.contentsOfDirectory(atPath: data + "/audio").filter { $0.hasSuffix(".wav") }
        XCTAssertEqual(audio.count, 10)
        let windows = try FileManager.default.contentsOfDirectory(atPath: data + "/spectrograms").filter { $0.hasSuffix(".png") }
        XCTAssertGreaterThanOrEqual(windows.count, audio.count)
        XCTAssertTrue(FileManager.default.fileExists(atPath: data + "/exports/neo4j"))
        let status = try ProcessRunner.tool("atlas", ["status", "--data", data])
        XCTAssertEqual(status.status, 0, status.stderr)
        let stepLines = status.stdout.split(separator: "\n").filter { line in
            ["artists", "tracks", "links", "related", "infer", "export", "queue"].contains { line.hasPrefix("  \($0) ") && line.contains(" done ") }
        }
        XCTAssertEqual(stepLines.count, 7, status.stdout)
        XCTAssertTrue(status.stdout.contains("search: 0 queued (0 retrying), 0 running, 10 done, 0 dead"), status.stdout)
        // The graph: loaded, queried, saved, and the server stopped again.
        let store = try PostgresConnection(url: try XCTUnwrap(demoDatabaseURL(data)))
        let tables = Dictionary(uniqueKeysWithValues: try AtlasDatabase.counts(store).map { ($0.table, $0.rows) })
        let artists = try XCTUnwrap(tables["master_artist"]), tracks = try XCTUnwrap(tables["master_track"])
        XCTAssertTrue(demo.stdout.contains("(FalkorDB): Artist \(artists), Track \(tracks),"), demo.stdout)
        XCTAssertTrue(demo.stdout.contains("track_id") && demo.stdout.contains("(3 rows)"), demo.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: data + "/falkordb/graph.rdb"))
        XCTAssertNil(try LocalFalkorDB(dataDirectory: data, searchRoots: [SharedFixtures.packageRoot.path]).pid, "the demo leaves no FalkorDB running")
        let query = try ProcessRunner.tool("atlas", ["graph", "query", "counts", "--data", data], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(query.status, 0, query.stderr)
        XCTAssertTrue(query.stdout.contains("ART_TR"), query.stdout)
        // The catalogue's hostile names (quotes, `;`, backslash, emoji, RTL) came through the store unchanged.
        let names = try ProcessRunner.tool("atlas", ["graph", "query", "MATCH (a:Artist) RETURN a.artist_id AS id, a.artist_name AS name",
                                                     "--format", "json", "--data", data], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(names.status, 0, names.stderr)
        let graphNames = (try JSONSerialization.jsonObject(with: Data(names.stdout.utf8)) as? [[String: String]] ?? []).map { ($0["id"] ?? "", $0["name"] ?? "") }
        let storeNames = try store.execute("SELECT artist_id, artist_name FROM master_artist", purpose: "names").rows.map { ($0["artist_id"] ?? "", $0["artist_name"] ?? "") }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: graphNames), Dictionary(uniqueKeysWithValues: storeNames))
        XCTAssertTrue(storeNames.contains { $0.1.contains("\\") || $0.1.contains("\"") }, "the catalogue has hostile names")
        // Related artists from Deezer and Last.fm, each edge with its source, in the store, the graph and the exports.
        let bySource = Dictionary(uniqueKeysWithValues: try store.execute("SELECT source, count(*) AS n FROM related_artist_edge GROUP BY source", purpose: "sources")
            .rows.map { ($0["source"] ?? "", $0.int("n") ?? 0) })
        XCTAssertGreaterThan(bySource["deezer"] ?? 0, 0, "\(bySource)")
        XCTAssertGreaterThan(bySource["lastfm"] ?? 0, 0, "\(bySource)")
        let graphSources = try ProcessRunner.tool("atlas", ["graph", "query", "MATCH ()-[e:REL_ART]->() RETURN e.source AS source, count(e) AS n",
                                                            "--format", "json", "--data", data], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(graphSources.status, 0, graphSources.stderr)
        let graphCounts = (try JSONSerialization.jsonObject(with: Data(graphSources.stdout.utf8)) as? [[String: Any]] ?? [])
            .reduce(into: [String: Int]()) { $0[$1["source"] as? String ?? ""] = ($1["n"] as? NSNumber)?.intValue }
        XCTAssertEqual(graphCounts, bySource)
        let relArt = try String(contentsOfFile: data + "/exports/neo4j/rel_art.csv", encoding: .utf8)
        // Rows are artist id, related id, source, weight (ids are base-62, so no field is quoted).
        XCTAssertEqual(relArt.split(separator: "\n").filter { $0.split(separator: ",").dropFirst(2).first == "deezer" }.count, bySource["deezer"], relArt)
        _ = try ProcessRunner.tool("atlas", ["graph", "stop", "--data", data])
    }

    /// The URL of the demo's cluster, started again for the check.
    private func demoDatabaseURL(_ data: String) throws -> String? {
        let outcome = try ProcessRunner.tool("atlas", ["db", "start", "--data", data])
        return outcome.status == 0 ? outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}
