import AtlasDemo
import AtlasStore
import Foundation
import Pipeline
import StoreTestSupport
import TestSupport
import XCTest

/// `atlas worker`'s YouTube options reach every yt-dlp call: cookies, proxy, pacing (and the
/// default pace when it talks to YouTube), the escape hatch, and `--ignore-config`.
final class WorkerOptionsTests: XCTestCase {
    nonisolated(unsafe) static var cluster: TestCluster!

    override class func setUp() { cluster = TestCluster(name: "workeroptions") }
    override class func tearDown() { cluster.stop() }

    func testTheWorkerPassesItsYouTubeOptionsToEveryYTDLPCall() throws {
        let url = try Self.cluster.database("worker_options")
        let state = try makeScratchDirectory("musicatlas-options")
        let wav = state + "/song.wav"
        try DemoSong(seconds: 3, sampleRate: 16_000, seed: 3).waveData().write(to: URL(fileURLWithPath: wav))
        let header = try RecordedFixtures.url("verbose-header.deno.2026-12-01.txt").path
        let script = state + "/yt-dlp"
        try """
            #!/bin/sh
            echo "$*" >> '\(state)/argv'
            for a in "$@"; do [ "$a" = "-v" ] && { cat '\(header)' >&2; exit 2; }; done
            prev=""; out=""
            for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; done
            file=$(echo "$out" | sed 's/%(ext)s/wav/'); cp '\(wav)' "$file" && echo "$file"
            """.write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let cookies = state + "/cookies.txt"
        try "# Netscape HTTP Cookie File\n".write(toFile: cookies, atomically: true, encoding: .utf8)
        try JobQueue(connection: try PostgresConnection(url: url), owner: "test").enqueue(kind: "download", jobs: [
            (key: "track1", payload: DownloadJobPayload(trackID: "track1", url: "https://www.youtube.com/watch?v=abc").encoded()),
        ])
        let proxy = "socks5://user:PROXY-SECRET-1@127.0.0.1:1080"
        let outcome = try ProcessRunner.tool("atlas", [
            "worker", "--stage", "download", "--until-empty", "--data", try makeScratchDirectory("musicatlas-options"),
            "--cookies", cookies, "--proxy", proxy, "--ytdlp-arg", "--force-ipv4",
        ], environment: ["DATABASE_URL": url, "YTDLP": script, "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let calls = try String(contentsOfFile: state + "/argv", encoding: .utf8).split(separator: "\n")
        let download = try XCTUnwrap(calls.last { $0.contains("after_move:filepath") })
        for expected in ["--ignore-config", "--cookies \(cookies)", "--proxy \(proxy)", "--force-ipv4",
                         "--sleep-requests 0.75 --sleep-interval 10 --max-sleep-interval 20"] {
            XCTAssertTrue(download.contains(expected), "\(expected) missing from: \(download)")
        }
        XCTAssertTrue(calls.allSatisfy { $0.hasPrefix("--ignore-config") }, "yt-dlp's own config is ignored on every call")
        XCTAssertFalse(outcome.stdout.contains("PROXY-SECRET-1") || outcome.stderr.contains("PROXY-SECRET-1"))
    }
}
