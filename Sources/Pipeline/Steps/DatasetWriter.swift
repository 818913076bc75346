import AtlasStore
import KworbScraper

/// Batched, idempotent writes of the dataset tables: one `INSERT … SELECT FROM unnest(arrays)`
/// per batch with `ON CONFLICT DO NOTHING`, so the first source to name a row wins (as in the
/// seed) and rerunning a batch changes nothing. Values travel as array parameters, never as SQL.
package struct DatasetWriter {
    private let connection: PostgresConnection

    /// A writer on `connection`.
    package init(_ connection: PostgresConnection) { self.connection = connection }

    /// Inserts artists (id, name, chart artist?) in order; returns how many were new.
    @discardableResult
    package func insertArtists(_ artists: [(id: String, name: String, isMain: Bool)]) throws(PostgresError) -> Int {
        guard !artists.isEmpty else { return 0 }
        return try connection.execute("""
            INSERT INTO master_artist (artist_id, artist_name, is_main)
            SELECT id, name, main FROM unnest($1::text[], $2::text[], $3::bool[]) WITH ORDINALITY AS t(id, name, main, n) ORDER BY n
            ON CONFLICT (artist_id) DO NOTHING
            """, [PostgresArray.literal(artists.map(\.id)), PostgresArray.literal(artists.map(\.name)),
                  PostgresArray.literal(artists.map { $0.isMain ? "t" : "f" })],
            purpose: "insert \(artists.count) artists").affected ?? 0
    }

    /// A track row for `master_track`.
    package struct TrackRow: Sendable, Equatable {
        /// Spotify track id.
        package var id: String
        /// Name as stored.
        package var name: String
        /// Peak (kworb 2020) or album release date, `YYYY-MM-DD`.
        package var peakDate: String?
        /// kworb streams, `-1` for Spotify-only tracks.
        package var streams: Int64
        /// Duration when known (Spotify).
        package var durationMS: Int?

        /// Creates a row.
        package init(id: String, name: String, peakDate: String?, streams: Int64, durationMS: Int? = nil) {
            self.id = id
            self.name = name
            self.peakDate = peakDate
            self.streams = streams
            self.durationMS = durationMS
        }
    }

    /// Inserts tracks in order; returns how many were new.
    @discardableResult
    package func insertTracks(_ tracks: [TrackRow]) throws(PostgresError) -> Int {
        guard !tracks.isEmpty else { return 0 }
        return try connection.execute("""
            INSERT INTO master_track (track_id, track_name, peak_date, streams, duration_ms)
            SELECT id, name, peak, streams, duration
            FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[], $5::int[]) WITH ORDINALITY AS t(id, name, peak, streams, duration, n)
            ORDER BY n
            ON CONFLICT (track_id) DO NOTHING
            """, [PostgresArray.literal(tracks.map(\.id)), PostgresArray.literal(tracks.map(\.name)),
                  PostgresArray.literal(tracks.map(\.peakDate)), PostgresArray.literal(tracks.map { String($0.streams) }),
                  PostgresArray.literal(tracks.map { $0.durationMS.map(String.init) })],
            purpose: "insert \(tracks.count) tracks").affected ?? 0
    }

    /// Records artist–track appearances seen in a source.
    @discardableResult
    package func insertTrackSources(_ rows: [(artistID: String, trackID: String, featured: Bool)], source: String) throws(PostgresError) -> Int {
        guard !rows.isEmpty else { return 0 }
        return try connection.execute("""
            INSERT INTO track_source (artist_id, track_id, source, featured)
            SELECT a, t, $4, f FROM unnest($1::text[], $2::text[], $3::bool[]) AS u(a, t, f)
            ON CONFLICT DO NOTHING
            """, [PostgresArray.literal(rows.map(\.artistID)), PostgresArray.literal(rows.map(\.trackID)),
                  PostgresArray.literal(rows.map { $0.featured ? "t" : "f" }), source],
            purpose: "insert \(rows.count) \(source) track appearances").affected ?? 0
    }

    /// Artists in store order (`ordinal`), optionally only chart (`true`) or extra (`false`) ones.
    package func artists(main: Bool? = nil) throws(PostgresError) -> [(id: String, name: String, isMain: Bool)] {
        let rows = try connection.execute("""
            SELECT artist_id, artist_name, is_main FROM master_artist WHERE $1::bool IS NULL OR is_main = $1::bool ORDER BY ordinal
            """, [main.map { $0 ? "t" : "f" }], purpose: "read artists")
        return rows.rows.map { (id: $0["artist_id"] ?? "", name: $0["artist_name"] ?? "", isMain: $0.bool("is_main") ?? false) }
    }
}
