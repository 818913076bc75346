import Foundation

/// Where the client talks to and how patiently.
public struct SpotifyConfiguration: Sendable {
    /// Web API base, default `https://api.spotify.com/v1/` (env `SPOTIFY_API_BASE`).
    public var apiBase: URL
    /// Accounts service base, default `https://accounts.spotify.com/` (env `SPOTIFY_ACCOUNTS_BASE`).
    public var accountsBase: URL
    /// Total time all callers together may spend paused by 429s before failing typed.
    public var maxRateLimitWait: TimeInterval
    /// Attempts per request on 5xx and network errors.
    public var maxAttempts: Int
    /// First backoff for 5xx / network errors; doubled per attempt with jitter.
    public var initialBackoff: TimeInterval
    /// Timeout of one request.
    public var requestTimeout: TimeInterval
    /// Renew the token when less than this much of its life remains.
    public var tokenRenewalMargin: TimeInterval
    /// Extra random pause added to each `Retry-After` (seconds, upper bound).
    public var retryAfterJitter: TimeInterval

    /// A configuration; defaults: Spotify's hosts, 10 minutes of 429 waiting, 4 attempts,
    /// 0.5 s first backoff, 30 s per request, renewal 60 s before expiry, up to 1 s jitter.
    public init(
        apiBase: URL = URL(string: "https://api.spotify.com/v1/")!, accountsBase: URL = URL(string: "https://accounts.spotify.com/")!,
        maxRateLimitWait: TimeInterval = 600, maxAttempts: Int = 4, initialBackoff: TimeInterval = 0.5,
        requestTimeout: TimeInterval = 30, tokenRenewalMargin: TimeInterval = 60, retryAfterJitter: TimeInterval = 1
    ) {
        self.apiBase = apiBase
        self.accountsBase = accountsBase
        self.maxRateLimitWait = maxRateLimitWait
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.requestTimeout = requestTimeout
        self.tokenRenewalMargin = tokenRenewalMargin
        self.retryAfterJitter = retryAfterJitter
    }

    /// The defaults with base URLs overridden by `SPOTIFY_API_BASE` / `SPOTIFY_ACCOUNTS_BASE`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SpotifyConfiguration {
        var configuration = SpotifyConfiguration()
        if let api = environment["SPOTIFY_API_BASE"].flatMap(URL.init(string:)) { configuration.apiBase = api }
        if let accounts = environment["SPOTIFY_ACCOUNTS_BASE"].flatMap(URL.init(string:)) { configuration.accountsBase = accounts }
        return configuration
    }
}
