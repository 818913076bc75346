/// Gives every artist a popularity (SEED-SPEC §3.4).
///
/// An artist that is someone's related artist has its own popularity (`direct`). Any other artist
/// gets the mean of its related artists' popularity — each distinct (related artist, popularity)
/// pair once — rounded half to even like `np.round` (`inferred`; 49.5 → 50, 56.5 → 56). With no
/// related artist: `0` in `seed2020` (indistinguishable from a real 0), unknown (`nil`) by default.
/// `standard` also prefers an artist's own Spotify popularity when known.
public struct PopularityInference: Sendable {
    /// Behaviour.
    public var mode: GraphMode

    /// Creates the inference for `mode`.
    public init(mode: GraphMode) { self.mode = mode }

    /// Popularity for `artistIDs` (in that order; duplicates ignored).
    public func infer(artistIDs: [String], related: [RelatedArtistRow], own: [String: Int] = [:]) -> [PopularityAssignment] {
        infer(artistIDs: artistIDs, index: RelatedIndex(rows: related), own: own)
    }

    func infer(artistIDs: [String], index: RelatedIndex, own: [String: Int]) -> [PopularityAssignment] {
        var seen = Set<String>()
        var out: [PopularityAssignment] = []
        out.reserveCapacity(artistIDs.count)
        for artist in artistIDs where seen.insert(artist).inserted {
            if mode == .standard, let value = own[artist] {
                out.append(PopularityAssignment(artistID: artist, popularity: value, source: .direct))
            } else if let id = index.artists.id(of: artist), let value = index.relatedPopularity[id] {
                out.append(PopularityAssignment(artistID: artist, popularity: value, source: .direct))
            } else if let id = index.artists.id(of: artist),
                case let values = index.relatedPopularities(of: id).map(\.1).filter({ $0 >= 0 }), !values.isEmpty
            {
                let mean = Double(values.reduce(0) { $0 + Int($1) }) / Double(values.count)
                out.append(PopularityAssignment(
                    artistID: artist, popularity: Int(mean.rounded(.toNearestOrEven)), source: .inferred))
            } else {
                out.append(PopularityAssignment(artistID: artist, popularity: mode == .seed2020 ? 0 : nil, source: .none))
            }
        }
        return out
    }
}
