import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A Spotify Web API client that keeps working under 2026's restrictions.
///
/// - Client Credentials tokens renewed before expiry by one shared request; a 401 renews once.
/// - A 429 pauses every caller for `Retry-After` plus jitter, within a total budget; a 429 with
///   `QUOTA_EXCEEDED` fails at once. 5xx and network errors retry with exponential backoff.
/// - Retired endpoints (404 related-artists, 403 top-tracks / batch / audio-features) become
///   `endpointUnavailable` and are remembered, so later calls cost no request; batch lookups
///   fall back to one request per id by themselves.
///
/// `Sendable`: share one client across tasks. Credentials and tokens never appear in errors,
/// descriptions or logs.
public final class SpotifyClient: Sendable {
    /// The configuration in force.
    public let configuration: SpotifyConfiguration
    private let session: URLSession
    private let tokens: TokenProvider
    private let gate: RateLimitGate
    private let capabilities = CapabilityRegistry()

    /// Creates a client; credentials default to `SPOTIFY_CLIENT_ID` / `SPOTIFY_CLIENT_SECRET`.
    public init(credentials: SpotifyCredentials? = nil, configuration: SpotifyConfiguration = .fromEnvironment()) throws(SpotifyError) {
        guard let credentials = credentials ?? SpotifyCredentials.fromEnvironment() else { throw .missingCredentials }
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.urlCache = nil
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout
        sessionConfiguration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: sessionConfiguration)
        tokens = TokenProvider(credentials: credentials, configuration: configuration, session: session)
        gate = RateLimitGate(budget: configuration.maxRateLimitWait)
    }

    /// Endpoints found unavailable so far.
    public var unavailableEndpoints: Set<SpotifyEndpoint> { get async { await capabilities.all } }

    /// GETs `path` (relative to the API base) with `query`, and decodes `T`.
    func get<T: Decodable>(_ endpoint: SpotifyEndpoint, _ path: String, query: [URLQueryItem] = [], id: String = "") async throws(SpotifyError) -> T {
        let data = try await send(endpoint, path, query: query, id: id)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .malformedResponse(endpoint, reason: Self.describe(error))
        }
    }

    private func send(_ endpoint: SpotifyEndpoint, _ path: String, query: [URLQueryItem], id: String) async throws(SpotifyError) -> Data {
        guard var components = URLComponents(url: configuration.apiBase.appendingPathComponent(path), resolvingAgainstBaseURL: true) else {
            throw .invalidArgument("path \(path)")
        }
        if !query.isEmpty { components.queryItems = query }  // percent-encoded: '&', '#', '+' are safe (B9)
        guard let url = components.url else { throw .invalidArgument("path \(path)") }
        var failures = 0
        var renewedAfter401 = false
        var lastProblem = ""
        while true {
            if await capabilities.isUnavailable(endpoint) { throw .endpointUnavailable(endpoint) }
            await gate.wait()
            let token = try await tokens.current()
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: configuration.requestTimeout)
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Accept")
            let data: Data, status: Int, response: HTTPURLResponse?
            do {
                let (body, raw) = try await session.data(for: request)
                data = body
                response = raw as? HTTPURLResponse
                status = response?.statusCode ?? 0
            } catch {
                failures += 1
                lastProblem = (error as? URLError).map { "\($0.code.rawValue) \($0.localizedDescription)" } ?? error.localizedDescription
                guard failures < configuration.maxAttempts else { throw .network(endpoint, reason: lastProblem) }
                await backoff(failures)
                continue
            }
            switch status {
            case 200..<300:
                return data
            case 401:
                guard !renewedAfter401 else { throw .unauthorized(endpoint) }
                renewedAfter401 = true
                await tokens.invalidate(token)
            case 429:
                if Self.isQuotaExceeded(data) { throw .quotaExceeded(endpoint) }
                let retryAfter = response?.value(forHTTPHeaderField: "Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 1
                try await gate.pause(retryAfter + Double.random(in: 0...configuration.retryAfterJitter), endpoint: endpoint, retryAfter: retryAfter)
            case 403 where endpoint.isRetirement(status: 403), 404 where endpoint.isRetirement(status: 404):
                await capabilities.markUnavailable(endpoint)
                throw .endpointUnavailable(endpoint)
            case 404:
                throw .notFound(endpoint, id: id)
            case 500..<600:
                failures += 1
                lastProblem = "HTTP \(status)"
                guard failures < configuration.maxAttempts else {
                    throw .http(endpoint, status: status, message: TokenProvider.errorMessage(data))
                }
                await backoff(failures)
            default:
                throw .http(endpoint, status: status, message: TokenProvider.errorMessage(data))
            }
        }
    }

    private func backoff(_ failures: Int) async {
        let delay = configuration.initialBackoff * pow(2, Double(failures - 1)) * Double.random(in: 0.5...1.5)
        try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
    }

    private static func isQuotaExceeded(_ data: Data) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return false }
        return (error["reason"] as? String) == "QUOTA_EXCEEDED"
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return "invalid JSON at \(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context): return "wrong type at \(path(context.codingPath))"
        case DecodingError.valueNotFound(_, let context): return "null at \(path(context.codingPath))"
        default: return error.localizedDescription
        }
    }

    private static func path(_ keys: [CodingKey]) -> String { keys.isEmpty ? "top level" : keys.map(\.stringValue).joined(separator: ".") }
}
