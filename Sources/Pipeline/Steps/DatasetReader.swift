import AtlasStore
import MusicGraph

/// Reads the dataset tables back as MusicGraph values, in store order (`ordinal` for artists
/// and tracks, key order for edges) so every derived result is deterministic.
package struct DatasetReader {
    private let connection: PostgresConnection

    /// A reader on `connection`.
    package init(_ connection: PostgresConnection) { self.connection = connection }

    /// `master_artist`.
    package func artists() throws(PostgresError) -> [Artist] {
        try connection.execute("SELECT artist_id, artist_name, is_main FROM master_artist ORDER BY ordinal", purpose: "read artists").rows.map {
            Artist(id: $0["artist_id"] ?? "", name: $0["artist_name"] ?? "", isMain: $0.bool("is_main") ?? false)
        }
    }

    /// `master_track`.
    package func tracks() throws(PostgresError) -> [Track] {
        try connection.execute("SELECT track_id, track_name, peak_date, streams FROM master_track ORDER BY ordinal", purpose: "read tracks").rows.map {
            Track(id: $0["track_id"] ?? "", name: $0["track_name"] ?? "", peakDate: $0["peak_date"] ?? "", streams: Int64($0["streams"] ?? "") ?? -1)
        }
    }

    /// `rel_artist_track`.
    package func links() throws(PostgresError) -> [ArtistTrackLink] {
        try connection.execute("SELECT artist_id, track_id FROM rel_artist_track ORDER BY artist_id, track_id", purpose: "read links").rows.map {
            ArtistTrackLink(artistID: $0["artist_id"] ?? "", trackID: $0["track_id"] ?? "")
        }
    }

    /// `related_artist_edge`.
    package func relations() throws(PostgresError) -> [RelatedArtistEdge] {
        try connection.execute("SELECT artist_id, related_id, source, weight FROM related_artist_edge ORDER BY artist_id, related_id",
                               purpose: "read related edges").rows.map {
            RelatedArtistEdge(from: $0["artist_id"] ?? "", to: $0["related_id"] ?? "",
                              source: RelationSource(rawValue: $0["source"] ?? "") ?? .spotify, weight: $0.double("weight") ?? 0)
        }
    }

    /// `rel_artist_artist`.
    package func relatedRows() throws(PostgresError) -> [RelatedArtistRow] {
        try connection.execute("SELECT query_artist, related_artist, genre, popularity FROM rel_artist_artist ORDER BY query_artist, related_artist, genre",
                               purpose: "read related rows").rows.map {
            RelatedArtistRow(query: $0["query_artist"] ?? "", related: $0["related_artist"] ?? "", genre: $0["genre"] ?? "", popularity: $0.int("popularity"))
        }
    }

    /// `master_genre`.
    package func genres() throws(PostgresError) -> [GenreAssignment] {
        try connection.execute("""
            SELECT artist_id, genre, source FROM master_genre ORDER BY ordinal
            """, purpose: "read genres").rows.map {
            GenreAssignment(artistID: $0["artist_id"] ?? "", genre: $0["genre"] ?? "", source: GenreSource(rawValue: $0["source"] ?? "") ?? .undefined)
        }
    }

    /// `artist_popularity`.
    package func popularity() throws(PostgresError) -> [PopularityAssignment] {
        try connection.execute("""
            SELECT p.artist_id, p.popularity, p.source FROM artist_popularity p JOIN master_artist a USING (artist_id) ORDER BY a.ordinal
            """, purpose: "read popularity").rows.map {
            PopularityAssignment(artistID: $0["artist_id"] ?? "", popularity: $0.int("popularity"), source: PopularitySource(rawValue: $0["source"] ?? "") ?? .none)
        }
    }

    /// Each artist's own genres and popularity, and where they came from.
    package struct Profiles: Sendable {
        /// Genres, most applied first.
        package var genres: [String: [String]] = [:]
        /// The catalogue of each artist's genres: `spotify`, `lastfm` or `deezer`.
        package var genreProvider: [String: String] = [:]
        /// Popularity 0–100.
        package var popularity: [String: Int] = [:]
        /// Where each popularity came from: `spotify`, `deezer-fans` or `kworb-streams`.
        package var popularityProvider: [String: String] = [:]
    }

    /// Artists' own genres — Spotify's (`spotify_artist_profile`), else Last.fm's genre-like tags,
    /// else Deezer's album genres (`artist_catalog_profile`) — and popularity: Spotify's, else
    /// the `PopularityProxy` (Deezer fans, else kworb streams, as a percentile) when
    /// `proxyPopularity`.
    package func profiles(proxyPopularity: Bool = true) throws(PostgresError) -> Profiles {
        var profiles = Profiles()
        for row in try connection.execute("SELECT artist_id, popularity FROM spotify_artist_profile", purpose: "read profiles").rows {
            if let id = row["artist_id"], let value = row.int("popularity") {
                profiles.popularity[id] = value
                profiles.popularityProvider[id] = "spotify"
            }
        }
        // Spotify first, then Last.fm, then Deezer: the first catalogue with genres for an artist wins.
        for row in try connection.execute("""
            SELECT artist_id, provider, g FROM (
                SELECT artist_id, 'spotify' AS provider, 0 AS rank, genres FROM spotify_artist_profile
                UNION ALL SELECT artist_id, catalogue, CASE catalogue WHEN 'lastfm' THEN 1 ELSE 2 END, genres FROM artist_catalog_profile
            ) p, unnest(genres) WITH ORDINALITY AS u(g, n) ORDER BY artist_id, rank, n
            """, purpose: "read profile genres").rows {
            guard let id = row["artist_id"], let genre = row["g"], let provider = row["provider"] else { continue }
            guard profiles.genreProvider[id] == nil || profiles.genreProvider[id] == provider else { continue }
            profiles.genreProvider[id] = provider
            profiles.genres[id, default: []].append(genre)
        }
        guard proxyPopularity else { return profiles }
        var fans: [String: Int] = [:], streams: [String: Int64] = [:]
        for row in try connection.execute("SELECT artist_id, fans FROM artist_catalog_profile WHERE catalogue = 'deezer' AND fans IS NOT NULL",
                                          purpose: "read Deezer fans").rows {
            if let id = row["artist_id"], let value = row.int("fans") { fans[id] = value }
        }
        for row in try connection.execute("""
            SELECT l.artist_id, sum(t.streams) AS streams FROM rel_artist_track l JOIN master_track t USING (track_id)
            WHERE t.streams >= 0 GROUP BY l.artist_id
            """, purpose: "read kworb streams per artist").rows {
            if let id = row["artist_id"], let value = row["streams"].flatMap({ Int64($0) }) { streams[id] = value }
        }
        for (id, proxy) in PopularityProxy().values(fans: fans, streams: streams) where profiles.popularity[id] == nil {
            profiles.popularity[id] = proxy.popularity
            profiles.popularityProvider[id] = proxy.provider.rawValue
        }
        return profiles
    }

    /// The whole graph with inferred genres and popularity.
    package func graph() throws(PostgresError) -> ArtistGraph {
        ArtistGraph(artists: try artists(), tracks: try tracks(), links: try links(), relations: try relations(),
                    genres: try genres(), popularity: try popularity())
    }
}
