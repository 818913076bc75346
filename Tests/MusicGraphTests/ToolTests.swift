import Foundation
import MusicGraph
import TestSupport
import XCTest

/// The `musicgraph` executable's documented interface.
final class ToolTests: XCTestCase {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let outcome = try ProcessRunner.tool("musicgraph", arguments)
        return (outcome.status, outcome.stdout, outcome.stderr)
    }

    func testInferWritesTheDocumentedFilesWith2020Values() throws {
        let dir = NSTemporaryDirectory() + "musicgraph-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let result = try run([
            "infer", "--mode", "seed2020", "--artists", try SharedFixtures.path("seed-2020/master_artist.csv"),
            "--related", try SharedFixtures.path("seed-2020/rel_artist_artist.csv"), "--out", dir,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let genres = try DelimitedTable(contentsOf: "\(dir)/artist_genre.csv")
        XCTAssertEqual(genres.header, ["artist_id", "genre", "source"])
        XCTAssertEqual(genres.rows.filter { $0[2] == "voted" }.count, 3110 - 1311)
        XCTAssertEqual(genres.rows.filter { $0[2] == "undefined" }.count, 1311)
        let popularity = try DelimitedTable(contentsOf: "\(dir)/artist_popularity.csv")
        XCTAssertEqual(popularity.header, ["artist_id", "popularity", "source"])
        XCTAssertEqual(popularity.rows.count, 10146)
        XCTAssertEqual(Set(popularity.rows.map { $0[2] }), ["direct", "inferred", "none"])
        let drake = popularity.rows.first { $0[0] == "3TVXtAsR1Inumwj472S9r4" }
        XCTAssertEqual(drake, ["3TVXtAsR1Inumwj472S9r4", "99", "direct"])
    }

    func testMatchPrintsTheSeedMatch() throws {
        let fixture = try RecordedFixtures.url("RaminDjawadi.json").path
        let result = try run(["match", "Ramin Djawadi", "--candidates", fixture, "--mode", "seed2020"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"id\":\"1hCkSJcXREhrodeIHQdav8\""), result.stdout)
        let miss = try run(["match", "Nobody At All", "--candidates", fixture])
        XCTAssertEqual(miss.status, 1)
        XCTAssertTrue(miss.stderr.contains("no candidate matches"), miss.stderr)
    }

    func testBadInputIsOneClearLine() throws {
        let dir = NSTemporaryDirectory() + "musicgraph-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try Data("artist_id,artist_name,is_main\nx,\"unterminated,t\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/bad.csv"))
        let result = try run(["infer", "--artists", "\(dir)/bad.csv", "--out", "\(dir)/out"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("\(dir)/bad.csv:2: unterminated quoted field"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/out/artist_genre.csv"), "nothing half-written")
    }

    /// The hostile probe: the 2020 artist table with 49 of its rows repeated at the end.
    func testRepeatedArtistRowsAreRefusedUnlessAllowedAndThenCounted() throws {
        let dir = try makeScratchDirectory("musicgraph")
        let original = try String(contentsOfFile: try SharedFixtures.path("seed-2020/master_artist.csv"), encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let repeated = lines[1...49].joined(separator: "\n")
        try (original + (original.hasSuffix("\n") ? "" : "\n") + repeated + "\n").write(toFile: "\(dir)/artists.csv", atomically: true, encoding: .utf8)
        let refused = try run(["infer", "--artists", "\(dir)/artists.csv", "--out", "\(dir)/out"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("\(dir)/artists.csv:10148: artist_id"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("already appears on line 2"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/out/artist_genre.csv"), "nothing half-written")
        let allowed = try run(["infer", "--allow-duplicates", "--artists", "\(dir)/artists.csv", "--out", "\(dir)/out"])
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
        XCTAssertTrue(allowed.stderr.contains("dropped 49 rows"), allowed.stderr)
        XCTAssertTrue(allowed.stderr.contains("musicgraph: 10146 artists"), allowed.stderr)
    }
}
