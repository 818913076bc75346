import Foundation

/// Where a similar-artist source is and how patient and polite a client is with it.
public struct SourceConfiguration: Sendable {
    /// The API root (`https://api.deezer.com/`, `https://ws.audioscrobbler.com/2.0/`).
    public var baseURL: URL
    /// Least time between two request starts (Deezer allows about 50 requests per 5 s per IP).
    public var minimumInterval: TimeInterval
    /// Attempts per call for rate limits and transient errors (first try included).
    public var maxAttempts: Int
    /// First backoff after a rate limit; doubled per attempt.
    public var initialBackoff: TimeInterval
    /// Overall deadline of one request, from sending it to its last byte.
    public var requestTimeout: TimeInterval

    /// A configuration.
    public init(baseURL: URL, minimumInterval: TimeInterval = 0.12, maxAttempts: Int = 5, initialBackoff: TimeInterval = 1,
                requestTimeout: TimeInterval = 20) {
        self.baseURL = baseURL
        self.minimumInterval = max(0, minimumInterval)
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = max(0, initialBackoff)
        self.requestTimeout = requestTimeout
    }

    /// Deezer: `DEEZER_API_BASE`, else `https://api.deezer.com/`; 0.12 s between requests keeps
    /// under its ~50 requests per 5 s.
    public static func deezer(environment: [String: String] = ProcessInfo.processInfo.environment) -> SourceConfiguration {
        SourceConfiguration(baseURL: url(environment["DEEZER_API_BASE"]) ?? URL(string: "https://api.deezer.com/")!)
    }

    /// Last.fm: `LASTFM_API_BASE`, else `https://ws.audioscrobbler.com/2.0/`; 0.25 s between
    /// requests (Last.fm asks for no more than a few per second).
    public static func lastFM(environment: [String: String] = ProcessInfo.processInfo.environment) -> SourceConfiguration {
        SourceConfiguration(baseURL: url(environment["LASTFM_API_BASE"]) ?? URL(string: "https://ws.audioscrobbler.com/2.0/")!,
                            minimumInterval: 0.25)
    }

    private static func url(_ text: String?) -> URL? {
        guard let text, !text.isEmpty else { return nil }
        return URL(string: text.hasSuffix("/") ? text : text + "/")
    }
}
