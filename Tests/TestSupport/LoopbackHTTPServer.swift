import FlyingFox
import Foundation
import XCTest

/// A real HTTP server on 127.0.0.1 (FlyingFox, on a free port) answering every request with
/// `handler`: the one fake server the tests build their fake kworb, Spotify and media hosts on.
public final class LoopbackHTTPServer: Sendable {
    /// `http://127.0.0.1:<port>/`.
    public let baseURL: URL
    private let server: HTTPServer
    private let task: Task<Void, Error>

    /// Starts a server and waits until it listens.
    public init(handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
        await server.appendRoute("*", handler: handler)
        let task = Task { try await server.run() }
        do {
            try await server.waitUntilListening()
            guard case .ip4(_, let port)? = await server.listeningAddress else { throw XCTSkip("no IPv4 loopback address") }
            baseURL = URL(string: "http://127.0.0.1:\(port)/")!
        } catch {
            await server.stop()
            task.cancel()
            throw error
        }
        self.server = server
        self.task = task
    }

    /// `baseURL` without the trailing slash (`http://127.0.0.1:<port>`), for building URLs by hand.
    public var origin: String { String(baseURL.absoluteString.dropLast()) }

    /// Stops the server.
    public func stop() async {
        await server.stop()
        task.cancel()
    }
}

extension XCTestCase {
    /// A loopback server answering with `handler`, stopped when the test ends.
    public func startLoopbackServer(_ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) async throws -> LoopbackHTTPServer {
        let server = try await LoopbackHTTPServer(handler: handler)
        addTeardownBlock { await server.stop() }
        return server
    }
}
