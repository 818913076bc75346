import AtlasStore
import Foundation
import LocalServices

/// Which database the pipeline uses: `DATABASE_URL` when set, otherwise the managed local cluster
/// under the data directory, started on demand and — when this process started it — stopped by
/// `release()`.
package final class AtlasDatabase {
    /// The data directory (`MUSICATLAS_DATA`, default `./atlas-data`).
    package let dataDirectory: String
    /// The connection URL in use.
    package let url: String
    private let managed: LocalPostgres?
    private let startedHere: Bool

    /// Resolves the database from the environment, starting the managed cluster if needed.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String? = nil) throws(PostgresError) {
        self.dataDirectory = dataDirectory ?? environment["MUSICATLAS_DATA"] ?? "atlas-data"
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            self.url = url
            managed = nil
            startedHere = false
        } else {
            let local = try LocalPostgres(dataDirectory: self.dataDirectory)
            let wasRunning = local.isRunning
            url = try local.start()
            managed = local
            startedHere = !wasRunning
        }
    }

    /// A new connection, with the schema migrated.
    package func connect() throws -> PostgresConnection {
        let connection = try PostgresConnection(url: url)
        try SchemaMigrator.migrate(connection)
        return connection
    }

    /// Stops the managed cluster if this process started it.
    package func release() {
        if startedHere { try? managed?.stop() }
    }

    /// The URL with any password replaced by `***`, for printing.
    package var redactedURL: String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    /// Row counts of the dataset tables, in a fixed order.
    package static func counts(_ connection: PostgresConnection) throws -> [(table: String, rows: Int)] {
        let tables = ["master_artist", "master_track", "rel_artist_track", "related_artist_edge", "rel_artist_artist",
                      "master_genre", "artist_popularity", "spotify_artist_profile", "track_source", "track_url", "jobs"]
        // Table names are constants from the list above, never input.
        return try tables.map { table in
            (table, try connection.execute("SELECT count(*) AS n FROM \(table)", purpose: "count \(table)")[0].int("n") ?? 0)
        }
    }
}
