import ArgumentParser
import Foundation
import MusicGraph
import ObjectStorage
import MediaWorkers
import Pipeline
import Readiness
import Redaction
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
            Audio goes to DATA/audio and windows to DATA/spectrograms, or, with --storage s3://BUCKET/PREFIX, to PREFIX/audio and \
            PREFIX/spectrograms in the bucket: each file is made in a scratch folder, uploaded, recorded with its SHA-256 in the job's \
            completing transaction and removed, so machines need no shared disk. `atlas status` shows every worker's heartbeat.
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

    @OptionGroup(title: "YouTube identity and pace (each also read from the MUSICATLAS_… variable named)")
    var youtube: YouTubeOptions

    @Option(help: "Seconds of the first pause after YouTube rate-limits the session (doubled each time, at most an hour).")
    var rateLimitPause: Double = 300

    @Option(help: "Shell command run once when the worker stops taking downloads; the reason is $1 and ATLAS_STOP_REASON.")
    var onStop: String?

    @Flag(help: "Exit when the stage has no queued or running jobs left.")
    var untilEmpty = false

    @OptionGroup var data: DataOption

    @OptionGroup var storage: StorageOption

    func validate() throws {
        guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
        guard lease >= 5 else { throw ValidationError("--lease must be at least 5 seconds") }
        guard rateLimitPause > 0 else { throw ValidationError("--rate-limit-pause must be positive") }
        if let searchFeed, !searchFeed.contains("{query}") { throw ValidationError("--search-feed needs a {query} placeholder") }
    }

    func run() throws {
        guard var ytdlp = YTDLP.locate() else {
            printError("atlas: yt-dlp not found: run `make setup` (installs it into .venv) or set YTDLP")
            throw ExitCode(1)
        }
        ytdlp.extraArguments = youtube.arguments(talkingToYouTube: searchFeed == nil)
        ytdlp.usesOwnConfiguration = youtube.ytdlpConfig
        // The checks this stage depends on, before any job is taken: a YouTube download stage
        // without a JavaScript runtime would fail every download ("Requested format is not
        // available") and stop after three wasted jobs.
        let kinds = stage.kinds
        // yt-dlp is asked once what it is: for the pre-flight and for the version every download records.
        let talksToYTDLP = kinds.contains("search") || kinds.contains("download")
        let installation = talksToYTDLP ? Result { () throws(YTDLPError) in try ytdlp.installation() } : nil
        let preflight = installation.map {
            Doctor(dataDirectory: data.data).workerChecks(ytdlp: ytdlp, installation: $0, downloading: kinds.contains("download"),
                                                          fromYouTube: searchFeed == nil)
        } ?? []
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
            let files = try storage.open(dataDirectory: data.data)
            defer { files.discardScratch() }
            var configuration = WorkerConfiguration(
                dataDirectory: data.data, ytdlp: ytdlp, searchSource: searchFeed.map { .feed($0) } ?? .youtube, mode: mode, threshold: threshold,
                maxBytes: Int64(maxMegabytes) << 20, failureLimit: failureLimit, lease: lease, untilEmpty: untilEmpty, storage: files)
            configuration.rateLimitPause = rateLimitPause
            configuration.onStop = onStop
            configuration.ytdlpVersion = try? installation?.get().version
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

/// How a worker presents itself to YouTube and how fast it goes: yt-dlp's own options, passed
/// through. Each option falls back to an environment variable, so a fleet can be configured
/// without editing command lines.
struct YouTubeOptions: ParsableArguments {
    private static let environment = ProcessInfo.processInfo.environment

    @Option(help: "Netscape cookies file for yt-dlp (MUSICATLAS_COOKIES); what helps against bot checks.")
    var cookies: String? = environment["MUSICATLAS_COOKIES"]

    @Option(help: "Read cookies from a browser profile, e.g. firefox or chrome:Profile 1 (MUSICATLAS_COOKIES_FROM_BROWSER).")
    var cookiesFromBrowser: String? = environment["MUSICATLAS_COOKIES_FROM_BROWSER"]

    @Option(help: "Seconds between yt-dlp's requests (MUSICATLAS_SLEEP_REQUESTS). Default for YouTube: 0.75.")
    var sleepRequests: Double? = environment["MUSICATLAS_SLEEP_REQUESTS"].flatMap(Double.init)

    @Option(help: "Least seconds before each download (MUSICATLAS_SLEEP_INTERVAL). Default for YouTube: 10.")
    var sleepInterval: Double? = environment["MUSICATLAS_SLEEP_INTERVAL"].flatMap(Double.init)

    @Option(help: "Most seconds before each download (MUSICATLAS_MAX_SLEEP_INTERVAL). Default for YouTube: 20.")
    var maxSleepInterval: Double? = environment["MUSICATLAS_MAX_SLEEP_INTERVAL"].flatMap(Double.init)

    @Option(help: "Download rate limit, e.g. 2M (MUSICATLAS_LIMIT_RATE).")
    var limitRate: String? = environment["MUSICATLAS_LIMIT_RATE"]

    @Option(help: "JavaScript runtimes for yt-dlp, e.g. node or deno:/opt/deno (MUSICATLAS_JS_RUNTIMES).")
    var jsRuntimes: String? = environment["MUSICATLAS_JS_RUNTIMES"]

    @Option(help: "Proxy for this worker's yt-dlp, e.g. socks5://127.0.0.1:1080 (MUSICATLAS_PROXY); credentials are never printed.")
    var proxy: String? = environment["MUSICATLAS_PROXY"]

    @Option(name: .customLong("ytdlp-arg"), parsing: .unconditionalSingleValue, help: "One more argument for every yt-dlp call (repeatable; MUSICATLAS_YTDLP_ARGS, space-separated).")
    var ytdlpArguments: [String] = environment["MUSICATLAS_YTDLP_ARGS"].map { $0.split(separator: " ").map(String.init) } ?? []

    @Flag(help: "Let yt-dlp read its own configuration files (ignored by default, so runs are reproducible).")
    var ytdlpConfig = false

    /// The yt-dlp arguments these options give. A worker talking to YouTube without any sleep
    /// option set gets `YTDLP.youtubePace`; a mirror or feed gets no pace.
    func arguments(talkingToYouTube: Bool) -> [String] {
        var out: [String] = []
        if let cookies { out += ["--cookies", cookies] }
        if let cookiesFromBrowser { out += ["--cookies-from-browser", cookiesFromBrowser] }
        if sleepRequests == nil, sleepInterval == nil, maxSleepInterval == nil {
            if talkingToYouTube { out += YTDLP.youtubePace }
        } else {
            if let sleepRequests { out += ["--sleep-requests", String(sleepRequests)] }
            if let sleepInterval { out += ["--sleep-interval", String(sleepInterval)] }
            if let maxSleepInterval { out += ["--max-sleep-interval", String(maxSleepInterval)] }
        }
        if let limitRate { out += ["--limit-rate", limitRate] }
        if let jsRuntimes { out += ["--js-runtimes", jsRuntimes] }
        if let proxy {
            Redaction.registerURLPassword(proxy)
            out += ["--proxy", proxy]
        }
        return out + ytdlpArguments
    }

    func validate() throws {
        if let sleepInterval, let maxSleepInterval, maxSleepInterval < sleepInterval {
            throw ValidationError("--max-sleep-interval must not be below --sleep-interval")
        }
        for value in [sleepRequests, sleepInterval, maxSleepInterval].compactMap({ $0 }) where value < 0 {
            throw ValidationError("sleep options must not be negative")
        }
        if let cookies, !FileManager.default.isReadableFile(atPath: cookies) { throw ValidationError("--cookies \(cookies): no readable file") }
    }
}

