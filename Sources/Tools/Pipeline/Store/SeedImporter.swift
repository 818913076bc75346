import Foundation
import MusicGraph

/// `atlas import-seed DIR`: loads the 2020 tables of `../shared/fixtures/seed-2020/` by `COPY`, in
/// one transaction that first empties the dataset tables — so a rerun, or a rerun after a kill,
/// ends with exactly the same rows.
public struct SeedImporter {
    /// Rows loaded per table.
    public struct Counts: Sendable, Equatable {
        public var artists = 0, tracks = 0, artistTrack = 0, relatedEdges = 0, relatedRows = 0

        /// Creates counts (all zero by default).
        public init(artists: Int = 0, tracks: Int = 0, artistTrack: Int = 0, relatedEdges: Int = 0, relatedRows: Int = 0) {
            self.artists = artists
            self.tracks = tracks
            self.artistTrack = artistTrack
            self.relatedEdges = relatedEdges
            self.relatedRows = relatedRows
        }
    }

    /// The folder with `master_artist.csv`, `master_track.csv`, `rel_ART_TR.csv`,
    /// `rel_REL_ART.csv` and `rel_artist_artist.csv`.
    public let directory: String

    /// An importer for `directory`.
    public init(directory: String) { self.directory = directory }

    /// Parses every file first (so a bad file changes nothing), then loads them.
    public func run(on connection: PostgresConnection, progress: (String) -> Void = { _ in }) throws -> Counts {
        func table(_ name: String) throws -> DelimitedTable { try DelimitedTable(contentsOf: (directory as NSString).appendingPathComponent(name)) }
        let artists = try SeedTables.artists(table("master_artist.csv"))
        let tracks = try SeedTables.tracks(table("master_track.csv"))
        let links = try SeedTables.links(table("rel_ART_TR.csv"))
        let edges = try SeedTables.relatedEdges(table("rel_REL_ART.csv"))
        let related = try SeedTables.relatedRows(table("rel_artist_artist.csv"))
        progress("parsed \(artists.count) artists, \(tracks.count) tracks, \(links.count) links, \(edges.count) related edges, \(related.count) related rows")

        return try connection.transaction("import-seed") {
            try connection.execute("""
                TRUNCATE master_artist, master_track, rel_artist_track, rel_artist_artist, related_artist_edge,
                         master_genre, artist_popularity, track_url RESTART IDENTITY CASCADE
                """, purpose: "empty the dataset tables")
            var counts = Counts()
            counts.artists = try connection.copy(into: "master_artist", columns: ["artist_id", "artist_name", "is_main"],
                                                 rows: artists.lazy.map { [$0.id, $0.name, $0.isMain ? "t" : "f"] }, purpose: "COPY master_artist")
            counts.tracks = try connection.copy(into: "master_track", columns: ["track_id", "track_name", "peak_date", "streams"],
                                                rows: tracks.lazy.map { [$0.id, $0.name, $0.peakDate.isEmpty ? nil : $0.peakDate, String($0.streams)] },
                                                purpose: "COPY master_track")
            counts.artistTrack = try connection.copy(into: "rel_artist_track", columns: ["artist_id", "track_id"],
                                                     rows: links.lazy.map { [$0.artistID, $0.trackID] }, purpose: "COPY rel_artist_track")
            counts.relatedEdges = try connection.copy(into: "related_artist_edge", columns: ["artist_id", "related_id", "source"],
                                                      rows: edges.lazy.map { [$0.from, $0.to, $0.source.rawValue] }, purpose: "COPY related_artist_edge")
            counts.relatedRows = try connection.copy(into: "rel_artist_artist", columns: ["query_artist", "related_artist", "genre", "popularity"],
                                                     rows: related.lazy.map { [$0.query, $0.related, $0.genre, $0.popularity.map(String.init)] },
                                                     purpose: "COPY rel_artist_artist")
            return counts
        }
    }
}
