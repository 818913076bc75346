/// Related artists derived from the charts when Spotify's related-artists endpoint is gone (404
/// for new apps since 2024-11-27): two artists are related when they share tracks, weighted by the
/// streams of the tracks they share, and each artist keeps its `maximumPerArtist` strongest.
///
/// Tracks without a stream count (from the Spotify API, `streams = -1`) weigh 1, so a shared
/// album track still counts a little. Ties are broken by the other artist's id in byte order, so
/// the result is deterministic.
public struct CoFeatureRelations: Sendable {
    /// How many related artists each artist keeps (Spotify returned up to 20).
    public var maximumPerArtist: Int

    /// Creates the derivation keeping `maximumPerArtist` per artist.
    public init(maximumPerArtist: Int = 20) { self.maximumPerArtist = maximumPerArtist }

    /// Directed edges `artist → co-featured artist`, grouped by artist in first-seen order.
    public func edges(links: [ArtistTrackLink], tracks: [Track]) -> [RelatedArtistEdge] {
        var streams: [String: Int64] = [:]
        for track in tracks { streams[track.id] = max(1, track.streams) }
        var artistsOfTrack: [String: [String]] = [:]
        var order: [String] = []
        var seenArtist = Set<String>(), seenLink = Set<ArtistTrackLink>()
        for link in links where seenLink.insert(link).inserted {
            artistsOfTrack[link.trackID, default: []].append(link.artistID)
            if seenArtist.insert(link.artistID).inserted { order.append(link.artistID) }
        }
        var weights: [String: [String: Double]] = [:]
        for (track, artists) in artistsOfTrack where artists.count > 1 {
            let weight = Double(streams[track] ?? 1)
            for a in artists {
                for b in artists where b != a { weights[a, default: [:]][b, default: 0] += weight }
            }
        }
        var out: [RelatedArtistEdge] = []
        for artist in order {
            guard let neighbours = weights[artist] else { continue }
            let strongest = neighbours.sorted {
                $0.value != $1.value ? $0.value > $1.value : ByteOrder.less($0.key, $1.key)
            }.prefix(maximumPerArtist)
            out += strongest.map { RelatedArtistEdge(from: artist, to: $0.key, source: .kworbCofeature, weight: $0.value) }
        }
        return out
    }
}
