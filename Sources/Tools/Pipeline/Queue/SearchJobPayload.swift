import Foundation

/// What a `search` job carries: the track to find on YouTube.
public struct SearchJobPayload: Sendable, Codable, Equatable {
    /// Spotify track id (also the job key and the audio file's stem).
    public var trackID: String
    /// Track title as stored.
    public var title: String
    /// The track's first artist in store order.
    public var artist: String
    /// Duration, when Spotify gave one.
    public var durationMS: Int?

    enum CodingKeys: String, CodingKey {
        case trackID = "track_id", title, artist, durationMS = "duration_ms"
    }

    /// Creates a payload.
    public init(trackID: String, title: String, artist: String, durationMS: Int?) {
        self.trackID = trackID
        self.title = title
        self.artist = artist
        self.durationMS = durationMS
    }

    /// The JSON text stored in `jobs.payload`.
    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Decodes a stored payload.
    public static func decode(_ text: String) throws -> SearchJobPayload {
        try JSONDecoder().decode(SearchJobPayload.self, from: Data(text.utf8))
    }
}
