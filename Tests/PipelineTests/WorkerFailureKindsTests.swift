import AtlasDemo
import AtlasStore
import Foundation
import MediaWorkers
import Pipeline
import StoreTestSupport
import TestSupport
import XCTest
import YTFetch

/// A real worker on a real queue driven by a stand-in yt-dlp that prints, for each kind of
/// failure, the text real yt-dlp prints (EXTERNAL-APIS §4.6) and exits 1; any other URL is
/// "downloaded" (a WAV copied where `-o` says).
final class WorkerFailureKindsTests: XCTestCase {
    nonisolated(unsafe) static var cluster: TestCluster!

    override class func setUp() { cluster = TestCluster(name: "failurekinds") }
    override class func tearDown() { cluster.stop() }

    private static let script = #"""
        #!/bin/sh
        for a in "$@"; do [ "$a" = "-v" ] && { cat "$STANDIN_HEADER" >&2; exit 2; }; done
        prev=""; out=""; url=""
        for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; prev="$a"; url="$a"; done
        echo "$url" >> "$STANDIN_STATE/calls"
        name=$(basename "$url")
        case "$url" in
          *private*) echo "ERROR: [youtube] $name: Private video. Sign in if you've been granted access to this video" >&2; exit 1;;
          *removed*) echo "ERROR: [youtube] $name: Video unavailable. This video has been removed by the uploader" >&2; exit 1;;
          *geo*) echo "ERROR: [youtube] $name: The uploader has not made this video available in your country" >&2; exit 1;;
          *ratelimit*)
            if [ ! -f "$STANDIN_STATE/limited-$name" ]; then
              touch "$STANDIN_STATE/limited-$name"
              echo "ERROR: [youtube] $name: Video unavailable. This content isn't available, try again later. The current session has been rate-limited by YouTube for up to an hour. It is recommended to use \`-t sleep\` to add a delay between video requests to avoid exceeding the rate limit." >&2
              exit 1
            fi;;
          *bot*) echo "ERROR: [youtube] $name: Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for the authentication." >&2; exit 1;;
          *noruntime*)
            echo "WARNING: [youtube] No supported JavaScript runtime could be found. Only deno is enabled by default; to use another runtime add  --js-runtimes RUNTIME[:PATH]  to your command/config. YouTube extraction without a JS runtime has been deprecated, and some formats may be missing." >&2
            echo "WARNING: [youtube] $name: n challenge solving failed: Some formats may be missing. Ensure you have a supported JavaScript runtime and challenge solver script distribution installed." >&2
            echo "ERROR: [youtube] $name: Requested format is not available. Use --list-formats for a list of available formats" >&2
            exit 1;;
        esac
        file=$(echo "$out" | sed 's/%(ext)s/wav/')
        cp "$STANDIN_WAV" "$file" && echo "$file" && printf 'MUSICATLAS-FORMAT\t251\topus\t48000\t3.0\n'
        """#

    private struct Fixture {
        let url: String
        let connection: PostgresConnection
        let data: String
        let state: String
        let ytdlp: YTDLP
    }

    private func fixture(_ name: String, downloads: [String]) throws -> Fixture {
        let url = try Self.cluster.database(name)
        let data = try makeScratchDirectory("musicatlas-kinds"), state = try makeScratchDirectory("musicatlas-kinds-state")
        let wav = state + "/song.wav"
        try DemoSong(seconds: 3, sampleRate: 16_000, seed: 7).waveData().write(to: URL(fileURLWithPath: wav))
        let executable = state + "/yt-dlp"
        try Self.script.write(toFile: executable, atomically: true, encoding: .utf8)
        chmod(executable, 0o755)
        setenv("STANDIN_STATE", state, 1)
        setenv("STANDIN_WAV", wav, 1)
        setenv("STANDIN_HEADER", try RecordedFixtures.url("verbose-header.deno.2026-12-01.txt").path, 1)
        let connection = try PostgresConnection(url: url)
        let queue = JobQueue(connection: connection, owner: "test")
        try queue.enqueue(kind: "download", jobs: downloads.map { key in
            (key: key, payload: DownloadJobPayload(trackID: key, url: "https://www.youtube.com/watch/\(key)").encoded())
        })
        return Fixture(url: url, connection: connection, data: data, state: state, ytdlp: YTDLP(executable: executable))
    }

    private func run(_ fixture: Fixture, _ change: (inout WorkerConfiguration) -> Void = { _ in }) async throws -> WorkerPool.Summary {
        var configuration = WorkerConfiguration(dataDirectory: fixture.data, ytdlp: fixture.ytdlp, lease: 30, pollInterval: 0.2, untilEmpty: true)
        change(&configuration)
        let pool = WorkerPool(databaseURL: fixture.url, configuration: configuration, stage: .download, concurrency: 1, log: { _ in })
        return try await onDispatchThread { try pool.run() }
    }

    private func jobs(_ fixture: Fixture) throws -> [String: (state: String, attempts: Int, error: String?)] {
        var out: [String: (String, Int, String?)] = [:]
        for row in try fixture.connection.execute("SELECT key, state, attempts, last_error FROM jobs WHERE kind = 'download'", purpose: "test").rows {
            out[row["key"] ?? ""] = (row["state"] ?? "", row.int("attempts") ?? -1, row["last_error"])
        }
        return out
    }

    private func calls(_ fixture: Fixture) -> [String] {
        ((try? String(contentsOfFile: fixture.state + "/calls", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func testPermanentFailuresEndTheirJobsWithoutRetriesAndDoNotStopTheWorker() async throws {
        let fixture = try fixture("kinds_permanent", downloads: ["private1", "removed2", "geo3", "private4", "fine5"])
        let summary = try await run(fixture) { $0.failureLimit = 3 }
        XCTAssertNil(summary.stoppedDownloads, "four permanent failures in a row are not a streak")
        let jobs = try jobs(fixture)
        for key in ["private1", "removed2", "geo3", "private4"] {
            XCTAssertEqual(jobs[key]?.state, "dead", key)
            XCTAssertEqual(jobs[key]?.attempts, 1, "\(key) was retried")
            XCTAssertTrue(jobs[key]?.error?.hasPrefix("unavailable:") == true, "\(jobs[key]?.error ?? "")")
        }
        XCTAssertEqual(jobs["fine5"]?.state, "done")
        XCTAssertEqual(calls(fixture).count, 5, "one yt-dlp call per job")
        XCTAssertEqual(summary.failures["unavailable"], 4)
    }

    func testARateLimitGivesTheJobBackPausesAndResumes() async throws {
        let fixture = try fixture("kinds_ratelimit", downloads: ["ratelimit1"])
        let started = Date()
        let summary = try await run(fixture) { $0.rateLimitPause = 1.5 }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.4, "the worker paused")
        XCTAssertNil(summary.stoppedDownloads)
        XCTAssertEqual(summary.failures["rate-limited"], 1)
        XCTAssertEqual(summary.done["download"], 1)
        let job = try XCTUnwrap(try jobs(fixture)["ratelimit1"])
        XCTAssertEqual(job.state, "done")
        XCTAssertEqual(job.attempts, 1, "the rate-limited try gave the job back, it did not spend an attempt")
        // The download's provenance, committed with the job.
        let audio = try fixture.connection.execute("SELECT ytdlp_version, format_id, codec, sample_rate, duration_s, bytes FROM audio_file WHERE track_id = $1",
                                                   ["ratelimit1"], purpose: "test")
        XCTAssertEqual(audio.count, 1)
        XCTAssertEqual(audio[0]["ytdlp_version"], "2026.10.26")
        XCTAssertEqual(audio[0]["format_id"], "251")
        XCTAssertEqual(audio[0]["codec"], "opus")
        XCTAssertEqual(audio[0].int("sample_rate"), 48_000)
        XCTAssertEqual(audio[0]["duration_s"], "3")
        XCTAssertGreaterThan(audio[0].int("bytes") ?? 0, 0)
        XCTAssertEqual(calls(fixture).count, 2, "two downloads (the -v probe is not a download)")
    }

    func testThreeBotChecksStopDownloadsAndRunOnStop() async throws {
        let fixture = try fixture("kinds_bot", downloads: ["bot1", "bot2", "bot3", "bot4", "bot5"])
        let marker = fixture.state + "/stopped.txt"
        let summary = try await run(fixture) {
            $0.failureLimit = 3
            $0.onStop = "printf '%s|%s' \"$1\" \"$ATLAS_STOP_REASON\" > '\(marker)'"
        }
        let reason = try XCTUnwrap(summary.stoppedDownloads)
        XCTAssertTrue(reason.contains("3 consecutive"), reason)
        XCTAssertTrue(reason.contains("not a bot"), reason)
        XCTAssertTrue(reason.contains("cookies"), "says what helps: \(reason)")
        XCTAssertEqual(calls(fixture).count, 3, "no download after the stop")
        let ran = try String(contentsOfFile: marker, encoding: .utf8)
        XCTAssertEqual(ran, reason + "|" + reason)
        XCTAssertEqual(try jobs(fixture).values.filter { $0.state == "queued" && $0.attempts == 0 }.count, 2, "the rest untouched")
    }

    func testAMissingJavaScriptRuntimeStopsAtOnceWithTheFix() async throws {
        let fixture = try fixture("kinds_runtime", downloads: ["noruntime1", "noruntime2", "noruntime3"])
        let marker = fixture.state + "/stopped.txt"
        let summary = try await run(fixture) {
            $0.failureLimit = 3
            $0.onStop = "printf '%s' \"$1\" > '\(marker)'"
        }
        let reason = try XCTUnwrap(summary.stoppedDownloads)
        XCTAssertTrue(reason.contains("runtime-missing"), reason)
        XCTAssertTrue(reason.contains("Deno"), reason)
        XCTAssertEqual(calls(fixture).count, 1, "never three wasted jobs")
        XCTAssertEqual(try jobs(fixture).values.filter { $0.state == "queued" && $0.attempts == 0 }.count, 3, "every job given back")
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker))
        let stops = try fixture.connection.execute("SELECT worker, reason FROM worker_stop", purpose: "test")
        XCTAssertEqual(stops.count, 1)
        XCTAssertTrue(stops[0]["reason"]?.contains("runtime-missing") == true)
        let status = try QueueStatus.read(fixture.connection)
        XCTAssertTrue(status.contains { $0.contains("worker ") && $0.contains(" stopped ") && $0.contains("runtime-missing") }, "\(status)")
        XCTAssertTrue(status.contains { $0.contains("download failures runtime-missing") }, "failures by kind: \(status)")
    }
}
