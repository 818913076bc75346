import Foundation
import Redaction

/// One of Last.fm's similar artists, with its `match` score (0–1).
public struct LastFMSimilarArtist: Sendable, Equatable, Codable {
    /// The name as Last.fm spells it.
    public var name: String
    /// The MusicBrainz id, when Last.fm knows it.
    public var mbid: String?
    /// Similarity in 0…1.
    public var match: Double

    /// A similar artist.
    public init(name: String, mbid: String?, match: Double) {
        self.name = name
        self.mbid = mbid
        self.match = match
    }
}

/// Last.fm's `artist.getSimilar` and `artist.getTopTags` (API key in `LASTFM_API_KEY`).
///
/// Errors arrive as `{"error": N, "message": …}`: 6 not found, 29 rate limit (retried with
/// backoff), 10 / 26 invalid or suspended key, 11 / 16 temporarily unavailable (retried). The key
/// travels in the query string; it is registered with `Redaction` and no error names the URL.
public struct LastFMClient: Sendable {
    /// Where and how politely.
    public let configuration: SourceConfiguration
    private let apiKey: String
    private let transport: JSONTransport

    /// A client; `apiKey` defaults to `LASTFM_API_KEY`.
    public init(apiKey: String? = ProcessInfo.processInfo.environment["LASTFM_API_KEY"], configuration: SourceConfiguration = .lastFM()) throws(SimilarArtistsError) {
        guard let apiKey, !apiKey.isEmpty else { throw .invalidKey(source: "Last.fm", reason: "no API key: set LASTFM_API_KEY") }
        Redaction.register(apiKey)
        self.apiKey = apiKey
        self.configuration = configuration
        transport = JSONTransport(source: "Last.fm", configuration: configuration)
    }

    /// Artists similar to `name` (or to the artist with MusicBrainz id `mbid`), most similar
    /// first; Last.fm corrects misspelt names (`autocorrect=1`).
    public func similarArtists(name: String? = nil, mbid: String? = nil, limit: Int = 50) async throws(SimilarArtistsError) -> [LastFMSimilarArtist] {
        try await similar(name: name, mbid: mbid, limit: limit).artists
    }

    /// Like `similarArtists`, with the artist Last.fm answered for (`@attr.artist`, the name after
    /// its autocorrection): the evidence that the answer is about the artist asked for.
    public func similar(name: String? = nil, mbid: String? = nil, limit: Int = 50) async throws(SimilarArtistsError) -> LastFMSimilarArtists {
        let (object, call) = try await method("artist.getsimilar", label: "artist.getSimilar", name: name, mbid: mbid, extra: [("limit", String(limit))])
        guard let similar = object["similarartists"] as? [String: Any], let artists = similar["artist"] as? [[String: Any]] else {
            throw .malformedResponse(source: "Last.fm", call: call, reason: "no similarartists.artist list")
        }
        let answered = ((similar["@attr"] as? [String: Any])?["artist"] as? String)
        return LastFMSimilarArtists(artist: answered, artists: artists.compactMap { entry in
            guard let name = entry["name"] as? String, let match = JSONNumber.double(entry["match"]) else { return nil }
            let mbid = (entry["mbid"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            return LastFMSimilarArtist(name: name, mbid: mbid, match: min(1, max(0, match)))
        })
    }

    /// The artist's top tags, most applied first (`artist.getTopTags`): genre words mixed with
    /// others ("seen live", "female vocalists"); `LastFMTag.isGenreLike` tells them apart.
    public func topTags(name: String? = nil, mbid: String? = nil) async throws(SimilarArtistsError) -> [LastFMTag] {
        let (object, call) = try await method("artist.gettoptags", label: "artist.getTopTags", name: name, mbid: mbid, extra: [])
        guard let top = object["toptags"] as? [String: Any] else {
            throw .malformedResponse(source: "Last.fm", call: call, reason: "no toptags object")
        }
        // One tag comes back as an object rather than a one-element list.
        let tags = (top["tag"] as? [[String: Any]]) ?? ((top["tag"] as? [String: Any]).map { [$0] } ?? [])
        return tags.compactMap { entry in
            guard let name = entry["name"] as? String, !name.isEmpty else { return nil }
            return LastFMTag(name: name, count: JSONNumber.int64(entry["count"]).map(Int.init) ?? 0)
        }
    }

    /// One method call about an artist, with Last.fm's error bodies decoded and the temporary
    /// ones retried with backoff; returns the answer's object and the call's label for errors.
    private func method(_ method: String, label: String, name: String?, mbid: String?, extra: [(String, String)]) async throws(SimilarArtistsError) -> ([String: Any], String) {
        var query: [(String, String)] = [("method", method), ("autocorrect", "1"), ("format", "json")] + extra
        if let mbid, !mbid.isEmpty { query.append(("mbid", mbid)) } else if let name, !name.isEmpty { query.append(("artist", name)) } else {
            throw .api(source: "Last.fm", call: label, code: 0, message: "give an artist name or a MusicBrainz id")
        }
        let what = mbid.flatMap { $0.isEmpty ? nil : $0 } ?? name ?? ""
        let call = "\(label) '\(what)'"
        for attempt in 1...configuration.maxAttempts {
            let (status, body) = try await transport.get("", query: query + [("api_key", apiKey)], call: call)
            let object = try transport.object(body, status: status, call: call)
            if let code = JSONNumber.int64(object["error"]).map(Int.init) {
                let message = object["message"] as? String ?? ""
                switch code {
                case 6: throw .notFound(source: "Last.fm", what: what)
                case 10, 26: throw .invalidKey(source: "Last.fm", reason: "error \(code): \(message)")
                case 29, 11, 16:
                    guard attempt < configuration.maxAttempts else { throw .rateLimited(source: "Last.fm", call: call, attempts: attempt) }
                    await transport.backoff(attempt)
                    continue
                default: throw .api(source: "Last.fm", call: call, code: code, message: message)
                }
            }
            guard (200..<300).contains(status) else {
                guard attempt < configuration.maxAttempts, status == 429 || status >= 500 else {
                    throw .api(source: "Last.fm", call: call, code: status, message: "HTTP \(status)")
                }
                await transport.backoff(attempt)
                continue
            }
            return (object, call)
        }
        throw .rateLimited(source: "Last.fm", call: call, attempts: configuration.maxAttempts)
    }
}
