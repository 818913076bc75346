import FlyingFox
import Foundation
import KworbScraper
import TestSupport
import XCTest

/// The fetcher's limits against hostile servers: a response trickling 10 bytes a second, a body
/// claiming 5.9 GB, a 5.9 GB chunked body, a redirect loop, and a 429 asking for a day.
final class FetcherLimitTests: XCTestCase {
    private let policy = FetchPolicy(maxConcurrentRequests: 2, minimumDelayPerHost: 0, maxAttempts: 2, initialBackoff: 0.05,
                                     maxBackoff: 2, maxTotalWait: 10, requestTimeout: 1.5, maxBodyBytes: 1 << 20)

    func testATricklingResponseIsCutAtTheDeadlineAndTheAttemptsAreCounted() async throws {
        let server = try RawHTTPServer { socket in
            RawHTTPServer.send(socket, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n")
            for _ in 0..<1000 where RawHTTPServer.send(socket, "x") { usleep(100_000) }
        }
        defer { server.stop() }
        let started = Date()
        do {
            _ = try await PageFetcher(policy: policy).fetch(server.url("slow.html"))
            XCTFail("a trickle must not complete")
        } catch {
            guard case .gaveUp(_, let attempts, _, let last) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(attempts, 2)
            XCTAssertTrue(last.contains("deadline"), last)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "cut at the deadline, not after the 100 s trickle")
    }

    func testABodyLargerThanTheCapIsRefusedWithoutReadingIt() async throws {
        // What each server managed to write, so the test can wait for the connection to end.
        let declaredSent = ByteTally(), endlessSent = ByteTally()
        let declared = try RawHTTPServer { socket in
            RawHTTPServer.send(socket, "HTTP/1.1 200 OK\r\nContent-Length: 5898240000\r\n\r\n")
            let chunk = String(repeating: "y", count: 65_536)
            for _ in 0..<90_000 where RawHTTPServer.send(socket, chunk) { declaredSent.add(chunk.utf8.count) }
            declaredSent.finish()
        }
        defer { declared.stop() }
        let endless = try RawHTTPServer { socket in
            RawHTTPServer.send(socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "z", count: 65_536)
            let frame = String(chunk.utf8.count, radix: 16) + "\r\n" + chunk + "\r\n"
            for _ in 0..<90_000 where RawHTTPServer.send(socket, frame) { endlessSent.add(frame.utf8.count) }
            endlessSent.finish()
        }
        defer { endless.stop() }
        for (server, sent) in [(declared, declaredSent), (endless, endlessSent)] {
            do {
                _ = try await PageFetcher(policy: policy).fetch(server.url("big.html"))
                XCTFail("a body over the cap must be refused")
            } catch {
                XCTAssertEqual(error, .tooLarge(url: server.url("big.html").absoluteString, limit: 1 << 20))
            }
            // The body is streamed with backpressure: once refused, nothing more is read, so the
            // server wrote at most the cap plus the kernel's socket buffers, not its 5.9 GB.
            XCTAssertLessThan(sent.total, 64 << 20, "refused only after \(sent.total) bytes")
            XCTAssertEqual(server.connections, 1, "a body that is too large is not retried")
            let deadline = Date().addingTimeInterval(120)
            while !sent.isFinished, Date() < deadline { usleep(20_000) }
            XCTAssertTrue(sent.isFinished, "the server never saw the fetcher hang up")
        }
    }

    func testARedirectLoopIsAPermanentErrorAfterOneChain() async throws {
        let log = RequestLog()
        let server = try await startLoopbackServer { request in
            _ = await log.begin(request)
            let next = request.path == "/a.html" ? "/b.html" : "/a.html"
            return HTTPResponse(statusCode: HTTPStatusCode(302, phrase: "Found"), headers: [HTTPHeader("Location"): next])
        }
        do {
            _ = try await PageFetcher(policy: policy).fetch(server.baseURL.appendingPathComponent("a.html"))
            XCTFail("a loop must not succeed")
        } catch {
            guard case .redirectLoop(_, let chain) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(chain.count, 3, "\(chain)")
            XCTAssertTrue("\(error)".contains("not retried"))
        }
        let requests = await log.count
        XCTAssertLessThanOrEqual(requests, 3, "one chain, not one per attempt")
    }

    func testARetryAfterBeyondTheBudgetGivesUpAfterOneAttemptAndSaysSo() async throws {
        let server = try await startLoopbackServer { _ in
            HTTPResponse(statusCode: HTTPStatusCode(429, phrase: "Too Many Requests"), headers: [HTTPHeader("Retry-After"): "86400"])
        }
        let started = Date()
        do {
            _ = try await PageFetcher(policy: policy).fetch(server.baseURL.appendingPathComponent("x.html"))
            XCTFail("must give up")
        } catch {
            guard case .gaveUp(_, let attempts, let waited, let last) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(attempts, 1)
            XCTAssertEqual(waited, 0)
            XCTAssertTrue(last.contains("Retry-After 86400 s is beyond the wait budget"), last)
            XCTAssertTrue("\(error)".contains("after 1 attempt and"), "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 600, "did not sleep the day it asked for")
    }
}

/// Bytes a raw server wrote, and whether it has stopped writing (its peer hung up, or it ran out).
final class ByteTally: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = 0
    private var done = false

    var total: Int { lock.withLock { bytes } }
    var isFinished: Bool { lock.withLock { done } }

    func add(_ count: Int) { lock.withLock { bytes += count } }
    func finish() { lock.withLock { done = true } }
}

/// A loopback TCP server that reads a request and hands the socket to `respond` (on a thread of
/// its own per connection), for byte-exact misbehaviour FlyingFox will not produce.
final class RawHTTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0
    private var stopped = false

    /// Connections accepted so far.
    var connections: Int { lock.withLock { accepted } }

    init(respond: @escaping @Sendable (Int32) -> Void) throws {
        (listener, port) = LoopbackListener.open()
        serve(respond)
    }

    private func serve(_ respond: @escaping @Sendable (Int32) -> Void) {
        let descriptor = listener
        Thread { [self] in
            while true {
                let client = accept(descriptor, nil, nil)
                guard client >= 0, !lock.withLock({ stopped }) else { return }
                lock.withLock { accepted += 1 }
                Thread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = recv(client, &buffer, buffer.count, 0)
                    respond(client)
                    close(client)
                }.start()
            }
        }.start()
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)/\(path)")! }

    /// Writes `text`; `false` once the peer has gone.
    @discardableResult
    static func send(_ socket: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
