import Foundation

/// A release date with its precision (`1998`, `1998-05`, `1998-05-12`); the seed turned `1998`
/// into `1998-01-01` and crashed on months (B5).
public struct SpotifyReleaseDate: Sendable, Hashable, Codable {
    /// How much of the date Spotify knows.
    public enum Precision: String, Sendable, Codable { case year, month, day }
    /// The text as sent.
    public var text: String
    /// Its precision (from `release_date_precision`, else from the text's shape).
    public var precision: Precision

    /// The date as `YYYY-MM-DD`, filling unknown parts with 01.
    public var isoDay: String {
        switch precision {
        case .year: return "\(text.prefix(4))-01-01"
        case .month: return "\(text.prefix(7))-01"
        case .day: return String(text.prefix(10))
        }
    }

    init(text: String, precision: String?) {
        self.text = text
        self.precision = precision.flatMap(Precision.init(rawValue:))
            ?? (text.count == 4 ? .year : text.count == 7 ? .month : .day)
    }
}

/// An artist. Every field Spotify removed for new apps in 2026 is optional.
public struct SpotifyArtist: Sendable, Hashable, Decodable {
    public let id: String
    public let name: String
    /// Gone for new apps' artist objects in some reports; `nil` when absent.
    public let genres: [String]?
    /// Removed Feb 2026 for dev-mode apps.
    public let popularity: Int?
    /// Removed Feb 2026 for dev-mode apps.
    public let followers: Int?
    /// The whole object as received.
    public let raw: JSONValue

    private enum Keys: String, CodingKey { case id, name, genres, popularity, followers }
    private struct Followers: Decodable { let total: Int? }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        genres = try c.decodeIfPresent([String].self, forKey: .genres)
        popularity = try c.decodeIfPresent(Int.self, forKey: .popularity)
        followers = try c.decodeIfPresent(Followers.self, forKey: .followers)?.total
        raw = try JSONValue(from: decoder)
    }
}

/// An album (simplified object).
public struct SpotifyAlbum: Sendable, Hashable, Decodable {
    public let id: String
    public let name: String
    public let albumType: String?
    public let releaseDate: SpotifyReleaseDate?
    public let raw: JSONValue

    private enum Keys: String, CodingKey { case id, name, album_type, release_date, release_date_precision }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        albumType = try c.decodeIfPresent(String.self, forKey: .album_type)
        releaseDate = try c.decodeIfPresent(String.self, forKey: .release_date).map {
            SpotifyReleaseDate(text: $0, precision: try c.decodeIfPresent(String.self, forKey: .release_date_precision))
        }
        raw = try JSONValue(from: decoder)
    }
}

/// An artist as a track or album lists it (id and name).
public struct SpotifyArtistReference: Sendable, Hashable, Decodable {
    public let id: String?
    public let name: String
}

/// A track (full or simplified object).
public struct SpotifyTrack: Sendable, Hashable, Decodable {
    public let id: String
    public let name: String
    public let artists: [SpotifyArtistReference]
    public let album: SpotifyAlbum?
    public let durationMS: Int?
    /// Removed Feb 2026 for dev-mode apps.
    public let popularity: Int?
    /// ISRC and friends (removed, then restored in March 2026).
    public let externalIDs: [String: String]?
    public let raw: JSONValue

    private enum Keys: String, CodingKey { case id, name, artists, album, duration_ms, popularity, external_ids }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        artists = try c.decodeIfPresent([SpotifyArtistReference].self, forKey: .artists) ?? []
        album = try c.decodeIfPresent(SpotifyAlbum.self, forKey: .album)
        durationMS = try c.decodeIfPresent(Int.self, forKey: .duration_ms)
        popularity = try c.decodeIfPresent(Int.self, forKey: .popularity)
        externalIDs = try c.decodeIfPresent([String: String].self, forKey: .external_ids)
        raw = try JSONValue(from: decoder)
    }
}

/// A page of results.
public struct SpotifyPage<Item: Decodable & Sendable>: Sendable, Decodable {
    public let items: [Item]
    public let total: Int?
    public let offset: Int?
    public let limit: Int?
    public let next: String?
}

/// The body of a search: one page per requested type.
public struct SpotifySearchResult: Sendable, Decodable {
    public let tracks: SpotifyPage<SpotifyTrack>?
    public let artists: SpotifyPage<SpotifyArtist>?
}
