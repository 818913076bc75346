import FlyingFox
import Foundation
import TestSupport
import XCTest

/// A committed fixture page.
func fixture(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
        throw XCTSkip("fixture \(name) missing from the bundle")
    }
    return try Data(contentsOf: url)
}

/// A real HTTP server on 127.0.0.1 (FlyingFox) with a scripted handler, stopped at teardown.
final class LoopbackServer: @unchecked Sendable {
    let server: HTTPServer
    private var task: Task<Void, Error>?
    private(set) var baseURL: URL!

    init(handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws {
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        await server.appendRoute("*", handler: handler)
        let server = self.server
        task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, let port)? = await server.listeningAddress else { throw XCTSkip("no loopback address") }
        baseURL = URL(string: "http://127.0.0.1:\(port)/")!
    }

    func stop() async {
        await server.stop()
        task?.cancel()
    }
}

/// Counts requests and concurrency on the server side.
actor RequestLog {
    private(set) var count = 0
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var startTimes: [Date] = []
    private(set) var userAgents: [String] = []
    private(set) var validators: [String] = []

    func begin(_ request: HTTPRequest) -> Int {
        count += 1
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        startTimes.append(Date())
        userAgents.append(request.headers[HTTPHeader("User-Agent")] ?? "")
        validators.append(request.headers[HTTPHeader("If-None-Match")] ?? "")
        return count
    }

    func end() { inFlight -= 1 }
}
