import FlyingFox
import Foundation
import SpotifyClient
import XCTest

/// Every scenario ends in success or a typed error within a bounded time; none hangs.
final class SpotifyClientTests: XCTestCase {
    private let credentials = SpotifyCredentials(clientID: "test-client", clientSecret: "s3cr3t-value")

    private func make(_ configure: (inout SpotifyConfiguration) -> Void = { _ in }) async throws -> (SpotifyClient, FakeSpotify) {
        let fake = try await FakeSpotify()
        addTeardownBlock { await fake.stop() }
        var configuration = SpotifyConfiguration(apiBase: fake.apiBase, accountsBase: fake.baseURL, maxRateLimitWait: 10,
                                                 maxAttempts: 4, initialBackoff: 0.05, requestTimeout: 5, retryAfterJitter: 0.1)
        configure(&configuration)
        return (try SpotifyClient(credentials: credentials, configuration: configuration), fake)
    }

    func testSearchDecodes2020ResponsesAndKeepsRawJSON() async throws {
        let (client, fake) = try await make()
        let body = try fixture("RaminDjawadi.json")
        await fake.state.setScript { request, _ in
            request.path == "/v1/search" && request.query.first(where: { $0.name == "q" })?.value == "Ramin Djawadi" ? json(body) : nil
        }
        let result = try await client.search("Ramin Djawadi", type: .track)
        let tracks = try XCTUnwrap(result.tracks?.items)
        XCTAssertEqual(tracks.count, 10)
        XCTAssertTrue(tracks.flatMap(\.artists).contains { $0.id == "1hCkSJcXREhrodeIHQdav8" })
        XCTAssertNotNil(tracks[0].raw["album"]?["release_date"])
        let authorizations = await fake.state.authorizations
        XCTAssertEqual(authorizations, ["Basic " + Data("test-client:s3cr3t-value".utf8).base64EncodedString()])
    }

    func testReleaseDatesKeepTheirPrecision() async throws {
        let (client, fake) = try await make()
        let body = try fixture("spotify_API_other_artists.json")
        await fake.state.setScript { request, _ in request.path == "/v1/search" ? json(body) : nil }
        let tracks = try await client.search("mägo de oz", type: .track).tracks?.items ?? []
        let years = tracks.compactMap(\.album?.releaseDate).filter { $0.precision == .year }
        XCTAssertEqual(years.count, 7)
        XCTAssertTrue(years.allSatisfy { $0.isoDay.hasSuffix("-01-01") })
    }

    func testDevModeArtistWithoutRemovedFields() async throws {
        let (client, fake) = try await make()
        let body = try fixture("artist_2026_devmode.json")
        await fake.state.setScript { request, _ in request.path == "/v1/artists/6XYRpcgPIK9OejoVzA7PbC" ? json(body) : nil }
        let artist = try await client.artist("6XYRpcgPIK9OejoVzA7PbC")
        XCTAssertEqual(artist.name, "Txarango")
        XCTAssertNil(artist.popularity)
        XCTAssertNil(artist.followers)
        XCTAssertNil(artist.genres)
    }

    func testRetryAfterPausesAndThenSucceeds() async throws {
        let (client, fake) = try await make()
        let body = try fixture("SimilarArtists.json")
        await fake.state.setScript { _, n in n == 1 ? json("{}", status: 429, headers: ["Retry-After": "1"]) : json(body) }
        let started = Date()
        let related = try await client.relatedArtists("6XYRpcgPIK9OejoVzA7PbC")
        XCTAssertEqual(related.count, 20)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1)
    }

    func testRateLimitStormEndsTypedWithinTheBudget() async throws {
        let (client, fake) = try await make { $0.maxRateLimitWait = 2 }
        await fake.state.setScript { _, _ in json("{}", status: 429, headers: ["Retry-After": "1"]) }
        let started = Date()
        await XCTAssertThrowsTyped(try await client.artist("6XYRpcgPIK9OejoVzA7PbC")) { error in
            guard case .rateLimited(.artist, 1) = error else { return XCTFail("\(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "an endless storm is cut by the 2 s budget")
    }

    func testQuotaExceededFailsAtOnce() async throws {
        let (client, fake) = try await make()
        await fake.state.setScript { _, _ in
            json("{\"error\":{\"status\":429,\"message\":\"Too many requests\",\"reason\":\"QUOTA_EXCEEDED\"}}", status: 429, headers: ["Retry-After": "86400"])
        }
        await XCTAssertThrowsTyped(try await client.artist("6XYRpcgPIK9OejoVzA7PbC")) { XCTAssertEqual($0, .quotaExceeded(.artist)) }
        let calls = await fake.state.count("/v1/artists/6XYRpcgPIK9OejoVzA7PbC")
        XCTAssertEqual(calls, 1)
    }

    func testServiceUnavailableBurstIsRetried() async throws {
        let (client, fake) = try await make()
        let body = try fixture("artist_2026_devmode.json")
        await fake.state.setScript { _, n in n <= 2 ? json("{}", status: 503) : json(body) }
        let artist = try await client.artist("6XYRpcgPIK9OejoVzA7PbC")
        XCTAssertEqual(artist.id, "6XYRpcgPIK9OejoVzA7PbC")
    }

    func testTokenRenewedBeforeExpiryAndSharedByConcurrentCallers() async throws {
        let (client, fake) = try await make()
        await fake.state.setTokenLifetime(61)  // valid for 1 s past the 60 s margin
        let body = try fixture("artist_2026_devmode.json")
        await fake.state.setScript { _, _ in json(body) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { _ = try await client.artist("6XYRpcgPIK9OejoVzA7PbC") } }
            try await group.waitForAll()
        }
        var issued = await fake.state.tokensIssued
        XCTAssertEqual(issued, 1, "one renewal shared by ten callers")
        try await Task.sleep(nanoseconds: 1_200_000_000)
        _ = try await client.artist("6XYRpcgPIK9OejoVzA7PbC")
        issued = await fake.state.tokensIssued
        XCTAssertEqual(issued, 2, "renewed before it expired mid-run")
    }

    func testUnauthorizedRenewsOnceThenFailsTyped() async throws {
        let (client, fake) = try await make()
        let body = try fixture("artist_2026_devmode.json")
        await fake.state.setScript { request, _ in
            request.headers[HTTPHeader("Authorization")] == "Bearer token-1" ? json("{\"error\":{\"status\":401,\"message\":\"The access token expired\"}}", status: 401) : json(body)
        }
        _ = try await client.artist("6XYRpcgPIK9OejoVzA7PbC")
        let issued = await fake.state.tokensIssued
        XCTAssertEqual(issued, 2)

        await fake.state.setScript { _, _ in json("{\"error\":{\"status\":401,\"message\":\"Invalid access token\"}}", status: 401) }
        await XCTAssertThrowsTyped(try await client.artist("6XYRpcgPIK9OejoVzA7PbC")) { XCTAssertEqual($0, .unauthorized(.artist)) }
    }

    func testInvalidClientIsTypedAndTheSecretNeverShows() async throws {
        let (client, fake) = try await make()
        await fake.state.failTokens(400, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client\"}")
        await XCTAssertThrowsTyped(try await client.artist("6XYRpcgPIK9OejoVzA7PbC")) { error in
            XCTAssertEqual(error, .invalidCredentials(reason: "Invalid client"))
            XCTAssertFalse(error.description.contains("s3cr3t-value"))
        }
        XCTAssertFalse(String(describing: credentials).contains("s3cr3t-value"))
        XCTAssertFalse(String(reflecting: credentials).contains("s3cr3t-value"))
    }

    func testRetiredEndpointsAreRememberedAndBatchFallsBack() async throws {
        let (client, fake) = try await make()
        let body = try fixture("artist_2026_devmode.json")
        await fake.state.setScript { request, _ in
            switch request.path {
            case "/v1/artists/6XYRpcgPIK9OejoVzA7PbC/related-artists": return json("{\"error\":{\"status\":404}}", status: 404)
            case "/v1/artists/6XYRpcgPIK9OejoVzA7PbC/top-tracks": return json("{\"error\":{\"status\":403}}", status: 403)
            case "/v1/artists": return json("{\"error\":{\"status\":403,\"message\":\"Forbidden\"}}", status: 403)
            case "/v1/artists/6XYRpcgPIK9OejoVzA7PbC": return json(body)
            default: return nil
            }
        }
        for _ in 0..<3 {
            await XCTAssertThrowsTyped(try await client.relatedArtists("6XYRpcgPIK9OejoVzA7PbC")) { XCTAssertEqual($0, .endpointUnavailable(.relatedArtists)) }
            await XCTAssertThrowsTyped(try await client.topTracks("6XYRpcgPIK9OejoVzA7PbC")) { XCTAssertEqual($0, .endpointUnavailable(.topTracks)) }
        }
        let relatedCalls = await fake.state.count("/v1/artists/6XYRpcgPIK9OejoVzA7PbC/related-artists")
        XCTAssertEqual(relatedCalls, 1, "remembered: later calls make no request")
        let artists = try await client.artists(["6XYRpcgPIK9OejoVzA7PbC", "6XYRpcgPIK9OejoVzA7PbC"])
        XCTAssertEqual(artists.map(\.id), ["6XYRpcgPIK9OejoVzA7PbC", "6XYRpcgPIK9OejoVzA7PbC"])
        let unavailable = await client.unavailableEndpoints
        XCTAssertEqual(unavailable, [.relatedArtists, .topTracks, .artistsBatch])
        await XCTAssertThrowsTyped(try await client.artist("0000000000000000000000")) { XCTAssertEqual($0, .notFound(.artist, id: "0000000000000000000000")) }
    }

    func testMalformedAndTruncatedJSONAreTyped() async throws {
        let (client, fake) = try await make()
        let full = try fixture("SimilarArtists.json")
        await fake.state.setScript { request, n in
            request.path.hasSuffix("related-artists") ? json(full.prefix(full.count / 2)) : json("<html>Bad Gateway</html>")
        }
        await XCTAssertThrowsTyped(try await client.relatedArtists("6XYRpcgPIK9OejoVzA7PbC")) { error in
            guard case .malformedResponse(.relatedArtists, _) = error else { return XCTFail("\(error)") }
        }
        await XCTAssertThrowsTyped(try await client.artist("6XYRpcgPIK9OejoVzA7PbC")) { error in
            guard case .malformedResponse(.artist, _) = error else { return XCTFail("\(error)") }
        }
    }

    func testStalledServerTimesOutWithinBounds() async throws {
        // (FoundationNetworking's libcurl timeouts misbehave below one second: use 1 s.)
        let (client, fake) = try await make { $0.requestTimeout = 1; $0.maxAttempts = 2 }
        await fake.state.setScript { _, _ in
            try await Task.sleep(nanoseconds: 60_000_000_000)
            return json("{}")
        }
        let started = Date()
        await XCTAssertThrowsTyped(try await client.artist("6XYRpcgPIK9OejoVzA7PbC")) { error in
            guard case .network(.artist, _) = error else { return XCTFail("\(error)") }
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "two 1 s deadlines, not the server's minute")
    }

    func testSearchPagesWithLimitTenUpToTheCap() async throws {
        let (client, fake) = try await make()
        await fake.state.setScript { request, _ in
            let offset = Int(request.query.first { $0.name == "offset" }?.value ?? "0") ?? 0
            let limit = Int(request.query.first { $0.name == "limit" }?.value ?? "0") ?? 0
            guard limit <= 10 else { return json("{\"error\":{\"status\":400,\"message\":\"Invalid limit\"}}", status: 400) }
            let items = (offset..<min(offset + limit, 25)).map { i in
                "{\"id\":\"artist\(String(format: "%016d", i))xx\",\"name\":\"Artist \(i)\"}"
            }
            let next = offset + limit < 25 ? "\"more\"" : "null"
            return json("{\"artists\":{\"items\":[\(items.joined(separator: ","))],\"total\":25,\"offset\":\(offset),\"limit\":\(limit),\"next\":\(next)}}")
        }
        var names: [String] = []
        for try await artist in client.searchArtists("a & b #1 +x") { names.append(artist.name) }
        XCTAssertEqual(names.count, 25)
        let pages = await fake.state.count("/v1/search")
        XCTAssertEqual(pages, 3)
        await XCTAssertThrowsTyped(try await client.search("x", type: .artist, limit: 50)) { XCTAssertEqual($0, .invalidArgument("search limit 50 (1…10)")) }
        await XCTAssertThrowsTyped(try await client.search("x", type: .artist, limit: 10, offset: 995)) { error in
            guard case .invalidArgument = error else { return XCTFail("\(error)") }
        }
        await XCTAssertThrowsTyped(try await client.artist("../../v1/me")) { error in
            guard case .invalidArgument = error else { return XCTFail("\(error)") }
        }
    }

    func testMissingCredentialsIsTyped() {
        XCTAssertThrowsError(try SpotifyClient(credentials: nil, configuration: SpotifyConfiguration())) { error in
            if ProcessInfo.processInfo.environment["SPOTIFY_CLIENT_ID"] == nil { XCTAssertEqual(error as? SpotifyError, .missingCredentials) }
        }
    }
}

/// `XCTAssertThrowsError` for async typed throws.
func XCTAssertThrowsTyped<T>(
    _ expression: @autoclosure () async throws(SpotifyError) -> T, file: StaticString = #filePath, line: UInt = #line,
    _ check: (SpotifyError) -> Void
) async {
    do {
        _ = try await expression()
        XCTFail("expected an error", file: file, line: line)
    } catch {
        check(error)
    }
}
