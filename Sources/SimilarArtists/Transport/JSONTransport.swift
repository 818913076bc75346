import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs JSON politely: requests spaced by `minimumInterval`, each bounded by an overall deadline,
/// and the body parsed as a JSON object (a truncated or non-JSON body is `malformedResponse`).
/// Retrying is the clients' business: both sources report errors inside HTTP 200 bodies.
actor JSONTransport {
    nonisolated let source: String
    let configuration: SourceConfiguration
    private let session: URLSession
    private var nextStart = Date.distantPast

    init(source: String, configuration: SourceConfiguration) {
        self.source = source
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout
        session = URLSession(configuration: sessionConfiguration)
    }

    /// The status and the body of `GET baseURL/path?query`; `call` names it in errors.
    func get(_ path: String, query: [(String, String)], call: String) async throws(SimilarArtistsError) -> (status: Int, body: Data) {
        // Last.fm's endpoint is the base itself, `…/2.0/`; appending "" would drop its final slash.
        let target = path.isEmpty ? configuration.baseURL : configuration.baseURL.appendingPathComponent(path)
        guard var components = URLComponents(url: target, resolvingAgainstBaseURL: false) else {
            throw .network(source: source, call: call, reason: "cannot build the URL")
        }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components.url else { throw .network(source: source, call: call, reason: "cannot build the URL") }
        await pace()
        var request = URLRequest(url: url, timeoutInterval: configuration.requestTimeout)
        request.setValue("MusicAtlas/0.1 (music research dataset builder)", forHTTPHeaderField: "User-Agent")
        let outcome = await Self.fetch(request, on: session, deadline: configuration.requestTimeout)
        switch outcome {
        case .success(let (data, response)): return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        case .failure(let error as URLError) where error.code == .timedOut:
            throw .network(source: source, call: call, reason: String(format: "no complete answer within %.0f s", configuration.requestTimeout))
        case .failure(let error): throw .network(source: source, call: call, reason: error.localizedDescription)
        }
    }

    /// The request raced against its deadline; the loser is cancelled.
    private static func fetch(_ request: URLRequest, on session: URLSession, deadline: TimeInterval) async -> Result<(Data, URLResponse), any Error> {
        await withTaskGroup(of: Result<(Data, URLResponse), any Error>?.self) { group in
            group.addTask {
                do { return .success(try await session.data(for: request)) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(deadline * 1e9))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(URLError(.timedOut))
        }
    }

    /// The JSON object in `body` (a truncated or non-JSON body is `malformedResponse`).
    nonisolated func object(_ body: Data, status: Int, call: String) throws(SimilarArtistsError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            throw .malformedResponse(source: source, call: call, reason: "HTTP \(status), \(body.count) bytes that are not a JSON object")
        }
        return object
    }

    private func pace() async {
        let now = Date()
        let start = max(now, nextStart)
        nextStart = start.addingTimeInterval(configuration.minimumInterval)
        let wait = start.timeIntervalSince(now)
        if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
    }

    /// Sleeps before retry `attempt` (1-based): `initialBackoff · 2^(attempt−1)`.
    func backoff(_ attempt: Int) async {
        let delay = configuration.initialBackoff * pow(2, Double(attempt - 1))
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
    }
}
