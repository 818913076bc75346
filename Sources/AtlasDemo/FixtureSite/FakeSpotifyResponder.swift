import Foundation
import Pipeline

/// Answers Spotify Web API requests from the demo catalogue the way Spotify answers a
/// development-mode app made in 2026 (EXTERNAL-APIS §1.3): search, single artist (no popularity
/// or followers), artist albums and album tracks work; the batch artists endpoint answers 403,
/// top tracks 403 and related artists 404.
package struct FakeSpotifyResponder: Sendable {
    /// The world served.
    package let catalogue: DemoCatalogue

    /// A responder for `catalogue`.
    package init(catalogue: DemoCatalogue) { self.catalogue = catalogue }

    /// Status and JSON body for `GET /v1/<path>` with `query`, or for the token endpoint.
    package func respond(path: String, query: [String: String]) -> (status: Int, body: Data) {
        if path == "/api/token" {
            return (200, json(["access_token": "fixture-token", "token_type": "bearer", "expires_in": 3600]))
        }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.first == "v1" else { return notFound() }
        switch Array(parts.dropFirst()) {
        case ["search"]:
            return (200, search(query["q"] ?? "", type: query["type"] ?? "track", limit: Int(query["limit"] ?? "") ?? 5, offset: Int(query["offset"] ?? "") ?? 0))
        case ["artists"]:
            return (403, json(["error": ["status": 403, "message": "Forbidden"]]))
        case let p where p.count == 2 && p[0] == "artists":
            guard let artist = catalogue.artists.first(where: { $0.id == p[1] }) else { return notFound() }
            return (200, json(artistObject(artist)))
        case let p where p.count == 3 && p[0] == "artists" && p[2] == "albums":
            guard let index = catalogue.artists.firstIndex(where: { $0.id == p[1] }) else { return notFound() }
            let albums = albumsOf(index).map { album -> [String: Any] in
                ["id": album.id, "name": album.name, "album_type": "album", "release_date": album.released,
                 "release_date_precision": album.released.count == 4 ? "year" : "day"]
            }
            return (200, json(["items": albums, "total": albums.count, "offset": 0, "limit": 10, "next": NSNull()]))
        case let p where p.count == 3 && p[0] == "albums" && p[2] == "tracks":
            guard let album = catalogue.artists.indices.flatMap(albumsOf).first(where: { $0.id == p[1] }) else { return notFound() }
            let items = album.songs.map(trackObject)
            return (200, json(["items": items, "total": items.count, "offset": 0, "limit": 10, "next": NSNull()]))
        case let p where p.count == 2 && p[0] == "tracks":
            // A full track object carries `external_ids` (restored March 2026, EXTERNAL-APIS §1.4).
            guard let index = catalogue.songs.firstIndex(where: { $0.id == p[1] }) else { return notFound() }
            var object = trackObject(catalogue.songs[index])
            object["external_ids"] = ["isrc": catalogue.isrc(ofSong: index)]
            return (200, json(object))
        case let p where p.count == 3 && p[0] == "artists" && p[2] == "top-tracks":
            return (403, json(["error": ["status": 403, "message": "Forbidden"]]))
        default:
            return notFound()
        }
    }

    private func search(_ q: String, type: String, limit: Int, offset: Int) -> Data {
        let needle = Self.fold(q)
        let matching = catalogue.artists.filter { !needle.isEmpty && Self.fold($0.name).contains(needle) }
        func page(_ items: [[String: Any]]) -> [String: Any] {
            let slice = Array(items.dropFirst(offset).prefix(limit))
            return ["items": slice, "total": items.count, "offset": offset, "limit": limit, "next": NSNull()]
        }
        if type == "artist" { return json(["artists": page(matching.map(artistObject))]) }
        let ids = Set(matching.map(\.id))
        let tracks = catalogue.songs.filter { $0.artists.contains { ids.contains(catalogue.artists[$0].id) } }
        return json(["tracks": page(tracks.map(trackObject))])
    }

    private func artistObject(_ artist: DemoCatalogue.Artist) -> [String: Any] {
        ["id": artist.id, "name": artist.name, "genres": artist.genres, "type": "artist", "uri": "spotify:artist:\(artist.id)"]
    }

    private func trackObject(_ song: DemoCatalogue.Song) -> [String: Any] {
        ["id": song.id, "name": song.title, "duration_ms": Int(song.seconds * 1000), "type": "track",
         "artists": song.artists.map { ["id": catalogue.artists[$0].id, "name": catalogue.artists[$0].name] }]
    }

    /// One album per non-kworb artist holding that artist's Spotify-only songs.
    private func albumsOf(_ index: Int) -> [(id: String, name: String, released: String, songs: [DemoCatalogue.Song])] {
        let songs = catalogue.songs.filter { $0.artists.first == index && $0.streams < 0 }
        guard let first = songs.first else { return [] }
        let artist = catalogue.artists[index]
        return [(DemoCatalogue.id("album:" + artist.id), "Best of \(artist.name)", first.released, songs)]
    }

    private func notFound() -> (status: Int, body: Data) { (404, json(["error": ["status": 404, "message": "Not found."]])) }

    private func json(_ value: Any) -> Data { (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8) }

    /// Lower-cased, diacritics removed (so "mägo de oz" finds "Mägo de Oz").
    static func fold(_ text: String) -> String { text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
}
