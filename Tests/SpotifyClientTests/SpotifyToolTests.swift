import Foundation
import TestSupport
import XCTest

/// The `spotify` executable: one stderr line naming the endpoint and reason, non-zero exit.
final class SpotifyToolTests: XCTestCase {
    private func run(_ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let outcome = try ProcessRunner.tool("spotify", arguments, environment: environment)
        return (outcome.status, outcome.stderr)
    }

    func testMissingCredentialsAndUnreachableServer() throws {
        let (status, stderr) = try run(["artist", "6XYRpcgPIK9OejoVzA7PbC"], environment: ["PATH": "/usr/bin"])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(stderr.contains("no Spotify credentials"), stderr)

        let secret = "very-secret-value"
        let (status2, stderr2) = try run(
            ["artist", "6XYRpcgPIK9OejoVzA7PbC", "--api-base", "http://127.0.0.1:9/v1/", "--accounts-base", "http://127.0.0.1:9/"],
            environment: ["SPOTIFY_CLIENT_ID": "id", "SPOTIFY_CLIENT_SECRET": secret])
        XCTAssertEqual(status2, 1)
        XCTAssertEqual(stderr2.split(separator: "\n").count, 1, stderr2)
        XCTAssertTrue(stderr2.hasPrefix("spotify: POST /api/token: network error"), stderr2)
        XCTAssertFalse(stderr2.contains(secret))
    }
}
