/// A catalogue an artist of ours is looked up in for similar artists.
package enum Catalogue: String, Sendable, Codable, CaseIterable {
    /// Deezer (`GET /artist/{id}/related`), keyed by its numeric artist id.
    case deezer
    /// Last.fm (`artist.getSimilar`), keyed by the artist's name as Last.fm spells it.
    case lastfm
}

/// How a mapping was decided, strongest first.
package enum MappingMethod: String, Sendable, Codable {
    /// Spotify track ISRCs looked up on Deezer, the credited artists voted over.
    case isrc
    /// The artist's kworb top tracks searched on Deezer by artist and title, credits voted over.
    case trackSearch = "track-search"
    /// Deezer's artist search, candidates scored by the project's name matcher.
    case nameSearch = "name-search"
    /// Last.fm's answer for the name (after its autocorrection), scored by the name matcher.
    case name
    /// Last.fm by MusicBrainz id.
    case mbid
    /// Nothing reached the threshold: no external id is recorded and the artist gets no edges
    /// from this catalogue.
    case unresolved
}

/// Which external artist one of ours is, with the evidence — the row `artist_identity` stores.
package struct CatalogueMapping: Sendable, Codable, Equatable {
    /// Our artist id (`master_artist.artist_id`).
    package var artistID: String
    /// Our artist's name.
    package var artistName: String
    /// The catalogue.
    package var catalogue: Catalogue
    /// Its id for the artist (Deezer: the number; Last.fm: the name), `nil` when unresolved.
    package var externalID: String?
    /// Its name for the artist.
    package var externalName: String?
    /// How it was decided.
    package var method: MappingMethod
    /// 0…1: the winning share of track votes, or the name score.
    package var confidence: Double
    /// The lowest confidence the method accepts (below it nothing is recorded as a match).
    package var threshold: Double
    /// What was looked at, one line per lookup ("ISRC USUM71900001 → Deezer 1234 'Nova Lux'").
    package var evidence: [String]

    /// A mapping.
    package init(artistID: String, artistName: String, catalogue: Catalogue, externalID: String?, externalName: String?,
                 method: MappingMethod, confidence: Double, threshold: Double, evidence: [String]) {
        self.artistID = artistID
        self.artistName = artistName
        self.catalogue = catalogue
        self.externalID = externalID
        self.externalName = externalName
        self.method = method
        self.confidence = confidence
        self.threshold = threshold
        self.evidence = evidence
    }

    /// Whether an external artist was accepted.
    package var isResolved: Bool { externalID != nil && method != .unresolved }
}
