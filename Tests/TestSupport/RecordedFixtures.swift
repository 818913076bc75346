import Foundation
import XCTest

/// Real recorded output committed once and read by several test targets: the Spotify Web API
/// responses the 2020 pipeline recorded (search, related artists), read by the MusicGraph and
/// SpotifyClient tests, and `yt-dlp -v` headers recorded here, read by the YTFetch and Pipeline
/// tests.
public enum RecordedFixtures {
    /// The file's URL in this target's bundle, or a skip naming it.
    public static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            throw XCTSkip("fixture \(name) not in the TestSupport bundle")
        }
        return url
    }

    /// The file's bytes.
    public static func data(_ name: String) throws -> Data { try Data(contentsOf: try url(name)) }
}
