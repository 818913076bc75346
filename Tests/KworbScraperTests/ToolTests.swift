import Foundation
import TestSupport
import XCTest

/// The `kworb` executable's documented interface.
final class ToolTests: XCTestCase {
    private func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let outcome = try ProcessRunner.tool("kworb", arguments)
        return (outcome.status, outcome.stdout, outcome.stderr)
    }

    func testParseArtistsPrintsTheDocumentedCSV() throws {
        let result = try run(["parse", "artists", try SharedFixtures.path("seed-2020/kworb_artists_2020.html"), "--mode", "seed2020"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "artist_id,artist_name,streams")
        XCTAssertEqual(lines.count, 10_001)
        XCTAssertEqual(lines[1], "3TVXtAsR1Inumwj472S9r4,Drake,19730111322")
    }

    func testBadPageIsOneClearLineAndNonZero() throws {
        let path = NSTemporaryDirectory() + "kworb-\(UUID().uuidString).html"
        try Data("<html><body>Service temporarily unavailable</body></html>".utf8).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        let result = try run(["parse", "songs", path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(path): songs page layout not recognised"), result.stderr)
    }
}
