/// A side of a split.
package enum SplitName: String, Sendable, CaseIterable, Codable, Comparable {
    case train, validation, test

    package static func < (a: SplitName, b: SplitName) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// How a split keeps its sides apart.
package enum SplitMethod: String, Sendable, CaseIterable, Codable {
    /// Artist-disjoint (the OLGA setting): whole artists on one side.
    case artist
    /// Song-disjoint (the thesis's "hard" setting): whole duplicate groups of tracks on one side.
    case track
    /// The thesis's hold-out: per artist, its last two tracks by id are test, the rest train.
    case seed2020
}

/// What a split is computed from.
package struct SplitInput: Sendable {
    /// Every artist id.
    package var artists: [String]
    /// Every track id with its artists.
    package var trackArtists: [String: [String]]
    /// Each track's duplicate group (tracks absent are their own group).
    package var groups: [String: String]

    /// An input.
    package init(artists: [String], trackArtists: [String: [String]], groups: [String: String]) {
        self.artists = artists
        self.trackArtists = trackArtists
        self.groups = groups
    }

    /// The group of `track`.
    package func group(of track: String) -> String { groups[track] ?? track }
}

/// Each artist's and track's side.
package struct SplitPlan: Sendable, Equatable {
    /// Artists' sides (empty for a song-disjoint split: an artist is on several sides there).
    package var artists: [String: SplitName] = [:]
    /// Tracks' sides and whether their artists disagree (`cross_split`, kept in train).
    package var tracks: [String: (split: SplitName, crossSplit: Bool)] = [:]

    package static func == (a: SplitPlan, b: SplitPlan) -> Bool {
        a.artists == b.artists && a.tracks.mapValues { [$0.split.rawValue, String($0.crossSplit)] } == b.tracks.mapValues { [$0.split.rawValue, String($0.crossSplit)] }
    }
}

/// Splits artists or tracks into train / validation / test, deterministically: units are sorted
/// by id (byte order), shuffled with `SplitArithmetic.shuffled(seed:)`, and cut at the
/// largest-remainder counts of `ratios`.
///
/// - `artist`: a track whose artists fall on different sides is `cross_split` and goes to train
///   (it is left out of validation and test); a duplicate group whose tracks would land on
///   different sides goes to train the same way, so one recording never straddles.
/// - `track`: the units are duplicate groups, so windows of one song and of one recording under
///   two ids never sit on two sides.
/// - `seed2020`: per artist, the last two tracks by id are test (a track shared by artists is
///   test if it is among the last two of any of them; the thesis held out (artist, track) pairs,
///   so such a track was on both sides there); a group with a test track is test.
package struct DatasetSplitter: Sendable {
    /// The method.
    package var method: SplitMethod
    /// Train, validation and test proportions (`seed2020` ignores them).
    package var ratios: [Int]
    /// The shuffle's seed.
    package var seed: UInt64

    /// A splitter.
    package init(method: SplitMethod, ratios: [Int] = [80, 10, 10], seed: UInt64 = 0) {
        self.method = method
        self.ratios = ratios
        self.seed = seed
    }

    /// The plan for `input`.
    package func plan(_ input: SplitInput) -> SplitPlan {
        var plan = SplitPlan()
        let tracks = input.trackArtists.keys.sorted(by: byteLess)
        switch method {
        case .artist:
            plan.artists = assign(input.artists.sorted(by: byteLess))
            for track in tracks {
                let sides = Set((input.trackArtists[track] ?? []).compactMap { plan.artists[$0] })
                plan.tracks[track] = sides.count == 1 ? (sides.first!, false) : (.train, sides.count > 1)
            }
            // One recording never straddles: a group whose tracks disagree goes to train.
            for members in Dictionary(grouping: tracks, by: input.group(of:)).values where Set(members.map { plan.tracks[$0]!.split }).count > 1 {
                for track in members { plan.tracks[track] = (.train, true) }
            }
        case .track:
            let groups = Dictionary(grouping: tracks, by: input.group(of:))
            let sides = assign(groups.keys.sorted(by: byteLess))
            for (group, members) in groups { for track in members { plan.tracks[track] = (sides[group]!, false) } }
        case .seed2020:
            var byArtist: [String: [String]] = [:]
            for track in tracks { for artist in input.trackArtists[track] ?? [] { byArtist[artist, default: []].append(track) } }
            let held = Set(byArtist.values.flatMap { $0.sorted(by: byteLess).suffix(2) })
            for (_, members) in Dictionary(grouping: tracks, by: input.group(of:)) {
                let side: SplitName = members.contains(where: held.contains) ? .test : .train
                for track in members { plan.tracks[track] = (side, false) }
            }
        }
        return plan
    }

    /// `units` (sorted) shuffled and cut at the largest-remainder counts.
    private func assign(_ units: [String]) -> [String: SplitName] {
        let counts = SplitArithmetic.counts(total: units.count, ratios: ratios)
        let order = SplitArithmetic.shuffled(units, seed: seed)
        var out: [String: SplitName] = [:]
        var cursor = 0
        for (side, count) in zip(SplitName.allCases, counts) {
            for unit in order[cursor..<(cursor + count)] { out[unit] = side }
            cursor += count
        }
        return out
    }
}

/// Strings by their UTF-8 bytes (PostgreSQL's C collation, Python's `sorted` of bytes).
package func byteLess(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
