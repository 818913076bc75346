import Foundation

/// Deezer's public catalogue API (no key): related artists, tracks by ISRC, artist and track
/// search, artists' fan counts and album genres.
///
/// Deezer reports errors **with HTTP 200** and a body `{"error":{"type","message","code"}}`: code
/// 4 is the quota (about 50 requests per 5 s per IP) and is retried with backoff, never read as
/// "no related artists"; 800 is "no data" (`notFound`); 100 the items limit; 700 "service busy"
/// (retried). Lists page with `index`/`next`.
public struct DeezerClient: Sendable {
    /// Where and how politely.
    public let configuration: SourceConfiguration
    private let transport: JSONTransport

    /// A client (`SourceConfiguration.deezer()` reads `DEEZER_API_BASE`).
    public init(configuration: SourceConfiguration = .deezer()) {
        self.configuration = configuration
        transport = JSONTransport(source: "Deezer", configuration: configuration)
    }

    /// Up to `limit` artists Deezer relates to `artistID`, in its order (most related first).
    public func relatedArtists(_ artistID: Int64, limit: Int = 40) async throws(SimilarArtistsError) -> [DeezerArtist] {
        try await list("artist/\(artistID)/related", call: "related artists of \(artistID)", what: "artist \(artistID)", limit: limit)
            .compactMap(DeezerArtist.init)
    }

    /// The track with this ISRC (`GET /track/isrc:<ISRC>`).
    public func track(isrc: String) async throws(SimilarArtistsError) -> DeezerTrack {
        let cleaned = isrc.filter { $0.isLetter || $0.isNumber }.uppercased()
        guard cleaned.count == 12 else { throw .api(source: "Deezer", call: "track by ISRC", code: 0, message: "'\(isrc)' is not an ISRC (12 letters and digits)") }
        let object = try await call("track/isrc:\(cleaned)", query: [], call: "track by ISRC \(cleaned)", what: "ISRC \(cleaned)")
        guard let track = DeezerTrack(object) else {
            throw .malformedResponse(source: "Deezer", call: "track by ISRC \(cleaned)", reason: "no id, title or artist")
        }
        return track
    }

    /// Artists matching `name` (Deezer's search ranking), at most `limit`.
    public func searchArtists(_ name: String, limit: Int = 10) async throws(SimilarArtistsError) -> [DeezerArtist] {
        let object = try await call("search/artist", query: [("q", name), ("limit", String(limit))], call: "artist search '\(name)'", what: name)
        guard let data = object["data"] as? [[String: Any]] else {
            throw .malformedResponse(source: "Deezer", call: "artist search '\(name)'", reason: "no data list")
        }
        return data.compactMap(DeezerArtist.init)
    }

    /// The artist with its fan count (`GET /artist/{id}`).
    public func artist(_ artistID: Int64) async throws(SimilarArtistsError) -> DeezerArtist {
        let object = try await call("artist/\(artistID)", query: [], call: "artist \(artistID)", what: "artist \(artistID)")
        guard let artist = DeezerArtist(object) else { throw .malformedResponse(source: "Deezer", call: "artist \(artistID)", reason: "no id or name") }
        return artist
    }

    /// Tracks matching an artist name and a title (`GET /search?q=artist:"…" track:"…"`, Deezer's
    /// advanced search), at most `limit`: the identity route for artists known only by name.
    public func searchTracks(artist: String, title: String, limit: Int = 5) async throws(SimilarArtistsError) -> [DeezerTrack] {
        // Deezer's advanced-search syntax quotes each field; a quote inside a name would end it.
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: " ") + "\"" }
        let what = "\(artist) – \(title)"
        let object = try await call("search/track", query: [("q", "artist:\(field(artist)) track:\(field(title))"), ("limit", String(limit))],
                                    call: "track search '\(what)'", what: what)
        guard let data = object["data"] as? [[String: Any]] else {
            throw .malformedResponse(source: "Deezer", call: "track search '\(what)'", reason: "no data list")
        }
        return data.compactMap(DeezerTrack.init)
    }

    /// Genre names of an artist's first `albums` albums (`/artist/{id}/albums`, then `/album/{id}`:
    /// Deezer artists carry no genres, albums do), most frequent first.
    public func albumGenres(_ artistID: Int64, albums: Int = 3) async throws(SimilarArtistsError) -> [String] {
        let listed = try await list("artist/\(artistID)/albums", call: "albums of \(artistID)", what: "artist \(artistID)", limit: albums)
        var counts: [String: Int] = [:], order: [String] = []
        for album in listed {
            guard let id = JSONNumber.int64(album["id"]) else { continue }
            let object: [String: Any]
            do { object = try await call("album/\(id)", query: [], call: "album \(id)", what: "album \(id)") } catch .notFound { continue }
            let genres = ((object["genres"] as? [String: Any])?["data"] as? [[String: Any]]) ?? []
            for name in genres.compactMap({ $0["name"] as? String }) where !name.isEmpty {
                if counts[name] == nil { order.append(name) }
                counts[name, default: 0] += 1
            }
        }
        return order.enumerated().sorted { (counts[$0.element]!, -$0.offset) > (counts[$1.element]!, -$1.offset) }.map(\.element)
    }

    /// Follows `next` until `limit` items or the end.
    private func list(_ path: String, call: String, what: String, limit: Int) async throws(SimilarArtistsError) -> [[String: Any]] {
        var items: [[String: Any]] = []
        var index = 0
        while items.count < limit {
            let object = try await self.call(path, query: [("index", String(index)), ("limit", String(min(100, limit - items.count)))], call: call, what: what)
            guard let data = object["data"] as? [[String: Any]] else {
                throw .malformedResponse(source: "Deezer", call: call, reason: "no data list")
            }
            items += data
            index += data.count
            guard object["next"] is String, !data.isEmpty else { break }
        }
        return Array(items.prefix(limit))
    }

    /// One call with Deezer's error bodies decoded and the quota retried.
    private func call(_ path: String, query: [(String, String)], call: String, what: String) async throws(SimilarArtistsError) -> [String: Any] {
        for attempt in 1...configuration.maxAttempts {
            let (status, body) = try await transport.get(path, query: query, call: call)
            let object = try transport.object(body, status: status, call: call)
            if let error = object["error"] as? [String: Any] {
                let code = JSONNumber.int64(error["code"]).map(Int.init) ?? 0
                let message = error["message"] as? String ?? "\(error)"
                switch code {
                case 800: throw .notFound(source: "Deezer", what: what)
                case 4, 700:
                    guard attempt < configuration.maxAttempts else { throw .rateLimited(source: "Deezer", call: call, attempts: attempt) }
                    await transport.backoff(attempt)
                    continue
                default: throw .api(source: "Deezer", call: call, code: code, message: message)
                }
            }
            if status == 429 || status >= 500 {
                guard attempt < configuration.maxAttempts else {
                    throw status == 429 ? .rateLimited(source: "Deezer", call: call, attempts: attempt) : .network(source: "Deezer", call: call, reason: "HTTP \(status)")
                }
                await transport.backoff(attempt)
                continue
            }
            guard (200..<300).contains(status) else { throw .api(source: "Deezer", call: call, code: status, message: "HTTP \(status)") }
            return object
        }
        throw .rateLimited(source: "Deezer", call: call, attempts: configuration.maxAttempts)
    }
}
