/// An artist seen in a search response, in response order.
public struct ArtistCandidate: Sendable, Hashable, Codable {
    /// Spotify artist id.
    public var id: String
    /// Artist name as Spotify spells it.
    public var name: String
    /// Popularity when the response carried it (gone for new apps since 2026).
    public var popularity: Int?

    /// Creates a candidate.
    public init(id: String, name: String, popularity: Int? = nil) {
        self.id = id
        self.name = name
        self.popularity = popularity
    }
}

/// A scored candidate.
public struct ArtistMatch: Sendable, Hashable, Codable {
    /// The candidate's id.
    public var id: String
    /// The candidate's name.
    public var name: String
    /// Similarity in [0, 1] (`1 − normalised distance`; in `seed2020` mode `1 − the seed's
    /// distance`).
    public var score: Double
    /// Position of the candidate's first appearance in the response.
    public var position: Int

    /// Creates a match.
    public init(id: String, name: String, score: Double, position: Int) {
        self.id = id
        self.name = name
        self.score = score
        self.position = position
    }
}
