import Foundation
import TestSupport
import XCTest
import YTFetch

/// `yt-dlp -v` headers recorded on this machine (2026-12-01): the project's venv with
/// `yt-dlp[default]` and Deno, and a venv with plain `yt-dlp`.
final class InstallationTests: XCTestCase {
    private func header(_ name: String) throws -> String {
        String(decoding: try RecordedFixtures.data(name), as: UTF8.self)
    }

    func testTheVenvHeaderNamesDenoAndTheChallengeSolver() throws {
        let found = try XCTUnwrap(YTDLPInstallation.parse(verboseOutput: try header("verbose-header.deno.2026-12-01.txt")))
        XCTAssertEqual(found.version, "2026.10.26")
        XCTAssertEqual(found.javaScriptRuntimes, ["deno-2.9.8"])
        XCTAssertEqual(found.challengeSolver, "yt_dlp_ejs-0.8.0")
        XCTAssertEqual(found.ffmpeg, "5.1.9-0")
        let recorded = ISO8601DateFormatter().date(from: "2026-12-01T12:00:00Z")!
        XCTAssertEqual(found.ageInDays(at: recorded), 36)
    }

    func testAPlainYTDLPHasNoRuntimeAndNoSolver() throws {
        let found = try XCTUnwrap(YTDLPInstallation.parse(verboseOutput: try header("verbose-header.no-runtime.2026-12-01.txt")))
        XCTAssertEqual(found.version, "2026.10.26")
        XCTAssertEqual(found.javaScriptRuntimes, [])
        XCTAssertNil(found.challengeSolver)
        XCTAssertNil(YTDLPInstallation.parse(verboseOutput: "Usage: yt-dlp [OPTIONS] URL [URL...]\n"))
    }

    /// The project's own yt-dlp, as `make setup` installs it.
    func testTheInstalledYTDLPHasAJavaScriptRuntime() throws {
        let found = try YTDLP(executable: try YTDLPExecutable.path()).installation()
        XCTAssertFalse(found.javaScriptRuntimes.isEmpty, "make setup installs Deno beside yt-dlp")
        XCTAssertNotNil(found.challengeSolver, "make setup installs yt-dlp[default], which brings yt-dlp-ejs")
    }
}
