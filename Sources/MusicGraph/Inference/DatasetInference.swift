/// Genres and popularity for a whole artist table in one pass over the related-artist rows.
public struct DatasetInference: Sendable {
    /// Behaviour.
    public var mode: GraphMode

    /// Creates the inference for `mode`.
    public init(mode: GraphMode) { self.mode = mode }

    /// What the inference produced.
    public struct Result: Sendable {
        /// Genre assignments, artist by artist in input order.
        public var genres: [GenreAssignment]
        /// Popularity, one per artist in input order.
        public var popularity: [PopularityAssignment]
    }

    /// Runs both inferences.
    /// - Parameters:
    ///   - artists: every artist of the dataset, in store order.
    ///   - related: the `rel_artist_artist` rows.
    ///   - ownGenres: artists' own Spotify genres (used in `standard` mode only).
    ///   - ownPopularity: artists' own Spotify popularity (used in `standard` mode only).
    public func run(
        artists: [Artist], related: [RelatedArtistRow], ownGenres: [String: [String]] = [:],
        ownPopularity: [String: Int] = [:]
    ) -> Result {
        let index = RelatedIndex(rows: related)
        let ids = artists.map(\.id)
        let popularity = PopularityInference(mode: mode).infer(artistIDs: ids, index: index, own: ownPopularity)
        var known: [String: Int] = [:]
        for value in popularity { if let p = value.popularity { known[value.artistID] = p } }
        let genres = GenreInference(mode: mode).infer(artistIDs: ids, index: index, ownGenres: ownGenres, popularity: known)
        return Result(genres: genres, popularity: popularity)
    }
}
