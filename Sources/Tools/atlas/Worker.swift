import ArgumentParser
import Foundation
import MusicGraph
import Pipeline
import YTFetch

extension WorkerStage: ExpressibleByArgument {}

/// `atlas worker`: processes the job queue on this machine.
struct Worker: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search, download and render the queued tracks (run on any machine that reaches DATABASE_URL).",
        discussion: """
            Jobs chain search → download → spectrogram. Each job is leased; a worker killed mid-job loses its lease and another \
            worker finishes the job. A private, removed or geo-blocked video ends its job at once (not retried, not counted); a \
            rate limit gives the job back and pauses searches and downloads (--rate-limit-pause, doubling up to an hour); after \
            --failure-limit consecutive download failures (bot checks included) the worker stops taking downloads and says why; \
            a missing JavaScript runtime stops it at once. --on-stop COMMAND then runs with the reason as $1 / ATLAS_STOP_REASON. \
            taking downloads and says why. Audio goes to DATA/audio, windows to DATA/spectrograms (share DATA between machines).
            """)

    @Option(help: "search | download | spectrogram | all")
    var stage: WorkerStage = .all

    @Option(help: "Jobs processed at once.")
    var concurrency: Int = 2

    @Option(help: "Matching and audio: default (spotDL-like scorer, best audio) or seed2020 (the 2020 title rules, worst audio).")
    var mode: PipelineMode = .standard

    @Option(help: "Search feed URL template with {query} instead of YouTube search (for mirrors and the fixture site).")
    var searchFeed: String?

    @Option(help: "Score a candidate needs (default mode).")
    var threshold: Double = 80

    @Option(help: "Largest audio file in MB.")
    var maxMegabytes: Int = 50

    @Option(help: "Consecutive download failures that stop downloading.")
    var failureLimit: Int = 3

    @Option(help: "Lease per job in seconds.")
    var lease: Double = 300

    @Option(help: "Seconds of the first pause after YouTube rate-limits the session (doubled each time, at most an hour).")
    var rateLimitPause: Double = 300

    @Option(help: "Shell command run once when the worker stops taking downloads; the reason is $1 and ATLAS_STOP_REASON.")
    var onStop: String?

    @Flag(help: "Exit when the stage has no queued or running jobs left.")
    var untilEmpty = false

    @OptionGroup var data: DataOption

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
        guard lease >= 5 else { throw ValidationError("--lease must be at least 5 seconds") }
        guard rateLimitPause > 0 else { throw ValidationError("--rate-limit-pause must be positive") }
        if let searchFeed, !searchFeed.contains("{query}") { throw ValidationError("--search-feed needs a {query} placeholder") }
    }

    func run() throws {
        guard let ytdlp = YTDLP.locate() else {
            printError("atlas: yt-dlp not found: run `make setup` (installs it into .venv) or set YTDLP")
            throw ExitCode(1)
        }
        // The checks this stage depends on, before any job is taken: a YouTube download stage
        // without a JavaScript runtime would fail every download ("Requested format is not
        // available") and stop after three wasted jobs.
        let kinds = stage.kinds
        let preflight = Doctor(dataDirectory: data.data).workerChecks(
            searching: kinds.contains("search"), downloading: kinds.contains("download"), fromYouTube: searchFeed == nil)
        for check in preflight where !check.ok {
            if check.name == "yt-dlp age" {
                printError("atlas: warning: \(check.detail); fix: \(check.fix)")
                continue
            }
            printError("atlas: worker not started: \(check.name): \(check.detail) — fix: \(check.fix)")
            throw ExitCode(1)
        }
        try withDatabase(data) { database in
            _ = try database.connect()
            var configuration = WorkerConfiguration(
                dataDirectory: data.data, ytdlp: ytdlp, searchSource: searchFeed.map { .feed($0) } ?? .youtube, mode: mode, threshold: threshold,
                maxBytes: Int64(maxMegabytes) << 20, failureLimit: failureLimit, lease: lease, untilEmpty: untilEmpty)
            configuration.rateLimitPause = rateLimitPause
            configuration.onStop = onStop
            let summary = try WorkerPool(databaseURL: database.url, configuration: configuration, stage: stage, concurrency: concurrency).run()
            print("done: " + summary.done.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            if !summary.failures.isEmpty {
                print("failures: " + summary.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            if let stopped = summary.stoppedDownloads {
                printError("atlas: \(stopped)")
                throw ExitCode(3)
            }
        }
    }
}
