/// The track a search is for.
public struct TrackQuery: Sendable, Hashable, Codable {
    /// Title as stored.
    public var title: String
    /// Artists, main first.
    public var artists: [String]
    /// Duration in seconds, when known (Spotify tracks; kworb gives none).
    public var duration: Double?

    /// Creates a query.
    public init(title: String, artists: [String], duration: Double? = nil) {
        self.title = title
        self.artists = artists
        self.duration = duration
    }
}
