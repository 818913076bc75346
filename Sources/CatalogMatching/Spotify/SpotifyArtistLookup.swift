import MusicGraph
import SpotifyClient

/// Finds the Spotify artist a name refers to — SpotifyClient's search plus MusicGraph's matcher.
///
/// `seed2020` (SEED-SPEC §2.1): one track search (limit 10) for the lower-cased name, candidates
/// are the tracks' artists in order, the first with seed-normalised distance < 0.1 wins.
/// `standard`: an artist search (two pages of 10), every distinct candidate ranked by folded-name
/// similarity, accepted at ≥ 0.85.
package struct SpotifyArtistLookup: Sendable {
    /// The client used.
    package let client: SpotifyClient
    /// Behaviour.
    package let mode: GraphMode

    /// Creates a lookup.
    package init(client: SpotifyClient, mode: GraphMode) {
        self.client = client
        self.mode = mode
    }

    /// The matched artist, or `nil` when nothing is close enough.
    package func find(_ name: String) async throws(SpotifyError) -> ArtistMatch? {
        let candidates: [ArtistCandidate]
        switch mode {
        case .seed2020:
            let result = try await client.search(name.lowercased(), type: .track, limit: 10)
            candidates = (result.tracks?.items ?? []).flatMap { track in
                track.artists.compactMap { artist in artist.id.map { ArtistCandidate(id: $0, name: artist.name) } }
            }
        case .standard:
            var found: [ArtistCandidate] = []
            for offset in [0, 10] {
                let page = try await client.search(name, type: .artist, limit: 10, offset: offset).artists
                found += (page?.items ?? []).map { ArtistCandidate(id: $0.id, name: $0.name, popularity: $0.popularity) }
                if page?.next == nil { break }
            }
            candidates = found
        }
        return ArtistMatcher(mode: mode).match(name, in: candidates)
    }
}
