/// A track node.
public struct Track: Sendable, Hashable, Codable {
    /// Spotify track id (the seed also stored the literal `NaN`, bug B1; kept verbatim).
    public var id: String
    /// Track name, verbatim.
    public var name: String
    /// Peak date `YYYY-MM-DD` (for tracks from the Spotify API: the album release date), or empty.
    public var peakDate: String
    /// Total streams on kworb; `-1` marks a track that came from the Spotify API.
    public var streams: Int64

    /// Creates a track.
    public init(id: String, name: String, peakDate: String, streams: Int64) {
        self.id = id
        self.name = name
        self.peakDate = peakDate
        self.streams = streams
    }

    /// Where the track came from: kworb charts (streams > 0) or the Spotify API.
    public var source: TrackSource { streams > 0 ? .kworb : .spotify }
}

/// The origin of a track row.
public enum TrackSource: String, Sendable, Codable {
    /// A kworb chart page (with stream counts).
    case kworb
    /// The Spotify API (no stream count; `streams = -1`).
    case spotify
}
