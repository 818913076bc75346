import Foundation

/// Answers Deezer API requests (under `/deezer/`) from the demo world the way Deezer answers
/// (EXTERNAL-APIS §8): JSON objects, lists as `{"data": […], "total": N}` paged by
/// `index`/`limit`/`next`, and errors with HTTP 200 and `{"error":{"type","message","code"}}`.
package struct FakeDeezerResponder: Sendable {
    /// The world served.
    package let catalogue: DemoCatalogue

    /// A responder for `catalogue`.
    package init(catalogue: DemoCatalogue) { self.catalogue = catalogue }

    private var similarity: DemoSimilarity { catalogue.similarity }

    /// The JSON body for `GET /deezer/<path>?query` (always HTTP 200, as Deezer does).
    package func respond(path: String, query: [String: String], base: URL) -> Data {
        let parts = path.split(separator: "/").map(String.init)
        switch parts {
        case let p where p.count == 2 && p[0] == "track" && p[1].hasPrefix("isrc:"):
            return track(isrc: String(p[1].dropFirst("isrc:".count)))
        case let p where p.count == 2 && p[0] == "artist":
            guard let id = Int64(p[1]), let artist = similarity.deezerArtist(id: id) else { return noData() }
            return json(artistObject(artist))
        case let p where p.count == 3 && p[0] == "artist" && p[2] == "related":
            guard let id = Int64(p[1]), let name = demoName(id: id) else { return noData() }
            let related = (similarity.deezerRelated[name] ?? []).compactMap { similarity.deezerID(of: $0).flatMap(similarity.deezerArtist(id:)) }
            return page(related.map(artistObject), query: query, next: base.appendingPathComponent("deezer/artist/\(id)/related"))
        case let p where p.count == 3 && p[0] == "artist" && p[2] == "albums":
            guard let id = Int64(p[1]), demoName(id: id) != nil else { return noData() }
            return page([["id": id * 10, "title": "Album", "genre_id": 0, "type": "album"]], query: query, next: base.appendingPathComponent("deezer/artist/\(id)/albums"))
        case let p where p.count == 2 && p[0] == "album":
            guard let id = Int64(p[1]), id % 10 == 0, let name = demoName(id: id / 10), let entry = similarity.deezer[name] else { return noData() }
            let genres = entry.albumGenres.enumerated().map { ["id": 100 + $0.offset, "name": $0.element, "type": "genre"] as [String: Any] }
            return json(["id": id, "title": "Album", "genres": ["data": genres], "type": "album"])
        case ["search", "artist"]:
            let needle = FakeSpotifyResponder.fold(query["q"] ?? "")
            let found = similarity.deezer.values.filter { !needle.isEmpty && FakeSpotifyResponder.fold($0.name).contains(needle) }
                .sorted { $0.fans > $1.fans }.map { artistObject(($0.id, $0.name, $0.fans)) }
            return page(found, query: query, next: base.appendingPathComponent("deezer/search/artist"))
        case ["search", "track"]:
            return searchTracks(query["q"] ?? "", query: query, base: base)
        default:
            return noData()
        }
    }

    private func demoName(id: Int64) -> String? { similarity.deezer.first { $0.value.id == id }?.key }

    private func track(isrc: String) -> Data {
        guard let index = catalogue.songs.indices.first(where: { catalogue.isrc(ofSong: $0) == isrc }) else { return noData() }
        let song = catalogue.songs[index]
        let credits = song.artists.compactMap { similarity.deezer[catalogue.artists[$0].name] }
        guard credits.count == song.artists.count, credits.allSatisfy(\.isrcKnown) else { return noData() }
        return json(trackObject(song, id: Int64(3_000_000 + index), isrc: isrc, credits: credits))
    }

    /// `artist:"…" track:"…"` (Deezer's advanced search), matched folded.
    private func searchTracks(_ q: String, query: [String: String], base: URL) -> Data {
        func field(_ name: String) -> String? {
            guard let start = q.range(of: name + ":\"") else { return nil }
            let rest = q[start.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
        let artist = FakeSpotifyResponder.fold(field("artist") ?? "")
        let title = FakeSpotifyResponder.fold(field("track") ?? "")
        let found = catalogue.songs.indices.filter { index in
            let song = catalogue.songs[index]
            return FakeSpotifyResponder.fold(song.title) == title
                && song.artists.contains { FakeSpotifyResponder.fold(similarity.deezer[catalogue.artists[$0].name]?.name ?? "") == artist }
        }.compactMap { index -> [String: Any]? in
            let credits = catalogue.songs[index].artists.compactMap { similarity.deezer[catalogue.artists[$0].name] }
            return trackObject(catalogue.songs[index], id: Int64(3_000_000 + index), isrc: catalogue.isrc(ofSong: index), credits: credits)
        }
        return page(found, query: query, next: base.appendingPathComponent("deezer/search/track"))
    }

    private func trackObject(_ song: DemoCatalogue.Song, id: Int64, isrc: String, credits: [DemoSimilarity.DeezerEntry]) -> [String: Any] {
        let people = credits.map { ["id": $0.id, "name": $0.name, "type": "artist", "role": "Main"] as [String: Any] }
        return ["id": id, "title": song.title, "isrc": isrc, "duration": Int(song.seconds), "type": "track",
                "artist": people.first ?? [:], "contributors": people]
    }

    private func artistObject(_ artist: (id: Int64, name: String, fans: Int?)) -> [String: Any] {
        // The field set of Deezer's artist object (as in public recorded responses, e.g. test mocks
        // of search/artist): id, name, link, picture, nb_album, nb_fan, radio, tracklist, type.
        var object: [String: Any] = ["id": artist.id, "name": artist.name, "type": "artist", "nb_album": 3, "radio": true,
                                     "link": "https://www.deezer.com/artist/\(artist.id)",
                                     "picture": "https://api.deezer.com/artist/\(artist.id)/image",
                                     "tracklist": "https://api.deezer.com/artist/\(artist.id)/top?limit=50"]
        if let fans = artist.fans { object["nb_fan"] = fans }
        return object
    }

    /// A `data` list paged by `index` and `limit` (default 25), with `next` while more remain.
    private func page(_ items: [[String: Any]], query: [String: String], next: URL) -> Data {
        let index = max(0, Int(query["index"] ?? "") ?? 0), limit = max(1, Int(query["limit"] ?? "") ?? 25)
        var object: [String: Any] = ["data": Array(items.dropFirst(index).prefix(limit)), "total": items.count]
        if index + limit < items.count { object["next"] = next.absoluteString + "?index=\(index + limit)&limit=\(limit)" }
        return json(object)
    }

    private func noData() -> Data { json(["error": ["type": "DataException", "message": "no data", "code": 800]]) }

    private func json(_ value: Any) -> Data { (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])) ?? Data("{}".utf8) }
}
