/// An artist performs on a track (`ART_TR`).
public struct ArtistTrackLink: Sendable, Hashable, Codable {
    /// The artist.
    public var artistID: String
    /// The track.
    public var trackID: String

    /// Creates a link.
    public init(artistID: String, trackID: String) {
        self.artistID = artistID
        self.trackID = trackID
    }
}

/// Where a related-artist edge came from.
public enum RelationSource: String, Sendable, Codable {
    /// Spotify's related-artists endpoint.
    case spotify
    /// Deezer's related artists (`GET /artist/{id}/related`); weight rank-based.
    case deezer
    /// Last.fm's similar artists (`artist.getSimilar`); weight its `match`.
    case lastfm
    /// Derived from kworb co-features (artists sharing tracks): collaboration, not similarity;
    /// weight the number of shared tracks.
    case kworbCofeature = "kworb-cofeature"
}

/// A directed related-artist edge (`REL_ART`).
public struct RelatedArtistEdge: Sendable, Hashable, Codable {
    /// The artist the relation was asked for.
    public var from: String
    /// The related artist.
    public var to: String
    /// Where the edge came from.
    public var source: RelationSource
    /// Strength of the relation (shared streams for co-features; 0 when unknown).
    public var weight: Double

    /// Creates an edge.
    public init(from: String, to: String, source: RelationSource = .spotify, weight: Double = 0) {
        self.from = from
        self.to = to
        self.source = source
        self.weight = weight
    }
}

/// How an artist got a genre.
public enum GenreSource: String, Sendable, Codable {
    /// The artist's own genres (as someone's related artist, or from its own Spotify object).
    case direct
    /// The winner of its related artists' vote.
    case voted
    /// No related artist to vote: the literal genre `undefined`.
    case undefined
}

/// An artist–genre edge (`GEN_ART`).
public struct GenreAssignment: Sendable, Hashable, Codable {
    /// The artist.
    public var artistID: String
    /// The genre.
    public var genre: String
    /// How the genre was obtained.
    public var source: GenreSource

    /// Creates an assignment.
    public init(artistID: String, genre: String, source: GenreSource) {
        self.artistID = artistID
        self.genre = genre
        self.source = source
    }
}

/// How an artist's popularity was obtained.
public enum PopularitySource: String, Sendable, Codable {
    /// Spotify's own value.
    case direct
    /// The mean of its related artists' popularity.
    case inferred
    /// Nothing to go on (`0` in `seed2020`, unknown by default).
    case none
}

/// An artist's popularity (0–100).
public struct PopularityAssignment: Sendable, Hashable, Codable {
    /// The artist.
    public var artistID: String
    /// The popularity, `nil` when unknown.
    public var popularity: Int?
    /// How it was obtained.
    public var source: PopularitySource

    /// Creates an assignment.
    public init(artistID: String, popularity: Int?, source: PopularitySource) {
        self.artistID = artistID
        self.popularity = popularity
        self.source = source
    }
}
