import Foundation

/// A related artist as a related-artists response describes it (the fields the pipeline uses).
public struct RelatedArtistInfo: Sendable, Hashable, Codable {
    /// Spotify artist id.
    public var id: String
    /// Name.
    public var name: String
    /// Genres (empty for many artists; gone for new apps since 2026).
    public var genres: [String]
    /// Popularity (gone for new apps since 2026).
    public var popularity: Int?

    /// Creates an entry.
    public init(id: String, name: String, genres: [String], popularity: Int?) {
        self.id = id
        self.name = name
        self.genres = genres
        self.popularity = popularity
    }
}

/// Turns one related-artists response into `rel_artist_artist` rows and `REL_ART` edges
/// (SEED-SPEC §2.3).
///
/// Both modes keep only related artists that are in the dataset. `seed2020` then emits one row per
/// non-empty genre, cleaned as the seed did (`'` → space, **then** lower-cased: `children s choir`),
/// so a related artist without genres leaves no row and **no edge** (bug B7: Stephen Puth). The
/// default keeps such edges (and the artist's popularity) even without genres.
public struct RelatedArtistsCollector: Sendable {
    /// Behaviour.
    public var mode: GraphMode

    /// Creates a collector.
    public init(mode: GraphMode) { self.mode = mode }

    /// What one response yields.
    public struct Collected: Sendable, Equatable {
        /// Rows for `rel_artist_artist` (one per related artist and genre).
        public var rows: [RelatedArtistRow]
        /// The `REL_ART` edges (distinct related artists, response order).
        public var edges: [RelatedArtistEdge]
    }

    /// Collects the response `related` for artist `query`, keeping artists in `known`.
    public func collect(query: String, related: [RelatedArtistInfo], known: Set<String>) -> Collected {
        var rows: [RelatedArtistRow] = []
        var edges: [RelatedArtistEdge] = []
        var seen = Set<String>()
        for artist in related where known.contains(artist.id) {
            let genres = artist.genres.filter { !$0.isEmpty }.map(Self.seedGenre)
            for genre in genres {
                rows.append(RelatedArtistRow(query: query, related: artist.id, genre: genre, popularity: artist.popularity))
            }
            let keepsEdge = mode == .standard || !genres.isEmpty
            if keepsEdge, seen.insert(artist.id).inserted {
                edges.append(RelatedArtistEdge(from: query, to: artist.id, source: .spotify))
            }
        }
        return Collected(rows: rows, edges: edges)
    }

    /// The seed's genre cleaning: `'` → space, then lower-case.
    public static func seedGenre(_ genre: String) -> String { genre.replacingOccurrences(of: "'", with: " ").lowercased() }
}

