import Foundation

/// A Deezer artist as the catalogue API returns it (artists carry no genres on Deezer).
public struct DeezerArtist: Sendable, Equatable, Codable {
    /// Deezer's artist id.
    public var id: Int64
    /// The name.
    public var name: String
    /// Fans, when the answer includes them (`nb_fan`).
    public var fans: Int?

    /// An artist.
    public init(id: Int64, name: String, fans: Int? = nil) {
        self.id = id
        self.name = name
        self.fans = fans
    }

    init?(_ object: [String: Any]) {
        guard let id = JSONNumber.int64(object["id"]), let name = object["name"] as? String else { return nil }
        self.init(id: id, name: name, fans: JSONNumber.int64(object["nb_fan"]).map(Int.init))
    }
}

/// A Deezer track found by ISRC: who performs it, for cross-catalogue identity.
public struct DeezerTrack: Sendable, Equatable, Codable {
    /// Deezer's track id.
    public var id: Int64
    /// The title.
    public var title: String
    /// The ISRC Deezer holds for it.
    public var isrc: String?
    /// The main artist.
    public var artist: DeezerArtist
    /// Every credited artist (`contributors`), the main one included.
    public var contributors: [DeezerArtist]

    init?(_ object: [String: Any]) {
        guard let id = JSONNumber.int64(object["id"]), let title = object["title"] as? String,
            let artistObject = object["artist"] as? [String: Any], let artist = DeezerArtist(artistObject)
        else { return nil }
        self.id = id
        self.title = title
        isrc = object["isrc"] as? String
        self.artist = artist
        contributors = ((object["contributors"] as? [[String: Any]]) ?? []).compactMap(DeezerArtist.init)
    }
}

/// Numbers as JSONSerialization hands them over (NSNumber, or strings in some answers).
enum JSONNumber {
    static func int64(_ value: Any?) -> Int64? {
        if let number = value as? NSNumber { return number.int64Value }
        if let text = value as? String { return Int64(text) }
        return nil
    }

    static func double(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if let text = value as? String { return Double(text) }
        return nil
    }
}
