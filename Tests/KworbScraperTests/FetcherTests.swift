import FlyingFox
import Foundation
import TestSupport
import KworbScraper
import XCTest

/// The fetcher against a real HTTP server on 127.0.0.1 that injects 429 with Retry-After, 503
/// bursts, slow responses, 404 and 304 Not Modified. Every scenario ends in success or a typed
/// error within a bounded time.
final class FetcherTests: XCTestCase {
    private let fast = FetchPolicy(maxConcurrentRequests: 4, minimumDelayPerHost: 0, maxAttempts: 4, initialBackoff: 0.05,
                                   maxBackoff: 2, maxTotalWait: 10, requestTimeout: 5)

    private func server(_ handler: @escaping @Sendable (HTTPRequest, Int) async throws -> HTTPResponse) async throws -> (LoopbackHTTPServer, RequestLog) {
        let log = RequestLog()
        let server = try await LoopbackHTTPServer { request in
            let n = await log.begin(request)
            defer { Task { await log.end() } }
            return try await handler(request, n)
        }
        addTeardownBlock { await server.stop() }
        return (server, log)
    }

    func testRetryAfterIsHonoured() async throws {
        let (server, log) = try await server { _, n in
            n == 1 ? HTTPResponse(statusCode: HTTPStatusCode(429, phrase: "Too Many Requests"), headers: [HTTPHeader("Retry-After"): "1"])
                : HTTPResponse(statusCode: .ok, body: Data("<html>ok</html>".utf8))
        }
        let started = Date()
        let page = try await PageFetcher(policy: fast).fetch(server.baseURL.appendingPathComponent("spotify/artists.html"))
        XCTAssertEqual(page.attempts, 2)
        XCTAssertEqual(String(decoding: page.data, as: UTF8.self), "<html>ok</html>")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.0, "waited Retry-After")
        let requests = await log.count
        XCTAssertEqual(requests, 2)
        let agents = await log.userAgents
        XCTAssertTrue(agents.allSatisfy { $0.hasPrefix("MusicAtlas/") }, "\(agents)")
    }

    func testServiceUnavailableBurstIsRetried() async throws {
        let (server, _) = try await server { _, n in
            n <= 3 ? HTTPResponse(statusCode: HTTPStatusCode(503, phrase: "Service Unavailable")) : HTTPResponse(statusCode: .ok, body: Data("fine".utf8))
        }
        let page = try await PageFetcher(policy: fast).fetch(server.baseURL.appendingPathComponent("x.html"))
        XCTAssertEqual(page.attempts, 4)
    }

    func testPersistentFailureGivesUpTyped() async throws {
        let (server, log) = try await server { _, _ in HTTPResponse(statusCode: HTTPStatusCode(503, phrase: "Service Unavailable")) }
        do {
            _ = try await PageFetcher(policy: fast).fetch(server.baseURL.appendingPathComponent("x.html"))
            XCTFail("expected an error")
        } catch {
            guard case .gaveUp(_, 4, _, "HTTP 503") = error else { return XCTFail("\(error)") }
        }
        let requests = await log.count
        XCTAssertEqual(requests, 4)
    }

    func testRetryAfterBeyondTheTotalBudgetGivesUpAtOnce() async throws {
        let (server, log) = try await server { _, _ in
            HTTPResponse(statusCode: HTTPStatusCode(429, phrase: "Too Many Requests"), headers: [HTTPHeader("Retry-After"): "3600"])
        }
        let policy = FetchPolicy(minimumDelayPerHost: 0, maxAttempts: 5, maxBackoff: 3600, maxTotalWait: 5)
        do {
            _ = try await PageFetcher(policy: policy).fetch(server.baseURL.appendingPathComponent("x.html"))
            XCTFail("expected an error")
        } catch {
            guard case .gaveUp(_, 1, let waited, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(waited, 0, "gave up without sleeping any of the hour it was asked to wait")
        }
        let requests = await log.count
        XCTAssertEqual(requests, 1)
    }

    func testNotFoundIsNotRetried() async throws {
        let (server, log) = try await server { _, _ in HTTPResponse(statusCode: .notFound) }
        do {
            _ = try await PageFetcher(policy: fast).fetch(server.baseURL.appendingPathComponent("spotify/artist/nobody.html"))
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error, .httpStatus(url: server.baseURL.appendingPathComponent("spotify/artist/nobody.html").absoluteString, status: 404))
        }
        let requests = await log.count
        XCTAssertEqual(requests, 1)
    }

    func testSlowServerTimesOutAndIsBounded() async throws {
        let (server, _) = try await server { _, _ in
            try await Task.sleep(nanoseconds: 60_000_000_000)
            return HTTPResponse(statusCode: .ok)
        }
        let policy = FetchPolicy(minimumDelayPerHost: 0, maxAttempts: 2, initialBackoff: 0.05, maxTotalWait: 5, requestTimeout: 0.5)
        let started = Date()
        do {
            _ = try await PageFetcher(policy: policy).fetch(server.baseURL.appendingPathComponent("slow.html"))
            XCTFail("expected an error")
        } catch {
            guard case .gaveUp(_, 2, _, let last) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(last.contains("deadline"), last)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "two 0.5 s deadlines, not the server's minute")
    }

    func testRerunRevalidatesWithETagAndGets304() async throws {
        let (server, log) = try await server { request, _ in
            if request.headers[HTTPHeader("If-None-Match")] == "\"v1\"" { return HTTPResponse(statusCode: .notModified) }
            return HTTPResponse(statusCode: .ok, headers: [HTTPHeader("ETag"): "\"v1\"", HTTPHeader("Last-Modified"): "Sat, 28 Nov 2026 10:00:00 GMT"],
                                body: Data("<html>page</html>".utf8))
        }
        let dir = NSTemporaryDirectory() + "kworb-cache-\(UUID().uuidString)"
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let cache = PageCache(directory: URL(fileURLWithPath: dir))
        let url = server.baseURL.appendingPathComponent("spotify/country/es_weekly_totals.html")
        let first = try await PageFetcher(policy: fast, cache: cache).fetch(url)
        XCTAssertEqual(first.origin, .network)
        let second = try await PageFetcher(policy: fast, cache: cache).fetch(url)
        XCTAssertEqual(second.origin, .revalidated)
        XCTAssertEqual(second.data, first.data)
        let validators = await log.validators
        XCTAssertEqual(validators, ["", "\"v1\""])
        let fresh = try await PageFetcher(policy: fast, cache: cache, freshFor: 3600).fetch(url)
        XCTAssertEqual(fresh.origin, .cache)
        let requests = await log.count
        XCTAssertEqual(requests, 2, "a fresh cache entry costs no request")
    }

    func testConcurrencyLimitAndPerHostDelay() async throws {
        let (server, log) = try await server { _, _ in
            try await Task.sleep(nanoseconds: 50_000_000)
            return HTTPResponse(statusCode: .ok, body: Data("x".utf8))
        }
        let urls = (0..<12).map { server.baseURL.appendingPathComponent("p\($0).html") }
        let limited = FetchPolicy(maxConcurrentRequests: 3, minimumDelayPerHost: 0, maxAttempts: 1)
        let progress = ProgressRecorder()
        let results = await PageFetcher(policy: limited).fetchAll(urls) { done, total in progress.record(done, total) }
        XCTAssertTrue(results.allSatisfy { (try? $0.get()) != nil })
        let peak = await log.maxInFlight
        XCTAssertLessThanOrEqual(peak, 3)
        XCTAssertEqual(progress.values.last, 12)

        let (paced, pacedLog) = try await self.server { _, _ in HTTPResponse(statusCode: .ok) }
        let spaced = FetchPolicy(maxConcurrentRequests: 4, minimumDelayPerHost: 0.2, maxAttempts: 1)
        _ = await PageFetcher(policy: spaced).fetchAll((0..<5).map { paced.baseURL.appendingPathComponent("q\($0).html") })
        let starts = await pacedLog.startTimes.sorted()
        for (a, b) in zip(starts, starts.dropFirst()) { XCTAssertGreaterThanOrEqual(b.timeIntervalSince(a), 0.15) }
    }

    func testRetryAfterParsesSecondsAndDates() {
        XCTAssertEqual(RetryAfter.seconds("7"), 7)
        XCTAssertEqual(RetryAfter.seconds("Thu, 01 Jan 1970 00:00:00 GMT"), 0)
        XCTAssertNil(RetryAfter.seconds("soon"))
    }
}

/// Collects progress callbacks.
final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func record(_ done: Int, _ total: Int) { lock.withLock { list.append(done) } }
    var values: [Int] { lock.withLock { list.sorted() } }
}
