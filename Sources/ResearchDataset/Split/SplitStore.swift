import AtlasStore

/// Reads what a split needs from the store and writes the split back, replacing the previous one
/// in one transaction (`dataset_split`, `split_artist`, `split_track`, `duplicate_group`).
package struct SplitStore {
    private let connection: PostgresConnection

    /// A store on `connection`.
    package init(_ connection: PostgresConnection) { self.connection = connection }

    /// Artists, tracks with their artists, and duplicate groups. Tracks that share a YouTube
    /// video (`track_url.video_id`) form one group, named `video:<id>`; groups found by audio
    /// fingerprints (`duplicate_group` rows with reason `fingerprint`) are merged in.
    package func input() throws(PostgresError) -> (input: SplitInput, videoGroups: [String: String]) {
        let artists = try connection.execute("SELECT artist_id FROM master_artist", purpose: "read artists").rows.compactMap { $0["artist_id"] }
        var trackArtists: [String: [String]] = [:]
        for row in try connection.execute("SELECT track_id FROM master_track", purpose: "read tracks").rows {
            if let id = row["track_id"] { trackArtists[id] = [] }
        }
        for row in try connection.execute("""
            SELECT l.track_id, l.artist_id FROM rel_artist_track l JOIN master_artist a USING (artist_id) ORDER BY l.track_id, a.ordinal
            """, purpose: "read links").rows {
            if let track = row["track_id"], let artist = row["artist_id"] { trackArtists[track, default: []].append(artist) }
        }
        var videoGroups: [String: String] = [:]
        for row in try connection.execute("""
            SELECT track_id, video_id FROM track_url u JOIN master_track USING (track_id)
            WHERE video_id IN (SELECT video_id FROM track_url WHERE video_id IS NOT NULL GROUP BY video_id HAVING count(*) > 1)
            """, purpose: "read shared videos").rows {
            if let track = row["track_id"], let video = row["video_id"] { videoGroups[track] = "video:" + video }
        }
        var groups = videoGroups
        for row in try connection.execute("SELECT track_id, group_id FROM duplicate_group WHERE reason = 'fingerprint'", purpose: "read fingerprint groups").rows {
            if let track = row["track_id"], let group = row["group_id"], groups[track] == nil { groups[track] = group }
        }
        return (SplitInput(artists: artists, trackArtists: trackArtists, groups: groups), videoGroups)
    }

    /// Replaces the stored split with `plan`.
    package func save(_ plan: SplitPlan, splitter: DatasetSplitter, input: SplitInput, videoGroups: [String: String]) throws {
        try connection.transaction("store the split") {
            try connection.execute("DELETE FROM split_track", purpose: "clear split_track")
            try connection.execute("DELETE FROM split_artist", purpose: "clear split_artist")
            try connection.execute("DELETE FROM duplicate_group WHERE reason = 'video_id'", purpose: "clear video groups")
            try connection.execute("DELETE FROM dataset_split", purpose: "clear dataset_split")
            try connection.execute("INSERT INTO dataset_split (id, method, ratios, seed) VALUES (1, $1, $2, $3)",
                                   [splitter.method.rawValue, splitter.method == .seed2020 ? "last 2 tracks by id per artist" : splitter.ratios.map(String.init).joined(separator: ","),
                                    splitter.method == .seed2020 ? nil : String(Int64(bitPattern: splitter.seed))], purpose: "record the split")
            try connection.copy(into: "duplicate_group", columns: ["track_id", "group_id", "reason"],
                                rows: videoGroups.sorted { byteLess($0.key, $1.key) }.map { [$0.key, $0.value, "video_id"] }, purpose: "COPY duplicate_group")
            try connection.copy(into: "split_artist", columns: ["artist_id", "split"],
                                rows: plan.artists.sorted { byteLess($0.key, $1.key) }.map { [$0.key, $0.value.rawValue] }, purpose: "COPY split_artist")
            try connection.copy(into: "split_track", columns: ["track_id", "split", "cross_split", "duplicate_group"],
                                rows: plan.tracks.sorted { byteLess($0.key, $1.key) }.map { [$0.key, $0.value.split.rawValue, $0.value.crossSplit ? "t" : "f", input.group(of: $0.key)] },
                                purpose: "COPY split_track")
        }
    }
}
