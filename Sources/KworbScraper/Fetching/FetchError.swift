/// Why a page could not be fetched. Every case names the URL.
public enum FetchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server answered with a status that retrying cannot fix (404, 403, …).
    case httpStatus(url: String, status: Int)
    /// Retries were exhausted (attempts or total wait) on 429 / 5xx / network errors.
    case gaveUp(url: String, attempts: Int, waited: Double, lastProblem: String)
    /// The URL cannot be requested.
    case invalidURL(String)
    /// The body is larger than the policy's `maxBodyBytes` (not retried).
    case tooLarge(url: String, limit: Int64)
    /// The redirects repeat a URL or do not end (not retried); `chain` is the URLs followed.
    case redirectLoop(url: String, chain: [String])
    /// The page could not be stored in the cache.
    case cache(url: String, reason: String)

    public var description: String {
        switch self {
        case .httpStatus(let url, let status): return "\(url): HTTP \(status)"
        case .gaveUp(let url, let attempts, let waited, let last):
            return "\(url): gave up after \(attempts) attempt\(attempts == 1 ? "" : "s") and \(Int(waited.rounded())) s of waiting (last: \(last))"
        case .invalidURL(let url): return "\(url): not an http(s) URL"
        case .tooLarge(let url, let limit): return "\(url): the response is larger than \(limit) bytes (refused, not retried)"
        case .redirectLoop(let url, let chain):
            return "\(url): redirect loop after \(chain.count - 1) hops (\(chain.suffix(3).joined(separator: " → "))); not retried"
        case .cache(let url, let reason): return "\(url): cache write failed: \(reason)"
        }
    }
}
