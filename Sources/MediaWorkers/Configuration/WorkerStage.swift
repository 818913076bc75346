/// The worker stages; jobs chain search → download → spectrogram.
package enum WorkerStage: String, Sendable, CaseIterable {
    /// Find each track's video (yt-dlp search + matching) → `track_url`, a download job.
    case search
    /// Download the matched video's audio → `DATA/audio`, a spectrogram job.
    case download
    /// Render the audio's windows → `DATA/spectrograms`.
    case spectrogram
    /// All three (downstream first, so finished work leaves the machine quickly).
    case all

    /// The job kinds this stage takes, in claim order.
    package var kinds: [String] {
        switch self {
        case .search: return ["search"]
        case .download: return ["download"]
        case .spectrogram: return ["spectrogram"]
        case .all: return ["spectrogram", "download", "search"]
        }
    }
}
