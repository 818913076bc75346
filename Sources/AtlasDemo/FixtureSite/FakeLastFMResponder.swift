import Foundation

/// Answers Last.fm API requests (`/lastfm/2.0/?method=…`) from the demo world the way Last.fm
/// does (EXTERNAL-APIS §8): `similarartists` with string `match` scores and `@attr.artist`,
/// `toptags`, and errors as `{"error": N, "message": …}` — 10 for a wrong key, 6 for an unknown
/// artist.
package struct FakeLastFMResponder: Sendable {
    /// The world served.
    package let catalogue: DemoCatalogue

    /// A responder for `catalogue`.
    package init(catalogue: DemoCatalogue) { self.catalogue = catalogue }

    /// Status and JSON body for `query`.
    package func respond(query: [String: String]) -> (status: Int, body: Data) {
        let similarity = catalogue.similarity
        guard query["api_key"] == similarity.lastFMKey else {
            return (403, json(["error": 10, "message": "Invalid API key - You must be granted a valid key by last.fm"]))
        }
        let asked = FakeSpotifyResponder.fold(query["artist"] ?? "")
        // autocorrect=1: the stored spelling answers however the case and accents were typed.
        guard let name = catalogue.artists.map(\.name).first(where: { FakeSpotifyResponder.fold($0) == asked }),
            similarity.lastFMSimilar[name] != nil || similarity.lastFMTags[name] != nil
        else {
            return (200, json(["error": 6, "message": "The artist you supplied could not be found"]))
        }
        switch query["method"]?.lowercased() {
        case "artist.getsimilar":
            let limit = Int(query["limit"] ?? "") ?? 100
            let artists = (similarity.lastFMSimilar[name] ?? []).prefix(limit).map { entry -> [String: Any] in
                ["name": entry.name, "mbid": "", "match": String(entry.match), "url": "https://www.last.fm/music/\(entry.name)", "streamable": "0"]
            }
            return (200, json(["similarartists": ["artist": Array(artists), "@attr": ["artist": name]]]))
        case "artist.gettoptags":
            let tags = (similarity.lastFMTags[name] ?? []).map { ["name": $0.name, "count": $0.count, "url": "https://www.last.fm/tag/\($0.name)"] as [String: Any] }
            return (200, json(["toptags": ["tag": tags, "@attr": ["artist": name]]]))
        default:
            return (200, json(["error": 3, "message": "Invalid Method - No method with that name in this package"]))
        }
    }

    private func json(_ value: Any) -> Data { (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8) }
}
