import FlyingFox
import Foundation
import SimilarArtists
import TestSupport
import XCTest

/// The Deezer and Last.fm clients, and the `similar` tool, against fake servers on 127.0.0.1
/// shaped like the real APIs (EXTERNAL-APIS §8): errors inside HTTP 200 bodies, paging, keys.
final class SimilarArtistsTests: XCTestCase {
    private let fast = SourceConfiguration(baseURL: URL(string: "http://127.0.0.1:1/")!, minimumInterval: 0, maxAttempts: 4, initialBackoff: 0.05, requestTimeout: 2)

    private static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Status"), headers: [HTTPHeader("Content-Type"): "application/json"], body: Data(text.utf8))
    }

    private static let related = #"{"data":[{"id":1188,"name":"Justice","nb_album":30,"nb_fan":1200000,"type":"artist"},{"id":4020,"name":"Cassius","nb_fan":90000,"type":"artist"}],"total":2}"#
    private static let quota = #"{"error":{"type":"Exception","message":"Quota limit exceeded","code":4}}"#
    private static let noData = #"{"error":{"type":"DataException","message":"no data","code":800}}"#

    /// A fake Deezer answering `related` after `quotaFirst` quota errors, all with HTTP 200.
    private func deezer(quotaFirst: Int = 0) async throws -> (LoopbackHTTPServer, RequestCounter) {
        let counter = RequestCounter()
        let server = try await startLoopbackServer { request in
            let n = await counter.next()
            switch request.path {
            case "/artist/27/related": return n <= quotaFirst ? Self.json(Self.quota) : Self.json(Self.related)
            case "/artist/404/related": return Self.json(Self.noData)
            case "/artist/55/related":
                let index = Int(request.query.first { $0.name == "index" }?.value ?? "0") ?? 0
                let page = index == 0
                    ? #"{"data":[{"id":1,"name":"One"},{"id":2,"name":"Two"}],"total":3,"next":"http://x/artist/55/related?index=2"}"#
                    : #"{"data":[{"id":3,"name":"Three"}],"total":3}"#
                return Self.json(page)
            case "/artist/66/related": return Self.json(#"{"data":[{"id":1,"name":"Cut"#)
            case "/artist/77/related":
                try await Task.sleep(nanoseconds: 60_000_000_000)
                return Self.json(Self.related)
            case "/track/isrc:GBDUW0000059":
                return Self.json(#"{"id":3135556,"title":"Harder, Better, Faster, Stronger","isrc":"GBDUW0000059","artist":{"id":27,"name":"Daft Punk"},"contributors":[{"id":27,"name":"Daft Punk"}]}"#)
            default: return Self.json(Self.noData)
            }
        }
        return (server, counter)
    }

    private func client(_ server: LoopbackHTTPServer) -> DeezerClient {
        var configuration = fast
        configuration.baseURL = server.baseURL
        return DeezerClient(configuration: configuration)
    }

    func testDeezerQuotaErrorsInHTTP200BodiesAreRetriedNotReadAsNoArtists() async throws {
        let (server, counter) = try await deezer(quotaFirst: 2)
        let related = try await client(server).relatedArtists(27)
        XCTAssertEqual(related.map(\.name), ["Justice", "Cassius"])
        XCTAssertEqual(related.first?.fans, 1_200_000)
        let requests = await counter.value
        XCTAssertEqual(requests, 3)
    }

    func testDeezerNotFoundPagingTruncatedJSONAndSlowAnswers() async throws {
        let (server, _) = try await deezer()
        let deezer = client(server)
        do { _ = try await deezer.relatedArtists(404); XCTFail("not found") } catch {
            XCTAssertEqual(error, .notFound(source: "Deezer", what: "artist 404"))
        }
        let paged = try await deezer.relatedArtists(55)
        XCTAssertEqual(paged.map(\.name), ["One", "Two", "Three"], "follows next")
        do { _ = try await deezer.relatedArtists(66); XCTFail("truncated") } catch {
            guard case .malformedResponse = error else { return XCTFail("\(error)") }
        }
        let started = Date()
        do { _ = try await deezer.relatedArtists(77); XCTFail("slow") } catch {
            guard case .network(_, _, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("within 2 s"), reason)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "cut at the 2 s deadline, not the server's minute")
        let track = try await deezer.track(isrc: "GB-DUW-00-00059")
        XCTAssertEqual(track.artist, DeezerArtist(id: 27, name: "Daft Punk"))
        XCTAssertEqual(track.contributors.map(\.id), [27])
    }

    func testLastFMSimilarArtistsRateLimitsNotFoundAndKeys() async throws {
        let counter = RequestCounter()
        let key = "LASTFM-KEY-0123456789"
        let server = try await startLoopbackServer { request in
            let n = await counter.next()
            let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            guard query["api_key"] == key else { return Self.json(#"{"error":10,"message":"Invalid API key - You must be granted a valid key by last.fm"}"#) }
            XCTAssertEqual(query["autocorrect"], "1")
            if query["artist"] == "Nobody Known" { return Self.json(#"{"error":6,"message":"The artist you supplied could not be found","links":[]}"#) }
            if n == 1 { return Self.json(#"{"error":29,"message":"Rate Limit Exceded"}"#) }
            return Self.json(#"{"similarartists":{"artist":[{"name":"Madonna","mbid":"79239441-bfd5-4981-a70c-55c3f15c1287","match":"1","url":"x"},{"name":"Kylie Minogue","mbid":"","match":"0.73"}],"@attr":{"artist":"Cher"}}}"#)
        }
        var configuration = fast
        configuration.baseURL = server.baseURL
        let lastFM = try LastFMClient(apiKey: key, configuration: configuration)
        let similar = try await lastFM.similarArtists(name: "Cher")
        XCTAssertEqual(similar.map(\.name), ["Madonna", "Kylie Minogue"])
        XCTAssertEqual(similar.map(\.match), [1, 0.73])
        XCTAssertEqual(similar.map(\.mbid), ["79239441-bfd5-4981-a70c-55c3f15c1287", nil], "an empty mbid is no mbid")
        do { _ = try await lastFM.similarArtists(name: "Nobody Known"); XCTFail("not found") } catch {
            XCTAssertEqual(error, .notFound(source: "Last.fm", what: "Nobody Known"))
        }
        do { _ = try await LastFMClient(apiKey: "WRONG-KEY-987654", configuration: configuration).similarArtists(name: "Cher"); XCTFail("bad key") } catch {
            guard case .invalidKey = error else { return XCTFail("\(error)") }
            XCTAssertFalse("\(error)".contains("WRONG-KEY-987654"))
        }
        XCTAssertThrowsError(try LastFMClient(apiKey: nil, configuration: configuration))
    }

    /// The `similar` tool: JSON on stdout, one error line and a non-zero exit otherwise.
    func testTheToolPrintsJSONOrOneErrorLine() async throws {
        let (server, _) = try await deezer(quotaFirst: 2)
        let tool = try ProcessRunner.toolPath("similar")
        let environment = ["DEEZER_API_BASE": server.baseURL.absoluteString, "PATH": "/usr/bin:/bin"]
        let ok = await ProcessRunner.runOffPool(tool, ["deezer-related", "27"], environment: environment)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let artists = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(artists.compactMap { $0["name"] as? String }, ["Justice", "Cassius"])
        let missing = await ProcessRunner.runOffPool(tool, ["deezer-related", "404"], environment: environment)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("not found"), missing.stderr)
        let truncated = await ProcessRunner.runOffPool(tool, ["deezer-related", "66"], environment: environment)
        XCTAssertNotEqual(truncated.status, 0)
        XCTAssertTrue(truncated.stderr.contains("malformed response"), truncated.stderr)
        let noKey = await ProcessRunner.runOffPool(tool, ["lastfm-similar", "Cher"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertNotEqual(noKey.status, 0)
        XCTAssertTrue(noKey.stderr.contains("LASTFM_API_KEY"), noKey.stderr)
    }
}

/// Counts requests across the server's tasks.
actor RequestCounter {
    private(set) var value = 0
    func next() -> Int {
        value += 1
        return value
    }
}
