import Foundation
import Pipeline
import MelSpectrogram
import MusicGraph
import ObjectStorage
import YTFetch

/// How `atlas worker` works: where files go, which tool and rules it uses, how patient it is.
package struct WorkerConfiguration: Sendable {
    /// `DATA`: `audio/` and `spectrograms/` below it, or (with a bucket) the scratch folder's parent.
    package var dataDirectory: String
    /// Where audio and windows are kept: the data folder itself, or a bucket (files are made in
    /// its scratch folder, uploaded, recorded and removed).
    package var storage: any DataStorage
    /// yt-dlp.
    package var ytdlp: YTDLP
    /// Where searches go (YouTube, or the fixture site's feed).
    package var searchSource: SearchSource
    /// `seed2020`: the 2020 title rules and worst audio; `standard`: the scorer and best audio.
    package var mode: PipelineMode
    /// Score needed by the standard matcher.
    package var threshold: Double
    /// Largest audio file accepted.
    package var maxBytes: Int64?
    /// Longest audio accepted, seconds.
    package var maxDuration: Double?
    /// Consecutive download failures after which a worker stops downloading (3, as the seed).
    package var failureLimit: Int
    /// Lease per job, seconds (a killed worker's job is taken over after this).
    package var lease: TimeInterval
    /// Seconds between polls when idle (NOTIFY wakes workers sooner).
    package var pollInterval: TimeInterval
    /// Exit once the stage's kinds have no queued or running jobs (demo, tests, batch runs).
    package var untilEmpty: Bool
    /// Spectrogram rendering.
    package var renderMode: RenderMode
    /// First pause after YouTube rate-limits the session, seconds; doubled on each further one.
    package var rateLimitPause: TimeInterval = 300
    /// Longest pause (YouTube's session limit lasts "up to an hour").
    package var maxRateLimitPause: TimeInterval = 3600
    /// A shell command run once when the worker stops taking downloads, with the reason as `$1`
    /// and in `ATLAS_STOP_REASON` (the seed's SNS e-mail, generalised).
    package var onStop: String?
    /// The yt-dlp version recorded with every download (read once from `yt-dlp -v` when unset).
    package var ytdlpVersion: String?

    /// A configuration.
    package init(
        dataDirectory: String, ytdlp: YTDLP, searchSource: SearchSource = .youtube, mode: PipelineMode = .standard, threshold: Double = 80,
        maxBytes: Int64? = 50 << 20, maxDuration: Double? = 900, failureLimit: Int = 3, lease: TimeInterval = 300,
        pollInterval: TimeInterval = 5, untilEmpty: Bool = false, renderMode: RenderMode = .standard, storage: (any DataStorage)? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.storage = storage ?? LocalFolderStorage(root: dataDirectory)
        self.ytdlp = ytdlp
        self.searchSource = searchSource
        self.mode = mode
        self.threshold = threshold
        self.maxBytes = maxBytes
        self.maxDuration = maxDuration
        self.failureLimit = failureLimit
        self.lease = lease
        self.pollInterval = pollInterval
        self.untilEmpty = untilEmpty
        self.renderMode = renderMode
    }

    /// `audio/` of the working folder (the data folder, or the bucket's scratch folder).
    package var audioDirectory: String { storage.workingPath("audio") }
    /// `spectrograms/` of the working folder.
    package var spectrogramDirectory: String { storage.workingPath("spectrograms") }
}
