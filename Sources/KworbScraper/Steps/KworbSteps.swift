/// An artist for `master_artist`.
public struct KworbArtist: Sendable, Hashable, Codable {
    /// Spotify artist id.
    public var id: String
    /// Name (apostrophes become spaces in `seed2020` mode, as the seed's insert did).
    public var name: String
}

/// A track chosen for `master_track`.
public struct KworbTrackChoice: Sendable, Hashable, Codable {
    /// Spotify track id.
    public var id: String
    /// Name (`seed2020`: lower-cased, at most 79 characters, apostrophes → spaces).
    public var name: String
    /// Peak date `YYYY-MM-DD`, when the page gives one (the 2020 layout).
    public var peakDate: String?
    /// All-time streams.
    public var streams: Int64
}

/// The seed's kworb steps (SEED-SPEC §1) as pure functions over parsed pages, so the pipeline can
/// call them with pages from the network, the cache or fixtures.
public enum KworbSteps {
    /// Main artists: the global list, then the lead artists of a country chart, first source
    /// winning on id. `seed2020` drops duplicate (id, name) pairs, then replaces `'` with a space
    /// (SEED-SPEC §1.2–1.4); the default keeps names verbatim.
    public static func mainArtists(global: [KworbArtistListEntry], country: KworbChartPage?, mode: KworbMode) -> [KworbArtist] {
        var candidates = global.map { KworbArtist(id: $0.artistID, name: $0.name) }
        for entry in country?.entries ?? [] {
            if let lead = entry.artists.first { candidates.append(KworbArtist(id: lead.id, name: lead.name)) }
        }
        var seen = Set<String>()
        var out: [KworbArtist] = []
        for candidate in candidates where !candidate.id.isEmpty && seen.insert(candidate.id).inserted {
            let name = mode == .seed2020 ? candidate.name.apostrophesAsSpaces : candidate.name
            out.append(KworbArtist(id: candidate.id, name: name))
        }
        return out
    }

    /// The songs kept from today's song page: the first `limit` in page order in `seed2020` mode
    /// (bug B3: the notebook's sort was never assigned), the `limit` most-streamed by default
    /// (ties keep page order).
    public static func topSongs(_ page: KworbArtistSongsPage, limit: Int = 30, mode: KworbMode) -> [KworbTrackChoice] {
        let songs = mode == .seed2020
            ? Array(page.songs.prefix(limit))
            : Array(page.songs.enumerated().sorted { $0.element.streams != $1.element.streams ? $0.element.streams > $1.element.streams : $0.offset < $1.offset }
                .map(\.element).prefix(limit))
        return songs.map { song in
            KworbTrackChoice(id: song.trackID, name: mode == .seed2020 ? seedTrackName(song.title) : song.title, peakDate: nil, streams: song.streams)
        }
    }

    /// The same for the 2020 per-artist page (with peak dates).
    public static func topSongs(_ rows: [KworbLegacyTrackRow], limit: Int = 30, mode: KworbMode) -> [KworbTrackChoice] {
        let chosen = mode == .seed2020
            ? Array(rows.prefix(limit))
            : Array(rows.enumerated().sorted { $0.element.streams != $1.element.streams ? $0.element.streams > $1.element.streams : $0.offset < $1.offset }
                .map(\.element).prefix(limit))
        return chosen.map { row in
            KworbTrackChoice(id: row.trackID, name: mode == .seed2020 ? seedTrackName(row.title) : row.title,
                             peakDate: row.peakDate, streams: row.streams)
        }
    }

    /// Artist–track links from an artist's 2020 page (SEED-SPEC §1.6): for every row whose track is
    /// in `knownTracks`, the page's artist and each With artist that is in `knownArtists`.
    /// Like the seed, this links the artist to every known track on its page, not only its top 30
    /// (B4).
    public static func featuringLinks(
        pageArtist: String, rows: [KworbLegacyTrackRow], knownArtists: Set<String>, knownTracks: Set<String>
    ) -> [(artistID: String, trackID: String)] {
        var out: [(String, String)] = []
        var seen = Set<[String]>()
        for row in rows where knownTracks.contains(row.trackID) {
            for artist in [pageArtist] + row.with.map(\.id) where artist == pageArtist || knownArtists.contains(artist) {
                if seen.insert([artist, row.trackID]).inserted { out.append((artist, row.trackID)) }
            }
        }
        return out.map { (artistID: $0.0, trackID: $0.1) }
    }

    /// Artist–track links from today's song page: the page's artist and every known track it
    /// lists (as lead or feature). Co-artists are linked from their own pages.
    public static func songLinks(pageArtist: String, page: KworbArtistSongsPage, knownTracks: Set<String>) -> [(artistID: String, trackID: String)] {
        var seen = Set<String>()
        return page.songs.compactMap { song in
            knownTracks.contains(song.trackID) && seen.insert(song.trackID).inserted ? (artistID: pageArtist, trackID: song.trackID) : nil
        }
    }

    /// The seed's stored track name: at most 79 characters, apostrophes → spaces, lower-cased.
    public static func seedTrackName(_ title: String) -> String {
        String(title.lowercased().prefix(79)).replacingOccurrences(of: "'", with: " ")
    }
}
