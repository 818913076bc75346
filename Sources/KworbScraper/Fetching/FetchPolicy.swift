import Foundation

/// How politely and persistently pages are fetched.
public struct FetchPolicy: Sendable {
    /// Requests in flight at once.
    public var maxConcurrentRequests: Int
    /// Minimum time between the starts of two requests to one host.
    public var minimumDelayPerHost: TimeInterval
    /// Attempts per page (first try included) for 429, 5xx and network errors.
    public var maxAttempts: Int
    /// First backoff; doubled per attempt, with ±50 % jitter.
    public var initialBackoff: TimeInterval
    /// Cap on one backoff (and on an honoured `Retry-After`).
    public var maxBackoff: TimeInterval
    /// Cap on the total time one page may spend waiting to be retried.
    public var maxTotalWait: TimeInterval
    /// Overall deadline of one request, from sending it to its last byte (not an idle timeout:
    /// a server trickling bytes is cut off too).
    public var requestTimeout: TimeInterval
    /// Largest body accepted; a larger one is refused as soon as its size is known.
    public var maxBodyBytes: Int64
    /// The User-Agent sent with every request.
    public var userAgent: String

    /// A policy; defaults: 4 at once, 0.5 s between requests to a host, 5 attempts, backoff
    /// 0.5 s … 30 s, at most 2 minutes of waiting per page, 30 s per request, bodies up to 32 MiB
    /// (kworb's largest page is about 1.5 MB).
    public init(
        maxConcurrentRequests: Int = 4, minimumDelayPerHost: TimeInterval = 0.5, maxAttempts: Int = 5,
        initialBackoff: TimeInterval = 0.5, maxBackoff: TimeInterval = 30, maxTotalWait: TimeInterval = 120,
        requestTimeout: TimeInterval = 30, maxBodyBytes: Int64 = 32 << 20,
        userAgent: String = "MusicAtlas/0.1 (music research dataset builder; polite crawler)"
    ) {
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.minimumDelayPerHost = max(0, minimumDelayPerHost)
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxTotalWait = maxTotalWait
        self.requestTimeout = requestTimeout
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.userAgent = userAgent
    }
}
