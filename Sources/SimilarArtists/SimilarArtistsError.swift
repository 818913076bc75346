import Redaction

/// Why a Deezer or Last.fm call failed. Every case names the source and the call (never the
/// Last.fm API key, which travels in the query string).
public enum SimilarArtistsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The artist, track or ISRC does not exist there (Deezer code 800, Last.fm error 6).
    case notFound(source: String, what: String)
    /// The source kept answering "too many requests" (Deezer code 4, Last.fm 29, HTTP 429)
    /// through every retry.
    case rateLimited(source: String, call: String, attempts: Int)
    /// The API key is missing, invalid or suspended (Last.fm 10 / 26).
    case invalidKey(source: String, reason: String)
    /// The source answered an error this client does not retry (Deezer code 100 items limit, …).
    case api(source: String, call: String, code: Int, message: String)
    /// The answer is not the JSON the call returns (truncated, HTML, wrong shape).
    case malformedResponse(source: String, call: String, reason: String)
    /// The request failed or did not complete within its deadline.
    case network(source: String, call: String, reason: String)

    /// The message, with any credential masked.
    public var description: String { Redaction.scrub(unmaskedDescription) }

    private var unmaskedDescription: String {
        switch self {
        case .notFound(let source, let what): return "\(source): not found: \(what)"
        case .rateLimited(let source, let call, let attempts): return "\(source) \(call): rate limited after \(attempts) attempts"
        case .invalidKey(let source, let reason): return "\(source): API key problem: \(reason)"
        case .api(let source, let call, let code, let message): return "\(source) \(call): error \(code): \(message)"
        case .malformedResponse(let source, let call, let reason): return "\(source) \(call): malformed response (\(reason))"
        case .network(let source, let call, let reason): return "\(source) \(call): network error (\(reason))"
        }
    }
}
