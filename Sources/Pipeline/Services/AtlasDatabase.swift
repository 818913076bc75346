import AtlasStore
import Foundation
import Redaction
import LocalServices

/// Which database the pipeline uses: `DATABASE_URL` when set, otherwise the managed local cluster
/// under the data directory, joined (and started on demand) with a lease; `release()` leaves it,
/// and the last process to leave a cluster that was started on demand stops it. A cluster started
/// by `atlas db start` runs until `atlas db stop`.
package final class AtlasDatabase {
    /// The data directory (`MUSICATLAS_DATA`, default `./atlas-data`).
    package let dataDirectory: String
    /// The connection URL in use.
    package let url: String
    private let managed: LocalPostgres?
    private var session: LocalPostgres.Session?

    /// Resolves the database from the environment, starting the managed cluster if needed.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String? = nil) throws(PostgresError) {
        self.dataDirectory = dataDirectory ?? environment["MUSICATLAS_DATA"] ?? "atlas-data"
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            self.url = url
            managed = nil
            session = nil
        } else {
            let local = try LocalPostgres(dataDirectory: self.dataDirectory)
            let session = try local.acquire(autoStop: true)
            url = session.address
            managed = local
            self.session = session
        }
    }

    /// A new connection, with the schema migrated.
    package func connect() throws -> PostgresConnection {
        let connection = try PostgresConnection(url: url)
        try SchemaMigrator.migrate(connection)
        return connection
    }

    /// Leaves the managed cluster (idempotent); it stops when this was its last user and it was
    /// started on demand.
    package func release() {
        guard let session, let managed else { return }
        self.session = nil
        _ = try? managed.release(session)
    }

    /// The URL with any password replaced by `***`, for printing.
    package var redactedURL: String { Redaction.maskedURL(url) }

    /// Row counts of the dataset tables, in a fixed order.
    package static func counts(_ connection: PostgresConnection) throws -> [(table: String, rows: Int)] {
        let tables = ["master_artist", "master_track", "rel_artist_track", "related_artist_edge", "rel_artist_artist",
                      "master_genre", "artist_popularity", "spotify_artist_profile", "artist_identity", "artist_catalog_profile", "track_source", "track_url", "audio_file", "spectrogram_window", "stored_object", "jobs"]
        // Table names are constants from the list above, never input.
        return try tables.map { table in
            (table, try connection.execute("SELECT count(*) AS n FROM \(table)", purpose: "count \(table)")[0].int("n") ?? 0)
        }
    }
}
