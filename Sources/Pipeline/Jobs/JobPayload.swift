import Foundation

/// What a job carries in `jobs.payload`: a small JSON object with sorted keys.
package protocol JobPayload: Codable, Sendable {}

extension JobPayload {
    /// The JSON text stored in `jobs.payload`.
    package func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Decodes a stored payload.
    package static func decode(_ text: String) throws -> Self {
        try JSONDecoder().decode(Self.self, from: Data(text.utf8))
    }
}

/// A `search` job: the track to find on YouTube.
package struct SearchJobPayload: JobPayload, Equatable {
    /// Spotify track id (also the job key and the audio file's stem).
    package var trackID: String
    /// Track title as stored.
    package var title: String
    /// The track's lead artist (else its first in store order).
    package var artist: String
    /// Duration, when Spotify gave one.
    package var durationMS: Int?

    enum CodingKeys: String, CodingKey {
        case trackID = "track_id", title, artist, durationMS = "duration_ms"
    }

    /// Creates a payload.
    package init(trackID: String, title: String, artist: String, durationMS: Int?) {
        self.trackID = trackID
        self.title = title
        self.artist = artist
        self.durationMS = durationMS
    }
}

/// A `download` job: the chosen video of a track.
package struct DownloadJobPayload: JobPayload, Equatable {
    /// Track id (the file's stem).
    package var trackID: String
    /// The video URL.
    package var url: String

    enum CodingKeys: String, CodingKey { case trackID = "track_id", url }

    /// Creates a payload.
    package init(trackID: String, url: String) {
        self.trackID = trackID
        self.url = url
    }
}

/// A `spectrogram` job: a downloaded audio file to render.
package struct SpectrogramJobPayload: JobPayload, Equatable {
    /// Track id (the windows' stem).
    package var trackID: String
    /// The audio file.
    package var path: String
    /// The audio's SHA-256, when known: a worker holding a copy with this checksum (the one that
    /// just uploaded it) need not fetch it again.
    package var sha256: String?

    enum CodingKeys: String, CodingKey { case trackID = "track_id", path, sha256 }

    /// Creates a payload.
    package init(trackID: String, path: String, sha256: String? = nil) {
        self.trackID = trackID
        self.path = path
        self.sha256 = sha256
    }
}
