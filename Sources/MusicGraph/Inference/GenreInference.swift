/// Gives every artist one or more genres (SEED-SPEC §3.2–3.3).
///
/// - An artist that is someone's related artist keeps all of its own genres (`direct`).
/// - Any other artist gets the genre most voted by its related artists: each related artist casts
///   one vote per distinct genre it has (`voted`).
/// - An artist with no related artists gets the literal genre `undefined`.
///
/// Ties: `seed2020` reproduces `Counter(...).most_common()[0]` over the rows PostgreSQL's sort-based
/// `DISTINCT` returned — iterate the related artists by id in **byte order** and each one's
/// genres in byte order, and the tied genre met **first** wins (verified 3,110/3,110 against
/// 2020, including all 624 ties). `standard` breaks ties by the voters' summed popularity, then by
/// the genre name in byte order, and uses an artist's own genres when known (bug B7).
public struct GenreInference: Sendable {
    /// Behaviour.
    public var mode: GraphMode

    /// Creates the inference for `mode`.
    public init(mode: GraphMode) { self.mode = mode }

    /// The literal genre of artists without any related artist.
    public static let undefinedGenre = "undefined"

    /// Genre assignments for `artistIDs` (in that order; duplicates ignored).
    /// - Parameters:
    ///   - artistIDs: the artists to assign genres to.
    ///   - related: the `rel_artist_artist` rows.
    ///   - ownGenres: artists' own Spotify genres (`standard` mode only; the seed never fetched them).
    ///   - popularity: artists' popularity, for `standard` tie-breaking when rows lack it.
    public func infer(
        artistIDs: [String], related: [RelatedArtistRow], ownGenres: [String: [String]] = [:],
        popularity: [String: Int] = [:]
    ) -> [GenreAssignment] {
        infer(artistIDs: artistIDs, index: RelatedIndex(rows: related), ownGenres: ownGenres, popularity: popularity)
    }

    func infer(
        artistIDs: [String], index: RelatedIndex, ownGenres: [String: [String]], popularity: [String: Int]
    ) -> [GenreAssignment] {
        var seen = Set<String>()
        var out: [GenreAssignment] = []
        out.reserveCapacity(artistIDs.count * 3)
        let genreRank = mode == .seed2020 ? index.genres.byteOrderRanks() : []
        let artistRank = mode == .seed2020 ? index.artists.byteOrderRanks() : []
        for artist in artistIDs where seen.insert(artist).inserted {
            if mode == .standard, let own = ownGenres[artist], !own.isEmpty {
                var unique = Set<String>()
                for genre in own where unique.insert(genre).inserted {
                    out.append(GenreAssignment(artistID: artist, genre: genre, source: .direct))
                }
                continue
            }
            let id = index.artists.id(of: artist)
            if let id, let direct = index.directGenres[id] {
                out += direct.map { GenreAssignment(artistID: artist, genre: index.genres.name($0), source: .direct) }
                continue
            }
            guard let id, case let votes = index.votes(of: id), !votes.isEmpty else {
                out.append(GenreAssignment(artistID: artist, genre: Self.undefinedGenre, source: .undefined))
                continue
            }
            let winner = mode == .seed2020
                ? Self.seedWinner(votes, artistRank: artistRank, genreRank: genreRank)
                : Self.popularityWinner(votes, index: index, popularity: popularity)
            out.append(GenreAssignment(artistID: artist, genre: index.genres.name(winner), source: .voted))
        }
        return out
    }

    /// `most_common()[0]` over the votes in byte order of (related id, genre): the tied genre met
    /// first wins.
    static func seedWinner(_ votes: ArraySlice<RelatedIndex.Vote>, artistRank: [Int32], genreRank: [Int32]) -> Int32 {
        let ordered = votes.sorted {
            let a = artistRank[Int($0.related)], b = artistRank[Int($1.related)]
            return a != b ? a < b : genreRank[Int($0.genre)] < genreRank[Int($1.genre)]
        }
        var counts: [Int32: Int] = [:]
        var firstSeen: [Int32] = []
        for vote in ordered {
            if counts[vote.genre] == nil { firstSeen.append(vote.genre) }
            counts[vote.genre, default: 0] += 1
        }
        let top = counts.values.max()!
        return firstSeen.first { counts[$0] == top }!
    }

    /// Most votes, then the largest summed popularity of the voters, then byte order.
    static func popularityWinner(_ votes: ArraySlice<RelatedIndex.Vote>, index: RelatedIndex, popularity: [String: Int]) -> Int32 {
        var counts: [Int32: (votes: Int, popularity: Int)] = [:]
        for vote in votes {
            let weight = vote.popularity >= 0 ? Int(vote.popularity) : popularity[index.artists.name(vote.related)] ?? 0
            counts[vote.genre, default: (0, 0)].votes += 1
            counts[vote.genre, default: (0, 0)].popularity += weight
        }
        return counts.min { a, b in
            if a.value.votes != b.value.votes { return a.value.votes > b.value.votes }
            if a.value.popularity != b.value.popularity { return a.value.popularity > b.value.popularity }
            return ByteOrder.less(index.genres.name(a.key), index.genres.name(b.key))
        }!.key
    }
}

/// The `rel_artist_artist` rows regrouped on interned ids: each related artist's genres, and each
/// query's distinct (related artist, genre) votes and (related artist, popularity) pairs.
///
/// Rows are counting-sorted by query and by related artist (stable, O(n)), and duplicates are
/// removed inside each small group; global hash sets over 256k keys spent most of their time in
/// cache misses.
struct RelatedIndex {
    struct Vote {
        let related: Int32
        let genre: Int32
        /// −1 when unknown.
        let popularity: Int32
    }

    var artists = StringInterner()
    var genres = StringInterner()
    /// Genres of every artist that appears as a related artist, in first-seen order.
    private(set) var directGenres: [Int32: [Int32]] = [:]
    /// Popularity of every related artist (first value seen).
    private(set) var relatedPopularity: [Int32: Int] = [:]
    private var voteOffsets: [Int] = []
    private var voteList: [Vote] = []
    private var popularityOffsets: [Int] = []
    private var popularityList: [(Int32, Int32)] = []

    init(rows: [RelatedArtistRow]) {
        artists = StringInterner(capacity: rows.count / 8)
        genres = StringInterner(capacity: 4096)
        var query = [Int32](), related = [Int32](), genre = [Int32](), popularity = [Int32]()
        query.reserveCapacity(rows.count)
        related.reserveCapacity(rows.count)
        genre.reserveCapacity(rows.count)
        popularity.reserveCapacity(rows.count)
        for row in rows {
            query.append(artists.intern(row.query))
            related.append(artists.intern(row.related))
            genre.append(genres.intern(row.genre))
            popularity.append(Int32(clamping: row.popularity ?? -1))
        }
        let artistCount = artists.count

        // Each related artist's genres (first-seen order) and first known popularity.
        let byRelated = Self.group(related, count: artistCount)
        for artist in 0..<artistCount {
            let members = byRelated.order[byRelated.offsets[artist]..<byRelated.offsets[artist + 1]]
            guard !members.isEmpty else { continue }
            var list: [Int32] = []
            for row in members where !list.contains(genre[row]) { list.append(genre[row]) }
            directGenres[Int32(artist)] = list
            if let row = members.first(where: { popularity[$0] >= 0 }) { relatedPopularity[Int32(artist)] = Int(popularity[row]) }
        }

        // Each query's distinct votes and distinct (related, popularity) pairs.
        let byQuery = Self.group(query, count: artistCount)
        voteOffsets = [0]
        popularityOffsets = [0]
        var pairs: [UInt64] = []
        for artist in 0..<artistCount {
            let members = byQuery.order[byQuery.offsets[artist]..<byQuery.offsets[artist + 1]]
            pairs.removeAll(keepingCapacity: true)
            for row in members { pairs.append(UInt64(UInt32(bitPattern: related[row])) << 32 | UInt64(UInt32(bitPattern: genre[row]))) }
            var seen = Set<UInt64>()
            for (row, pair) in zip(members, pairs) where seen.insert(pair).inserted {
                voteList.append(Vote(related: related[row], genre: genre[row], popularity: popularity[row]))
            }
            voteOffsets.append(voteList.count)
            seen.removeAll(keepingCapacity: true)
            for row in members {
                let key = UInt64(UInt32(bitPattern: related[row])) << 32 | UInt64(UInt32(bitPattern: popularity[row]))
                if seen.insert(key).inserted { popularityList.append((related[row], popularity[row])) }
            }
            popularityOffsets.append(popularityList.count)
        }
    }

    /// Distinct (related, genre) votes of query artist `id`, in row order.
    func votes(of id: Int32) -> ArraySlice<Vote> { voteList[voteOffsets[Int(id)]..<voteOffsets[Int(id) + 1]] }

    /// Distinct (related, popularity) pairs of query artist `id`; popularity −1 when unknown.
    func relatedPopularities(of id: Int32) -> ArraySlice<(Int32, Int32)> {
        popularityList[popularityOffsets[Int(id)]..<popularityOffsets[Int(id) + 1]]
    }

    /// Stable counting sort of row indices by `keys` (dense ids below `count`).
    private static func group(_ keys: [Int32], count: Int) -> (offsets: [Int], order: [Int]) {
        var offsets = [Int](repeating: 0, count: count + 1)
        for key in keys { offsets[Int(key) + 1] += 1 }
        for i in 0..<count { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var order = [Int](repeating: 0, count: keys.count)
        for (row, key) in keys.enumerated() {
            order[cursor[Int(key)]] = row
            cursor[Int(key)] += 1
        }
        return (offsets, order)
    }
}
