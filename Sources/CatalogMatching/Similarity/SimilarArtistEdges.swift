import MusicGraph
import SimilarArtists

/// Turns one catalogue's similar-artist answer into `related_artist_edge` rows between artists of
/// ours, as in 2020 only artists in `master_artist` (issue 16 part 3).
///
/// A Deezer related artist is ours when one of our artists was mapped to its id; else when its
/// folded name (`NameNormalizer.fold`) is the name of exactly one of our artists. A Last.fm similar
/// artist (keyed by name) is ours by the same name rule. An artist never relates to itself.
///
/// Weights: Deezer gives only an order, so the weight is rank-based, `1 − (rank − 1) / count`
/// (the first of 20 is 1.0, the last 0.05); Last.fm's `match` (0–1) is the weight as given.
package struct SimilarArtistEdges: Sendable {
    private let byExternalID: [String: String]
    private let byName: [String: String]

    /// Our artists (id, name) and the accepted Deezer mappings (our id → Deezer id).
    package init(artists: [(id: String, name: String)], deezerIDs: [String: String]) {
        var reverse: [String: String] = [:]
        for (ours, external) in deezerIDs.sorted(by: { $0.key < $1.key }) where reverse[external] == nil { reverse[external] = ours }
        byExternalID = reverse
        var names: [String: String?] = [:]
        for artist in artists {
            let folded = NameNormalizer.fold(artist.name)
            guard !folded.isEmpty else { continue }
            // A name two of our artists share identifies neither.
            names[folded] = names[folded] == nil ? .some(artist.id) : .some(nil)
        }
        byName = names.compactMapValues { $0 }
    }

    /// Our artist a Deezer artist is, if any.
    package func ours(deezer artist: DeezerArtist) -> String? {
        byExternalID[String(artist.id)] ?? byName[NameNormalizer.fold(artist.name)]
    }

    /// Our artist a Last.fm name is, if any.
    package func ours(lastFMName name: String) -> String? { byName[NameNormalizer.fold(name)] }

    /// Edges from `artistID` to the related artists of ours in Deezer's list.
    package func deezer(_ artistID: String, related: [DeezerArtist]) -> [RelatedArtistEdge] {
        edges(artistID, related.enumerated().map { (ours(deezer: $1), 1 - Double($0) / Double(related.count)) }, source: .deezer)
    }

    /// Edges from `artistID` to the similar artists of ours in Last.fm's list.
    package func lastFM(_ artistID: String, similar: [LastFMSimilarArtist]) -> [RelatedArtistEdge] {
        edges(artistID, similar.map { (ours(lastFMName: $0.name), $0.match) }, source: .lastfm)
    }

    private func edges(_ from: String, _ candidates: [(String?, Double)], source: RelationSource) -> [RelatedArtistEdge] {
        var seen = Set<String>()
        return candidates.compactMap { to, weight in
            guard let to, to != from, seen.insert(to).inserted else { return nil }
            return RelatedArtistEdge(from: from, to: to, source: source, weight: weight)
        }
    }
}
