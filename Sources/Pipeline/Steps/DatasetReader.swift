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

    /// Artists' own Spotify genres and popularity (`spotify_artist_profile`).
    package func profiles() throws(PostgresError) -> (genres: [String: [String]], popularity: [String: Int]) {
        var genres: [String: [String]] = [:], popularity: [String: Int] = [:]
        for row in try connection.execute("SELECT artist_id, popularity FROM spotify_artist_profile", purpose: "read profiles").rows {
            if let id = row["artist_id"], let value = row.int("popularity") { popularity[id] = value }
        }
        for row in try connection.execute("""
            SELECT artist_id, g FROM spotify_artist_profile, unnest(genres) WITH ORDINALITY AS u(g, n) ORDER BY artist_id, n
            """, purpose: "read profile genres").rows {
            if let id = row["artist_id"], let genre = row["g"] { genres[id, default: []].append(genre) }
        }
        return (genres, popularity)
    }

    /// The whole graph with inferred genres and popularity.
    package func graph() throws(PostgresError) -> ArtistGraph {
        ArtistGraph(artists: try artists(), tracks: try tracks(), links: try links(), relations: try relations(),
                    genres: try genres(), popularity: try popularity())
    }
}
