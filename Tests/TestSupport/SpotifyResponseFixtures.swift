import Foundation
import XCTest

/// Spotify Web API responses recorded by the 2020 pipeline (search, related artists), committed
/// once here and read by the MusicGraph and SpotifyClient tests alike.
public enum SpotifyResponseFixtures {
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
