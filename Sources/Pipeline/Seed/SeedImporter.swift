import AtlasStore
import Foundation
import MusicGraph

/// `atlas import-seed DIR`: loads the 2020 tables of `../shared/fixtures/seed-2020/` by `COPY`, in
/// one transaction that first empties the dataset tables — so a rerun, or a rerun after a kill,
/// ends with exactly the same rows.
package struct SeedImporter {
    /// Rows loaded per table.
    package struct Counts: Sendable, Equatable {
        package var artists = 0, tracks = 0, artistTrack = 0, relatedEdges = 0, relatedRows = 0

        /// Creates counts (all zero by default).
        package init(artists: Int = 0, tracks: Int = 0, artistTrack: Int = 0, relatedEdges: Int = 0, relatedRows: Int = 0) {
            self.artists = artists
            self.tracks = tracks
            self.artistTrack = artistTrack
            self.relatedEdges = relatedEdges
            self.relatedRows = relatedRows
        }
    }

    /// The folder with `master_artist.csv`, `master_track.csv`, `rel_ART_TR.csv`,
    /// `rel_REL_ART.csv` and `rel_artist_artist.csv`.
    package let directory: String

    /// An importer for `directory`.
    package init(directory: String) { self.directory = directory }

    /// The constraints of the bulk-loaded link tables (PostgreSQL's default names from migration 1).
    /// Their primary keys go too: one sorted index build after the load beats 256k inserts
    /// into a B-tree (rel_artist_artist: 1.04 s → see Docs/performance.md).
    static let foreignKeys: [(table: String, [(name: String, definition: String)])] = [
        ("rel_artist_track", [
            ("rel_artist_track_pkey", "PRIMARY KEY (artist_id, track_id)"),
            ("rel_artist_track_artist_id_fkey", "FOREIGN KEY (artist_id) REFERENCES master_artist"),
            ("rel_artist_track_track_id_fkey", "FOREIGN KEY (track_id) REFERENCES master_track"),
        ]),
        ("related_artist_edge", [
            ("related_artist_edge_pkey", "PRIMARY KEY (artist_id, related_id, source)"),
            ("related_artist_edge_artist_id_fkey", "FOREIGN KEY (artist_id) REFERENCES master_artist"),
            ("related_artist_edge_related_id_fkey", "FOREIGN KEY (related_id) REFERENCES master_artist"),
        ]),
        ("rel_artist_artist", [
            ("rel_artist_artist_pkey", "PRIMARY KEY (query_artist, related_artist, genre)"),
        ]),
    ]

    /// Parses every file first (so a bad file changes nothing), then loads them.
    package func run(on connection: PostgresConnection, progress: (String) -> Void = { _ in }) throws -> Counts {
        func table(_ name: String) throws -> DelimitedTable { try DelimitedTable(contentsOf: (directory as NSString).appendingPathComponent(name)) }
        let artists = try SeedTables.artists(table("master_artist.csv"))
        let tracks = try SeedTables.tracks(table("master_track.csv"))
        let links = try SeedTables.links(table("rel_ART_TR.csv"))
        let edges = try SeedTables.relatedEdges(table("rel_REL_ART.csv"))
        let related = try SeedTables.relatedRows(table("rel_artist_artist.csv"))
        progress("parsed \(artists.count) artists, \(tracks.count) tracks, \(links.count) links, \(edges.count) related edges, \(related.count) related rows")

        let counts = try connection.transaction("import-seed") {
            try connection.execute("""
                TRUNCATE master_artist, master_track, rel_artist_track, rel_artist_artist, related_artist_edge,
                         master_genre, artist_popularity, track_url, track_source, spotify_artist_profile, artist_identity,
                         artist_catalog_profile, spectrogram_window, duplicate_group, split_artist, split_track, dataset_split, step_item RESTART IDENTITY CASCADE
                """, purpose: "empty the dataset tables")
            // Row-by-row foreign-key checks cost 2.5 s per 84k-row link table; dropped here and
            // re-added after the COPY, each is validated by one join. All in this transaction, so
            // a violating row still rolls back everything.
            for (table, constraints) in Self.foreignKeys {
                try connection.execute("ALTER TABLE \(table) " + constraints.map { "DROP CONSTRAINT \($0.name)" }.joined(separator: ", "),
                                       purpose: "drop constraints of \(table) for the bulk load")
            }
            var counts = Counts()
            var clock = Date()
            func lap(_ table: String, _ rows: Int) {
                progress(String(format: "%@: %d rows in %.2f s", table, rows, Date().timeIntervalSince(clock)))
                clock = Date()
            }
            counts.artists = try connection.copy(into: "master_artist", columns: ["artist_id", "artist_name", "is_main"],
                                                 rows: artists.lazy.map { [$0.id, $0.name, $0.isMain ? "t" : "f"] }, purpose: "COPY master_artist")
            lap("master_artist", counts.artists)
            counts.tracks = try connection.copy(into: "master_track", columns: ["track_id", "track_name", "peak_date", "streams"],
                                                rows: tracks.lazy.map { [$0.id, $0.name, $0.peakDate.isEmpty ? nil : $0.peakDate, String($0.streams)] },
                                                purpose: "COPY master_track")
            lap("master_track", counts.tracks)
            counts.artistTrack = try connection.copy(into: "rel_artist_track", columns: ["artist_id", "track_id"],
                                                     rows: links.lazy.map { [$0.artistID, $0.trackID] }, purpose: "COPY rel_artist_track")
            lap("rel_artist_track", counts.artistTrack)
            counts.relatedEdges = try connection.copy(into: "related_artist_edge", columns: ["artist_id", "related_id", "source"],
                                                      rows: edges.lazy.map { [$0.from, $0.to, $0.source.rawValue] }, purpose: "COPY related_artist_edge")
            lap("related_artist_edge", counts.relatedEdges)
            counts.relatedRows = try connection.copy(into: "rel_artist_artist", columns: ["query_artist", "related_artist", "genre", "popularity"],
                                                     rows: related.lazy.map { [$0.query, $0.related, $0.genre, $0.popularity.map(String.init)] },
                                                     purpose: "COPY rel_artist_artist")
            lap("rel_artist_artist", counts.relatedRows)
            for (table, constraints) in Self.foreignKeys {
                try connection.execute("ALTER TABLE \(table) " + constraints.map { "ADD CONSTRAINT \($0.name) \($0.definition)" }.joined(separator: ", "),
                                       purpose: "restore and validate constraints of \(table)")
            }
            lap("keys and constraints", 0)
            return counts
        }
        // Fresh statistics now, not whenever autovacuum gets to it: without them the planner
        // guesses, and the queue step's read of 60k tracks took 40 s instead of 1 s.
        let analysed = Date()
        try connection.execute("ANALYZE", purpose: "analyze the imported tables")
        progress(String(format: "statistics (ANALYZE) in %.2f s", Date().timeIntervalSince(analysed)))
        return counts
    }
}
