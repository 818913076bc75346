import AtlasStore

/// Reads what a split needs from the store and writes the split back, replacing the previous one
/// in one transaction (`dataset_split`, `split_artist`, `split_track`, `duplicate_group`).
package struct SplitStore {
    private let connection: PostgresConnection

    /// A store on `connection`.
    package init(_ connection: PostgresConnection) { self.connection = connection }

    /// Artists, tracks with their artists, and duplicate groups (`DuplicateGroups`: shared
    /// videos and matching audio fingerprints).
    package func input() throws -> (input: SplitInput, duplicates: DuplicateGroups) {
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
        let duplicates = try DuplicateGroups.find(connection)
        return (SplitInput(artists: artists, trackArtists: trackArtists, groups: duplicates.groupOf), duplicates)
    }

    /// Replaces the stored split with `plan`.
    package func save(_ plan: SplitPlan, splitter: DatasetSplitter, input: SplitInput, duplicates: DuplicateGroups) throws {
        try connection.transaction("store the split") {
            try connection.execute("DELETE FROM split_track", purpose: "clear split_track")
            try connection.execute("DELETE FROM split_artist", purpose: "clear split_artist")
            try connection.execute("DELETE FROM duplicate_group", purpose: "clear duplicate groups")
            try connection.execute("DELETE FROM dataset_split", purpose: "clear dataset_split")
            try connection.execute("INSERT INTO dataset_split (id, method, ratios, seed) VALUES (1, $1, $2, $3)",
                                   [splitter.method.rawValue, splitter.method == .seed2020 ? "last 2 tracks by id per artist" : splitter.ratios.map(String.init).joined(separator: ","),
                                    splitter.method == .seed2020 ? nil : String(Int64(bitPattern: splitter.seed))], purpose: "record the split")
            try connection.copy(into: "duplicate_group", columns: ["track_id", "group_id", "reason"],
                                rows: duplicates.groupOf.sorted { byteLess($0.key, $1.key) }.map { [$0.key, $0.value, duplicates.reason[$0.key]] },
                                purpose: "COPY duplicate_group")
            try connection.copy(into: "split_artist", columns: ["artist_id", "split"],
                                rows: plan.artists.sorted { byteLess($0.key, $1.key) }.map { [$0.key, $0.value.rawValue] }, purpose: "COPY split_artist")
            try connection.copy(into: "split_track", columns: ["track_id", "split", "cross_split", "duplicate_group"],
                                rows: plan.tracks.sorted { byteLess($0.key, $1.key) }.map { [$0.key, $0.value.split.rawValue, $0.value.crossSplit ? "t" : "f", input.group(of: $0.key)] },
                                purpose: "COPY split_track")
        }
    }
}
