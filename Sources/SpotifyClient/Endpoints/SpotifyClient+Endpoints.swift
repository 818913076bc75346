import Foundation

extension SpotifyClient {
    /// What a search looks for.
    public enum SearchType: String, Sendable { case artist, track }

    /// Spotify caps `limit` at 10 for new apps (2026) and `offset + limit` at 1,000.
    public static let maximumSearchLimit = 10
    /// The deepest result a search can reach.
    public static let searchResultCap = 1000

    /// One page of a search.
    public func search(_ query: String, type: SearchType, limit: Int = 10, offset: Int = 0, market: String? = nil) async throws(SpotifyError) -> SpotifySearchResult {
        guard (1...Self.maximumSearchLimit).contains(limit) else { throw .invalidArgument("search limit \(limit) (1…10)") }
        guard offset >= 0, offset + limit <= Self.searchResultCap else { throw .invalidArgument("search offset \(offset) beyond the 1,000-result cap") }
        var items = [URLQueryItem(name: "q", value: query), URLQueryItem(name: "type", value: type.rawValue),
                     URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "offset", value: String(offset))]
        if let market { items.append(URLQueryItem(name: "market", value: market)) }
        return try await get(.search, "search", query: items)
    }

    /// Every track a search finds, page by page (10 per request), up to the 1,000-result cap.
    public func searchTracks(_ query: String, pageSize: Int = 10) -> SearchSequence<SpotifyTrack> {
        SearchSequence(client: self, query: query, type: .track, pageSize: pageSize) { $0.tracks }
    }

    /// Every artist a search finds, page by page, up to the 1,000-result cap.
    public func searchArtists(_ query: String, pageSize: Int = 10) -> SearchSequence<SpotifyArtist> {
        SearchSequence(client: self, query: query, type: .artist, pageSize: pageSize) { $0.artists }
    }

    /// `GET /artists/{id}`.
    public func artist(_ id: String) async throws(SpotifyError) -> SpotifyArtist {
        try await get(.artist, "artists/\(try Self.checked(id))", id: id)
    }

    /// Several artists: the batch endpoint (50 per request) while it works, one request per id
    /// once it answers 403 (retired for new apps in Feb 2026). Order follows `ids`; duplicates are
    /// fetched once.
    public func artists(_ ids: [String]) async throws(SpotifyError) -> [SpotifyArtist] {
        var unique: [String] = []
        var seen = Set<String>()
        for id in ids where seen.insert(id).inserted { unique.append(try Self.checked(id)) }
        var found: [String: SpotifyArtist] = [:]
        var pending = unique[...]
        while !pending.isEmpty {
            let chunk = Array(pending.prefix(50))
            do {
                struct Batch: Decodable { let artists: [SpotifyArtist?] }
                let batch: Batch = try await get(.artistsBatch, "artists", query: [URLQueryItem(name: "ids", value: chunk.joined(separator: ","))])
                for artist in batch.artists.compactMap({ $0 }) { found[artist.id] = artist }
                pending = pending.dropFirst(chunk.count)
            } catch .endpointUnavailable {
                break
            }
        }
        for id in pending { found[id] = try await artist(id) }
        return ids.compactMap { found[$0] }
    }

    /// `GET /artists/{id}/albums` (one page).
    public func artistAlbums(_ id: String, includeGroups: String = "album,single", limit: Int = 10, offset: Int = 0) async throws(SpotifyError) -> SpotifyPage<SpotifyAlbum> {
        try await get(.artistAlbums, "artists/\(try Self.checked(id))/albums", query: [
            URLQueryItem(name: "include_groups", value: includeGroups), URLQueryItem(name: "limit", value: String(limit)),
            URLQueryItem(name: "offset", value: String(offset)),
        ], id: id)
    }

    /// `GET /albums/{id}/tracks` (one page).
    public func albumTracks(_ id: String, limit: Int = 10, offset: Int = 0) async throws(SpotifyError) -> SpotifyPage<SpotifyTrack> {
        try await get(.albumTracks, "albums/\(try Self.checked(id))/tracks", query: [
            URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "offset", value: String(offset)),
        ], id: id)
    }

    /// `GET /artists/{id}/top-tracks?market=` (the seed used `US`).
    public func topTracks(_ id: String, market: String = "US") async throws(SpotifyError) -> [SpotifyTrack] {
        struct Body: Decodable { let tracks: [SpotifyTrack] }
        let body: Body = try await get(.topTracks, "artists/\(try Self.checked(id))/top-tracks", query: [URLQueryItem(name: "market", value: market)], id: id)
        return body.tracks
    }

    /// `GET /artists/{id}/related-artists` (up to 20).
    public func relatedArtists(_ id: String) async throws(SpotifyError) -> [SpotifyArtist] {
        struct Body: Decodable { let artists: [SpotifyArtist] }
        let body: Body = try await get(.relatedArtists, "artists/\(try Self.checked(id))/related-artists", id: id)
        return body.artists
    }

    /// `GET /tracks/{id}`.
    public func track(_ id: String, market: String? = nil) async throws(SpotifyError) -> SpotifyTrack {
        try await get(.track, "tracks/\(try Self.checked(id))", query: market.map { [URLQueryItem(name: "market", value: $0)] } ?? [], id: id)
    }

    /// Ids go into URL paths: only base-62 ids are accepted, so no id can change the path.
    static func checked(_ id: String) throws(SpotifyError) -> String {
        guard !id.isEmpty, id.utf8.count <= 64, id.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else {
            throw .invalidArgument("Spotify id '\(id)'")
        }
        return id
    }
}

/// Search results as an `AsyncSequence`, fetched a page at a time until the results end or the
/// 1,000-result cap.
public struct SearchSequence<Item: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Item
    let client: SpotifyClient
    let query: String
    let type: SpotifyClient.SearchType
    let pageSize: Int
    let page: @Sendable (SpotifySearchResult) -> SpotifyPage<Item>?

    public func makeAsyncIterator() -> Iterator { Iterator(sequence: self) }

    /// Walks the pages.
    public struct Iterator: AsyncIteratorProtocol {
        let sequence: SearchSequence
        var buffer: [Item] = []
        var offset = 0
        var finished = false

        public mutating func next() async throws -> Item? {
            while buffer.isEmpty {
                guard !finished else { return nil }
                let size = Swift.min(sequence.pageSize, SpotifyClient.searchResultCap - offset)
                guard size > 0 else { return nil }
                let result = try await sequence.client.search(sequence.query, type: sequence.type, limit: size, offset: offset)
                let page = sequence.page(result)
                let items = page?.items ?? []
                buffer = items
                offset += size
                if items.count < size || page?.next == nil { finished = true }
            }
            return buffer.removeFirst()
        }
    }
}
