import Redaction

/// Why a Spotify call failed. Every case names the endpoint; none carries a secret or a token.
public enum SpotifyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No credentials were given (set `SPOTIFY_CLIENT_ID` / `SPOTIFY_CLIENT_SECRET`).
    case missingCredentials
    /// The accounts service rejected the credentials (`invalid_client`).
    case invalidCredentials(reason: String)
    /// A renewed token was still refused (401 twice).
    case unauthorized(SpotifyEndpoint)
    /// 429s kept coming past the configured total wait.
    case rateLimited(SpotifyEndpoint, retryAfter: Double)
    /// 429 with `reason: QUOTA_EXCEEDED`: the account's quota is spent; waiting does not help.
    case quotaExceeded(SpotifyEndpoint)
    /// The endpoint is retired for this app (404/403 by Spotify's 2024–2026 changes); remembered.
    case endpointUnavailable(SpotifyEndpoint)
    /// The id does not exist (404 on a single-id fetch).
    case notFound(SpotifyEndpoint, id: String)
    /// Another HTTP error.
    case http(SpotifyEndpoint, status: Int, message: String)
    /// The body is not the JSON the endpoint documents.
    case malformedResponse(SpotifyEndpoint, reason: String)
    /// The network failed (after retries).
    case network(SpotifyEndpoint, reason: String)
    /// A bad argument (for example a search limit above 10).
    case invalidArgument(String)

    /// The message, with every credential masked (`Redaction`): server replies quoted here may
    /// echo what the request carried.
    public var description: String { Redaction.scrub(unmaskedDescription) }

    private var unmaskedDescription: String {
        switch self {
        case .missingCredentials: return "no Spotify credentials: set SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET"
        case .invalidCredentials(let reason): return "\(SpotifyEndpoint.token.rawValue): credentials rejected (\(reason))"
        case .unauthorized(let e): return "\(e.rawValue): unauthorized even with a fresh token"
        case .rateLimited(let e, let after): return "\(e.rawValue): rate limited (Retry-After \(Int(after)) s) beyond the wait budget"
        case .quotaExceeded(let e): return "\(e.rawValue): quota exceeded (QUOTA_EXCEEDED)"
        case .endpointUnavailable(let e): return "\(e.rawValue): endpoint unavailable to this app (retired by Spotify)"
        case .notFound(let e, let id): return "\(e.rawValue): no such id \(id)"
        case .http(let e, let status, let message): return "\(e.rawValue): HTTP \(status)\(message.isEmpty ? "" : ": \(message)")"
        case .malformedResponse(let e, let reason): return "\(e.rawValue): malformed response (\(reason))"
        case .network(let e, let reason): return "\(e.rawValue): network error (\(reason))"
        case .invalidArgument(let what): return "invalid argument: \(what)"
        }
    }
}
