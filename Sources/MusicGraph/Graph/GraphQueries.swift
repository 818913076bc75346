/// A track with its artists and their genres.
public struct TrackSummary: Sendable, Hashable {
    /// The track.
    public var track: Track
    /// Its artists, in link order.
    public var artists: [Artist]
    /// The distinct genres of those artists, in first-seen order.
    public var genres: [String]
}

/// An artist's surroundings.
public struct ArtistNeighbourhood: Sendable, Hashable {
    /// The artist.
    public var artist: Artist
    /// Artists it lists as related (outgoing `REL_ART`).
    public var related: [Artist]
    /// Artists that list it as related (incoming `REL_ART`).
    public var relatedBy: [Artist]
    /// Its genres.
    public var genres: [String]
    /// Its tracks, most streamed first.
    public var tracks: [Track]
}

extension ArtistGraph {
    /// The most-streamed tracks with their artists and genres — the seed's first analysis query
    /// (`MATCH (g)-[:GEN_ART]->(a)-[:ART_TR]->(t) … ORDER BY t.streams DESC`). Ties by track id in
    /// byte order; tracks without artists are skipped.
    public func topTracks(limit: Int) -> [TrackSummary] {
        let order = tracks.indices.filter { trackArtists.degree($0) > 0 }.sorted {
            let a = tracks[$0], b = tracks[$1]
            return a.streams != b.streams ? a.streams > b.streams : ByteOrder.less(a.id, b.id)
        }
        return order.prefix(max(0, limit)).map { t in
            let performers = trackArtists.neighbours(t).map { artists[Int($0)] }
            var seen = Set<String>(), genreList: [String] = []
            for performer in trackArtists.neighbours(t) {
                for g in artistGenres.neighbours(Int(performer)) where seen.insert(genres[Int(g)]).inserted {
                    genreList.append(genres[Int(g)])
                }
            }
            return TrackSummary(track: tracks[t], artists: performers, genres: genreList)
        }
    }

    /// The artist's related artists both ways, genres and tracks; `nil` for an unknown id.
    public func neighbourhood(of id: String) -> ArtistNeighbourhood? {
        guard let a = artistIndex[id] else { return nil }
        let ownTracks = artistTracks.neighbours(a).map { tracks[Int($0)] }.sorted {
            $0.streams != $1.streams ? $0.streams > $1.streams : ByteOrder.less($0.id, $1.id)
        }
        return ArtistNeighbourhood(
            artist: artists[a], related: relatedOut.neighbours(a).map { artists[Int($0)] },
            relatedBy: relatedIn.neighbours(a).map { artists[Int($0)] },
            genres: artistGenres.neighbours(a).map { genres[Int($0)] }, tracks: ownTracks)
    }

    /// The artists with `genre`, in artist order.
    public func artists(inGenre genre: String) -> [Artist] {
        guard let g = genreIndex[genre] else { return [] }
        return genreArtists.neighbours(g).map { Int($0) }.sorted().map { artists[$0] }
    }

    /// Genres by number of artists, largest first (ties by name in byte order) — the seed's
    /// "top genres by degree" table (undefined 1311, pop 479, dance pop 393, …).
    public func genreDegrees() -> [(genre: String, artists: Int)] {
        genres.indices.map { (genres[$0], genreArtists.degree($0)) }.sorted {
            $0.1 != $1.1 ? $0.1 > $1.1 : ByteOrder.less($0.0, $1.0)
        }
    }
}
