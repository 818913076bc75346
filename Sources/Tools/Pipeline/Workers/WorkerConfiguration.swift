import Foundation
import MelSpectrogram
import MusicGraph
import YTFetch

/// How `atlas worker` works: where files go, which tool and rules it uses, how patient it is.
public struct WorkerConfiguration: Sendable {
    /// `DATA` (a shared folder when several machines work): `audio/` and `spectrograms/` below it.
    public var dataDirectory: String
    /// yt-dlp.
    public var ytdlp: YTDLP
    /// Where searches go (YouTube, or the fixture site's feed).
    public var searchSource: SearchSource
    /// `seed2020`: the 2020 title rules and worst audio; `standard`: the scorer and best audio.
    public var mode: GraphMode
    /// Score needed by the standard matcher.
    public var threshold: Double
    /// Largest audio file accepted.
    public var maxBytes: Int64?
    /// Longest audio accepted, seconds.
    public var maxDuration: Double?
    /// Consecutive download failures after which a worker stops downloading (3, as the seed).
    public var failureLimit: Int
    /// Lease per job, seconds (a killed worker's job is taken over after this).
    public var lease: TimeInterval
    /// Seconds between polls when idle (NOTIFY wakes workers sooner).
    public var pollInterval: TimeInterval
    /// Exit once the stage's kinds have no queued or running jobs (demo, tests, batch runs).
    public var untilEmpty: Bool
    /// Spectrogram rendering.
    public var renderMode: RenderMode

    /// A configuration.
    public init(
        dataDirectory: String, ytdlp: YTDLP, searchSource: SearchSource = .youtube, mode: GraphMode = .standard, threshold: Double = 80,
        maxBytes: Int64? = 50 << 20, maxDuration: Double? = 900, failureLimit: Int = 3, lease: TimeInterval = 300,
        pollInterval: TimeInterval = 5, untilEmpty: Bool = false, renderMode: RenderMode = .standard
    ) {
        self.dataDirectory = dataDirectory
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

    /// `DATA/audio`.
    public var audioDirectory: String { (dataDirectory as NSString).appendingPathComponent("audio") }
    /// `DATA/spectrograms`.
    public var spectrogramDirectory: String { (dataDirectory as NSString).appendingPathComponent("spectrograms") }
}
