import Foundation

/// How patient the S3 client is: attempts and exponential backoff with full jitter (AWS's
/// advice for `SlowDown` and 5xx answers, so a fleet that was throttled together does not
/// come back together).
package struct RetryPolicy: Sendable {
    /// Attempts per request, the first included.
    package var maxAttempts: Int
    /// Ceiling of the first pause, seconds.
    package var initialBackoff: TimeInterval
    /// Longest pause, seconds.
    package var maxBackoff: TimeInterval
    /// Per-attempt time limit, seconds (a large part gets more: see `timeout(forBytes:)`).
    package var requestTimeout: TimeInterval

    /// A policy.
    package init(maxAttempts: Int = 5, initialBackoff: TimeInterval = 0.2, maxBackoff: TimeInterval = 5, requestTimeout: TimeInterval = 60) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.requestTimeout = requestTimeout
    }

    /// The pause before attempt `attempt + 1` (attempt counts from 1).
    func pause(after attempt: Int) -> TimeInterval {
        let ceiling = min(maxBackoff, initialBackoff * pow(2, Double(attempt - 1)))
        return Double.random(in: ceiling / 2...max(ceiling / 2, ceiling))
    }

    /// The time limit of one attempt sending or receiving `bytes`: the base limit plus a second
    /// per 4 MiB (a slow link must not turn a large part into a timeout loop).
    func timeout(forBytes bytes: Int) -> TimeInterval { requestTimeout + Double(bytes) / Double(4 << 20) }
}
