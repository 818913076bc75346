import AtlasStore
import Foundation
import MusicGraph

/// `atlas dataset triplets`: seeded (anchor, positive, negative) windows of one split, as window
/// indexes of `windows.csv` (`WindowCatalog` order) and the artists they stand for.
///
/// For every artist of the split with windows (byte order of id), `perAnchor` times:
/// - **anchor**: a random track of the artist (a multi-artist track anchors for each of its
///   artists) and a random window of it;
/// - **positive**: a random window of another track of the same artist (`same-artist`), or of a
///   track of an artist related to it (`related`); never the anchor's track nor one of its
///   duplicate group;
/// - **negative**: a random artist that is neither the anchor artist nor its neighbour in the
///   similarity graph (edges undirected, every source) — with `hard`, one that also shares a
///   genre with it — and a random window of a track none of whose artists is the anchor artist or
///   a neighbour.
/// An anchor draw with no valid positive or negative is skipped. Same seed and store, same file.
package struct TripletSampler {
    /// Where positives come from.
    package enum Positives: String, Sendable, CaseIterable { case sameArtist = "same-artist", related }
    /// How negatives are chosen.
    package enum Negatives: String, Sendable, CaseIterable { case random, hard }

    package var split: SplitName
    package var seed: UInt64
    package var perAnchor: Int
    package var positives: Positives
    package var negatives: Negatives
    package var frames: Int
    package var recipeID: Int64?

    /// A sampler.
    package init(split: SplitName, seed: UInt64, perAnchor: Int, positives: Positives = .sameArtist, negatives: Negatives = .random,
                 frames: Int = 937, recipeID: Int64? = nil) {
        self.split = split
        self.seed = seed
        self.perAnchor = perAnchor
        self.positives = positives
        self.negatives = negatives
        self.frames = frames
        self.recipeID = recipeID
    }

    /// One triplet.
    package struct Triplet: Sendable, Equatable {
        package var anchor: Int, positive: Int, negative: Int
        package var anchorArtist: String, positiveArtist: String, negativeArtist: String
    }

    /// The triplets, in draw order.
    package func sample(_ connection: PostgresConnection) throws -> [Triplet] {
        guard perAnchor > 0 else { throw DatasetError.invalid("--per-anchor must be positive") }
        guard try connection.execute("SELECT 1 FROM dataset_split", purpose: "read the split").count > 0 else { throw DatasetError.noSplit }
        let catalog = try WindowCatalog.load(connection, recipeID: recipeID, frames: frames)
        var windowsOf: [String: [Int]] = [:]
        for window in catalog.windows where window.split == split { windowsOf[window.trackID, default: []].append(window.index) }
        var artistsOf: [String: [String]] = [:], tracksOf: [String: [String]] = [:]
        for row in try connection.execute("SELECT artist_id, track_id FROM rel_artist_track", purpose: "read links").rows {
            guard let artist = row["artist_id"], let track = row["track_id"], windowsOf[track] != nil else { continue }
            artistsOf[track, default: []].append(artist)
            tracksOf[artist, default: []].append(track)
        }
        for key in tracksOf.keys { tracksOf[key]!.sort(by: byteLess) }
        for key in artistsOf.keys { artistsOf[key]!.sort(by: byteLess) }
        var group: [String: String] = [:]
        for row in try connection.execute("SELECT track_id, duplicate_group FROM split_track", purpose: "read groups").rows {
            if let track = row["track_id"] { group[track] = row["duplicate_group"] ?? track }
        }
        var neighbours: [String: Set<String>] = [:]
        for row in try connection.execute("SELECT artist_id, related_id FROM related_artist_edge", purpose: "read edges").rows {
            guard let a = row["artist_id"], let b = row["related_id"], a != b else { continue }
            neighbours[a, default: []].insert(b)
            neighbours[b, default: []].insert(a)
        }
        var genres: [String: Set<String>] = [:]
        for row in try connection.execute("SELECT artist_id, genre FROM master_genre WHERE genre <> 'undefined'", purpose: "read genres").rows {
            if let artist = row["artist_id"], let genre = row["genre"] { genres[artist, default: []].insert(genre) }
        }
        let artists = tracksOf.keys.sorted(by: byteLess)
        var random = SeededRandom(seed: seed)
        func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[random.below(items.count)] }
        var triplets: [Triplet] = []
        for anchorArtist in artists {
            let own = tracksOf[anchorArtist] ?? []
            let near = neighbours[anchorArtist] ?? []
            let excluded = near.union([anchorArtist])
            let negativeArtists = artists.filter { candidate in
                !excluded.contains(candidate) && (negatives == .random || !(genres[candidate] ?? []).isDisjoint(with: genres[anchorArtist] ?? []))
            }
            for _ in 0..<perAnchor {
                guard let anchorTrack = pick(own), let anchor = pick(windowsOf[anchorTrack] ?? []) else { continue }
                let positiveArtist: String
                let positivePool: [String]
                switch positives {
                case .sameArtist:
                    positiveArtist = anchorArtist
                    positivePool = own
                case .related:
                    guard let chosen = pick(near.filter { tracksOf[$0] != nil }.sorted(by: byteLess)) else { continue }
                    positiveArtist = chosen
                    positivePool = tracksOf[chosen] ?? []
                }
                let positiveTracks = positivePool.filter { $0 != anchorTrack && group[$0, default: $0] != group[anchorTrack, default: anchorTrack] }
                guard let positiveTrack = pick(positiveTracks), let positive = pick(windowsOf[positiveTrack] ?? []) else { continue }
                guard let negativeArtist = pick(negativeArtists) else { continue }
                let negativeTracks = (tracksOf[negativeArtist] ?? []).filter { track in (artistsOf[track] ?? []).allSatisfy { !excluded.contains($0) } }
                guard let negativeTrack = pick(negativeTracks), let negative = pick(windowsOf[negativeTrack] ?? []) else { continue }
                triplets.append(Triplet(anchor: anchor, positive: positive, negative: negative,
                                        anchorArtist: anchorArtist, positiveArtist: positiveArtist, negativeArtist: negativeArtist))
            }
        }
        return triplets
    }

    /// The CSV text of `triplets`.
    package static func csv(_ triplets: [Triplet]) -> String {
        var writer = DelimitedWriter(delimiter: ",", header: ["anchor", "positive", "negative", "anchor_artist", "positive_artist", "negative_artist"])
        for t in triplets {
            writer.append([String(t.anchor), String(t.positive), String(t.negative), t.anchorArtist, t.positiveArtist, t.negativeArtist])
        }
        return writer.text
    }
}
