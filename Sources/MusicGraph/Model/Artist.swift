/// An artist node: a Spotify artist id and the name the charts (or Spotify) give it.
public struct Artist: Sendable, Hashable, Codable {
    /// Spotify artist id (22 base-62 characters for real data).
    public var id: String
    /// Display name, verbatim.
    public var name: String
    /// Whether the artist came from the charts (`true`) or was added by name search (`false`).
    public var isMain: Bool

    /// Creates an artist.
    public init(id: String, name: String, isMain: Bool) {
        self.id = id
        self.name = name
        self.isMain = isMain
    }
}
