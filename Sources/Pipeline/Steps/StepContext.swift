import AtlasStore
import Foundation
import KworbScraper
import SimilarArtists
import SpotifyClient

/// What a running step works with: the store, the configuration, the kworb fetcher, the Spotify
/// client (when configured) and where to report.
package final class StepContext {
    /// The store (schema migrated).
    package let connection: PostgresConnection
    /// Sources and behaviour.
    package let configuration: PipelineConfiguration
    /// Writes one line for the user (by default to standard error through `Redaction.scrub`,
    /// the one place log lines are masked).
    package let log: @Sendable (String) -> Void
    /// Whether progress is drawn as a bar.
    package let interactive: Bool
    /// The kworb fetcher (shared limits and cache for the whole run).
    package let fetcher: PageFetcher
    /// The Spotify client, or `nil` when no credentials are configured.
    package let spotify: SpotifyClient?
    /// The Deezer client, or `nil` when Deezer is not configured.
    package let deezer: DeezerClient?
    /// The Last.fm client, or `nil` without a key.
    package let lastFM: LastFMClient?

    /// A context. Fails only when the Spotify or Last.fm configuration is unusable.
    package init(
        connection: PostgresConnection, configuration: PipelineConfiguration, interactive: Bool = isatty(STDERR_FILENO) == 1,
        log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }
    ) throws {
        self.connection = connection
        self.configuration = configuration
        self.log = log
        self.interactive = interactive
        let cache = configuration.pageCacheDirectory.map { PageCache(directory: URL(fileURLWithPath: $0)) }
        fetcher = PageFetcher(policy: configuration.fetchPolicy, cache: cache)
        if let settings = configuration.spotify {
            spotify = try SpotifyClient(credentials: settings.credentials, configuration: settings.configuration)
        } else {
            spotify = nil
        }
        deezer = configuration.deezer.map { DeezerClient(configuration: $0) }
        lastFM = try configuration.lastFM.map { try LastFMClient(apiKey: $0.apiKey, configuration: $0.configuration) }
    }

    /// A progress display for this step.
    package func progress(_ label: String, total: Int, started: Date = Date()) -> StepProgress {
        StepProgress(label, total: total, started: started, interactive: interactive, log: log)
    }

    /// Fetches a kworb page below `spotify/`.
    package func kworbPage(_ path: String) async throws(FetchError) -> Data {
        try await fetcher.fetch(configuration.kworbURL(path)).data
    }
}

/// What a finished step reports.
package struct StepOutcome: Sendable, Equatable {
    /// Rows the step wrote in this run.
    package var rows: Int
    /// One line for the user and the step log.
    package var detail: String

    /// Creates an outcome.
    package init(rows: Int, detail: String) {
        self.rows = rows
        self.detail = detail
    }
}
