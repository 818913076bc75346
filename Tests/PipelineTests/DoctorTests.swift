import Foundation
import TestSupport
import XCTest

/// `atlas doctor` and the worker's pre-flight, through the real executable.
final class DoctorTests: XCTestCase {
    private struct Report: Decodable {
        struct Check: Decodable { var name: String; var ok: Bool; var detail: String; var fix: String }
        var checks: [Check]
        var ok: Bool
    }

    /// A stand-in yt-dlp that prints the header a plain `pip install yt-dlp` printed here
    /// (no JavaScript runtime, no yt-dlp-ejs) and exits as yt-dlp does without a URL.
    private func ytdlpWithoutRuntime() throws -> String {
        let folder = try makeScratchDirectory("musicatlas-doctor")
        let header = try RecordedFixtures.url("verbose-header.no-runtime.2026-12-01.txt").path
        let script = folder + "/yt-dlp"
        try "#!/bin/sh\ncat '\(header)' >&2\nexit 2\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        return script
    }

    func testTheDemoIsReadyOnAFreshSetup() throws {
        let data = try makeScratchDirectory("musicatlas-doctor")
        let outcome = try ProcessRunner.tool("atlas", ["doctor", "--for", "demo", "--json", "--data", data + "/data"])
        XCTAssertEqual(outcome.status, 0, outcome.stdout + outcome.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(outcome.stdout.utf8))
        XCTAssertTrue(report.ok)
        XCTAssertEqual(Set(report.checks.map(\.name)).isSuperset(of: ["yt-dlp", "JavaScript runtime", "yt-dlp-ejs", "PostgreSQL", "FalkorDB", "disk"]), true)
        XCTAssertTrue(report.checks.allSatisfy { $0.ok && $0.fix.isEmpty })
    }

    func testALiveRunWithoutAJavaScriptRuntimeIsRefusedNamingDeno() throws {
        let data = try makeScratchDirectory("musicatlas-doctor")
        var environment = ProcessInfo.processInfo.environment
        environment["YTDLP"] = try ytdlpWithoutRuntime()
        environment["SPOTIFY_CLIENT_ID"] = "doctor-id"
        environment["SPOTIFY_CLIENT_SECRET"] = "DOCTOR-SECRET-77"
        environment["DATABASE_URL"] = "postgresql://u:DOC/PASS@127.0.0.1:1/db"
        let outcome = try ProcessRunner.tool("atlas", ["doctor", "--for", "live", "--json", "--data", data], environment: environment)
        XCTAssertNotEqual(outcome.status, 0)
        let report = try JSONDecoder().decode(Report.self, from: Data(outcome.stdout.utf8))
        XCTAssertFalse(report.ok)
        let runtime = try XCTUnwrap(report.checks.first { $0.name == "JavaScript runtime" })
        XCTAssertFalse(runtime.ok)
        XCTAssertTrue(runtime.detail.contains("Deno"), runtime.detail)
        XCTAssertFalse(runtime.fix.isEmpty)
        XCTAssertFalse(try XCTUnwrap(report.checks.first { $0.name == "yt-dlp-ejs" }).ok)
        XCTAssertFalse(try XCTUnwrap(report.checks.first { $0.name == "PostgreSQL" }).ok, "nothing listens on port 1")
        for secret in ["DOCTOR-SECRET-77", "DOC/PASS", "PASS@"] {
            XCTAssertFalse(outcome.stdout.contains(secret) || outcome.stderr.contains(secret), "\(secret) was printed")
        }
    }

    func testAYouTubeDownloadWorkerWithoutARuntimeDoesNotStart() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["YTDLP"] = try ytdlpWithoutRuntime()
        environment["DATABASE_URL"] = "postgresql://u@127.0.0.1:1/db"
        let started = Date()
        let refused = try ProcessRunner.tool("atlas", ["worker", "--stage", "download", "--data", try makeScratchDirectory("musicatlas-doctor")],
                                             environment: environment)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("worker not started: JavaScript runtime"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Deno"), refused.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "refused before taking any job")
    }
}
