import Foundation
import XCTest

/// The project's yt-dlp (`.venv/bin/yt-dlp`, installed by `make setup`): its path, a failure in CI
/// when it is missing, a skip elsewhere.
public enum YTDLPExecutable {
    /// The path, or a skip (a failure under `CI=true`).
    public static func path() throws -> String {
        let path = SharedFixtures.packageRoot.appendingPathComponent(".venv/bin/yt-dlp").path
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("yt-dlp missing in CI: make setup installs it into .venv") }
        throw XCTSkip("yt-dlp not installed (make setup)")
    }
}
