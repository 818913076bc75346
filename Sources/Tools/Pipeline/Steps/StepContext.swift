import Foundation
import KworbScraper
import SpotifyClient

/// What a running step works with: the store, the configuration, the kworb fetcher, the Spotify
/// client (when configured) and where to report.
public final class StepContext {
    /// The store (schema migrated).
    public let connection: PostgresConnection
    /// Sources and behaviour.
    public let configuration: PipelineConfiguration
    /// Writes one line for the user (standard error by default).
    public let log: @Sendable (String) -> Void
    /// Whether progress is drawn as a bar.
    public let interactive: Bool
    /// The kworb fetcher (shared limits and cache for the whole run).
    public let fetcher: PageFetcher
    /// The Spotify client, or `nil` when no credentials are configured.
    public let spotify: SpotifyClient?

    /// A context. Fails only when the Spotify configuration is unusable.
    public init(
        connection: PostgresConnection, configuration: PipelineConfiguration, interactive: Bool = isatty(STDERR_FILENO) == 1,
        log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }
    ) throws(SpotifyError) {
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
    }

    /// A progress display for this step.
    public func progress(_ label: String, total: Int) -> StepProgress {
        StepProgress(label, total: total, interactive: interactive, log: log)
    }

    /// Fetches a kworb page below `spotify/`.
    public func kworbPage(_ path: String) async throws(FetchError) -> Data {
        try await fetcher.fetch(configuration.kworbURL(path)).data
    }
}

/// What a finished step reports.
public struct StepOutcome: Sendable, Equatable {
    /// Rows the step wrote in this run.
    public var rows: Int
    /// One line for the user and the step log.
    public var detail: String

    /// Creates an outcome.
    public init(rows: Int, detail: String) {
        self.rows = rows
        self.detail = detail
    }
}
