import Foundation
import FoundationNetworking
import Redaction
#if canImport(FoundationNetworking)
#endif

/// Client Credentials tokens: fetched on demand, renewed `tokenRenewalMargin` before expiry, and
/// renewed by **one** request however many callers need a token at once (they all await it).
actor TokenProvider {
    private let credentials: SpotifyCredentials
    private let configuration: SpotifyConfiguration
    private let session: URLSession
    private var token: (value: String, expires: Date)?
    private var renewal: Task<(String, Date), Error>?

    init(credentials: SpotifyCredentials, configuration: SpotifyConfiguration, session: URLSession) {
        // Whatever the accounts service echoes back is masked in every error and log line.
        Redaction.register(credentials.clientSecret)
        Redaction.register(String(credentials.basicAuthorization.dropFirst("Basic ".count)))
        self.credentials = credentials
        self.configuration = configuration
        self.session = session
    }

    /// A token with more than the renewal margin left.
    func current() async throws(SpotifyError) -> String {
        if let token, token.expires.timeIntervalSinceNow > configuration.tokenRenewalMargin { return token.value }
        return try await renew()
    }

    /// Forgets `value` (after a 401) so the next `current()` renews.
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
    }

    private func renew() async throws(SpotifyError) -> String {
        let task: Task<(String, Date), Error>
        if let renewal {
            task = renewal
        } else {
            task = Task { try await self.requestToken() }
            renewal = task
        }
        do {
            let (value, expires) = try await task.value
            token = (value, expires)
            renewal = nil
            return value
        } catch {
            renewal = nil
            throw (error as? SpotifyError) ?? .network(.token, reason: error.localizedDescription)
        }
    }

    private func requestToken() async throws -> (String, Date) {
        var request = URLRequest(url: configuration.accountsBase.appendingPathComponent("api/token"))
        request.httpMethod = "POST"
        request.timeoutInterval = configuration.requestTimeout
        request.setValue(credentials.basicAuthorization, forHTTPHeaderField: "Authorization")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("grant_type=client_credentials".utf8)
        var lastProblem = ""
        for attempt in 1...configuration.maxAttempts {
            do {
                let (data, response) = try await session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                if status == 200 {
                    struct Body: Decodable { let access_token: String; let token_type: String?; let expires_in: Double }
                    guard let body = try? JSONDecoder().decode(Body.self, from: data) else {
                        throw SpotifyError.malformedResponse(.token, reason: "no access_token/expires_in")
                    }
                    return (body.access_token, Date().addingTimeInterval(body.expires_in))
                }
                let message = Self.errorMessage(data)
                if status == 400 || status == 401 || status == 403 { throw SpotifyError.invalidCredentials(reason: message.isEmpty ? "HTTP \(status)" : message) }
                if status == 429 || status >= 500 {
                    lastProblem = "HTTP \(status)"
                } else {
                    throw SpotifyError.http(.token, status: status, message: message)
                }
            } catch let error as SpotifyError {
                throw error
            } catch {
                lastProblem = error.localizedDescription
            }
            if attempt < configuration.maxAttempts {
                try? await Task.sleep(nanoseconds: UInt64(configuration.initialBackoff * pow(2, Double(attempt - 1)) * 1e9))
            }
        }
        throw SpotifyError.network(.token, reason: lastProblem)
    }

    /// `error_description`, `error` or `error.message` from an error body, never the request.
    static func errorMessage(_ data: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return "" }
        if let description = object["error_description"] as? String { return description }
        if let error = object["error"] as? String { return error }
        if let error = object["error"] as? [String: Any], let message = error["message"] as? String { return message }
        return ""
    }
}
