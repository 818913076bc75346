/// One row of the seed's `rel_artist_artist` table: `query` lists `related` as a related artist,
/// and `related` has `genre` and `popularity`. A related artist with several genres has several
/// rows; one with none has no row at all (bug B7).
public struct RelatedArtistRow: Sendable, Hashable, Codable {
    /// The artist whose related artists were asked for.
    public var query: String
    /// The related artist.
    public var related: String
    /// One genre of the related artist.
    public var genre: String
    /// The related artist's popularity (0–100) when it was fetched, if known.
    public var popularity: Int?

    /// Creates a row.
    public init(query: String, related: String, genre: String, popularity: Int?) {
        self.query = query
        self.related = related
        self.genre = genre
        self.popularity = popularity
    }
}
