import FlyingFox
import Foundation
import TestSupport
import XCTest

/// A fake Spotify (accounts + Web API) on 127.0.0.1 with scripted faults. Each test sets the
/// `script` closure; requests are counted per path.
final class FakeSpotify: Sendable {
    private let server: LoopbackHTTPServer
    let state = FakeState()

    init() async throws {
        let state = self.state
        server = try await LoopbackHTTPServer { request in try await state.respond(request) }
    }

    var baseURL: URL { server.baseURL }
    var apiBase: URL { baseURL.appendingPathComponent("v1/") }

    func stop() async { await server.stop() }
}

/// The fake's behaviour and counters.
actor FakeState {
    typealias Script = @Sendable (HTTPRequest, Int) async throws -> HTTPResponse?
    private var script: Script = { _, _ in nil }
    private var counts: [String: Int] = [:]
    private(set) var tokensIssued = 0
    private(set) var authorizations: [String] = []
    var tokenLifetime: Int = 3600
    var tokenStatus: (Int, String)? = nil

    func setScript(_ script: @escaping Script) { self.script = script }
    func setTokenLifetime(_ seconds: Int) { tokenLifetime = seconds }
    func failTokens(_ status: Int, _ body: String) { tokenStatus = (status, body) }
    func count(_ path: String) -> Int { counts[path, default: 0] }

    func respond(_ request: HTTPRequest) async throws -> HTTPResponse {
        if request.path == "/api/token" {
            authorizations.append(request.headers[HTTPHeader("Authorization")] ?? "")
            if let (status, body) = tokenStatus { return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Error"), body: Data(body.utf8)) }
            tokensIssued += 1
            let body = "{\"access_token\":\"token-\(tokensIssued)\",\"token_type\":\"bearer\",\"expires_in\":\(tokenLifetime)}"
            return HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "application/json"], body: Data(body.utf8))
        }
        counts[request.path, default: 0] += 1
        let n = counts[request.path]!
        if let scripted = try await script(request, n) { return scripted }
        return HTTPResponse(statusCode: .notFound, body: Data("{\"error\":{\"status\":404,\"message\":\"Not found.\"}}".utf8))
    }
}

/// JSON response helper.
func json(_ data: Data, status: Int = 200, headers: [String: String] = [:]) -> HTTPResponse {
    var all: HTTPHeaders = [HTTPHeader("Content-Type"): "application/json"]
    for (k, v) in headers { all[HTTPHeader(k)] = v }
    return HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Status"), headers: all, body: data)
}

func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> HTTPResponse { json(Data(text.utf8), status: status, headers: headers) }

/// A fixture of this target (today's responses), else one of the recorded 2020 responses shared
/// with the MusicGraph tests.
func fixture(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else { return try RecordedFixtures.data(name) }
    return try Data(contentsOf: url)
}
