import CatalogMatching
import FlyingFox
import Foundation
import MusicGraph
import SimilarArtists
import SpotifyClient
import TestSupport
import XCTest

/// Cross-catalogue identity over real HTTP: a fake Spotify (tracks with ISRCs) and a fake Deezer
/// (ISRC lookups, searches; errors inside HTTP-200 bodies, as Deezer sends them).
final class IdentityTests: XCTestCase {
    private static func json(_ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "application/json"], body: Data(text.utf8))
    }

    private static let noData = #"{"error":{"type":"DataException","message":"no data","code":800}}"#
    private static let quota = #"{"error":{"type":"Exception","message":"Quota limit exceeded","code":4}}"#

    /// Spotify tracks: id → (ISRC, credited artists as (id, name)).
    private struct World: Sendable {
        var tracks: [String: (isrc: String?, artists: [(String, String)])] = [:]
        /// Deezer: ISRC → credits (id, name), main first.
        var isrcs: [String: [(Int, String)]] = [:]
        /// Deezer artist search answers by query.
        var artistSearch: [String: [(Int, String)]] = [:]
        /// Deezer track search answers by title: credits.
        var trackSearch: [String: [(Int, String)]] = [:]
        var quotaAlways = false
    }

    private func serve(_ world: World) async throws -> (spotify: SpotifyClient, deezer: DeezerClient) {
        let server = try await startLoopbackServer { request in
            let path = request.path
            if path == "/api/token" { return Self.json(#"{"access_token":"t","token_type":"bearer","expires_in":3600}"#) }
            if path.hasPrefix("/v1/tracks/") {
                let id = String(path.dropFirst("/v1/tracks/".count))
                guard let track = world.tracks[id] else { return HTTPResponse(statusCode: .notFound, body: Data(#"{"error":{"status":404}}"#.utf8)) }
                let artists = track.artists.map { #"{"id":"\#($0.0)","name":"\#($0.1)"}"# }.joined(separator: ",")
                let ids = track.isrc.map { #","external_ids":{"isrc":"\#($0)"}"# } ?? ""
                return Self.json(#"{"id":"\#(id)","name":"T","artists":[\#(artists)]\#(ids)}"#)
            }
            if world.quotaAlways { return Self.json(Self.quota) }
            func credits(_ list: [(Int, String)]) -> String { list.map { #"{"id":\#($0.0),"name":"\#($0.1)","type":"artist"}"# }.joined(separator: ",") }
            if path.hasPrefix("/deezer/track/isrc:") {
                guard let list = world.isrcs[String(path.dropFirst("/deezer/track/isrc:".count))], let main = list.first else { return Self.json(Self.noData) }
                return Self.json(#"{"id":1,"title":"T","artist":{"id":\#(main.0),"name":"\#(main.1)"},"contributors":[\#(credits(list))]}"#)
            }
            let q = request.query.first { $0.name == "q" }?.value ?? ""
            if path == "/deezer/search/artist" { return Self.json(#"{"data":[\#(credits(world.artistSearch[q] ?? []))],"total":1}"#) }
            if path == "/deezer/search/track" {
                for (title, list) in world.trackSearch where q.contains("track:\"\(title)\"") {
                    return Self.json(#"{"data":[{"id":9,"title":"\#(title)","artist":{"id":\#(list[0].0),"name":"\#(list[0].1)"},"contributors":[\#(credits(list))]}],"total":1}"#)
                }
                return Self.json(#"{"data":[],"total":0}"#)
            }
            return Self.json(Self.noData)
        }
        let spotify = try SpotifyClient(credentials: SpotifyCredentials(clientID: "id", clientSecret: "secret"),
                                        configuration: SpotifyConfiguration(apiBase: server.baseURL.appendingPathComponent("v1/"), accountsBase: server.baseURL))
        let deezer = DeezerClient(configuration: SourceConfiguration(baseURL: server.baseURL.appendingPathComponent("deezer/"), minimumInterval: 0,
                                                                     maxAttempts: 3, initialBackoff: 0.01, requestTimeout: 5))
        return (spotify, deezer)
    }

    private func hints(_ ids: String...) -> [DeezerArtistResolver.TrackHint] { ids.map { .init(spotifyID: $0, title: "T") } }

    func testISRCCreditsVoteAcrossFeaturesAndTheMajorityWins() async throws {
        var world = World()
        world.tracks = ["t1": ("USAAA2000001", [("sp-a", "Anna Lee")]),
                        "t2": ("USAAA2000002", [("sp-b", "Bo"), ("sp-a", "Anna Lee")]),
                        "t3": ("USAAA2000003", [("sp-a", "Anna Lee")])]
        // t2's credits on Deezer list three artists: positions do not align, the name decides.
        world.isrcs = ["USAAA2000001": [(11, "Anna Lee")], "USAAA2000002": [(22, "Bo"), (11, "Anna Lee"), (33, "DJ X")],
                       "USAAA2000003": [(44, "Anna Lee Tribute")]]
        let (spotify, deezer) = try await serve(world)
        let mapping = try await DeezerArtistResolver(deezer: deezer, spotify: spotify).resolve(id: "sp-a", name: "Anna Lee", tracks: hints("t1", "t2", "t3"))
        XCTAssertEqual(mapping.externalID, "11")
        XCTAssertEqual(mapping.method, .isrc)
        XCTAssertEqual(mapping.confidence, 2.0 / 3.0, accuracy: 1e-9, "two of three tracks")
        XCTAssertEqual(mapping.threshold, 0.5)
        XCTAssertTrue(mapping.evidence.contains { $0.contains("USAAA2000002") && $0.contains("votes 11") }, "\(mapping.evidence)")
    }

    func testOneISRCWithAlignedCreditsIsEnoughWhenTheNamesAreWrittenDifferently() async throws {
        var world = World()
        world.tracks = ["t1": ("LBAAA1600006", [("sp-f", "Fairuz فيروز")])]
        world.isrcs = ["LBAAA1600006": [(1004, "Fairuz")]]
        let (spotify, deezer) = try await serve(world)
        let mapping = try await DeezerArtistResolver(deezer: deezer, spotify: spotify).resolve(id: "sp-f", name: "Fairuz فيروز", tracks: hints("t1"))
        XCTAssertEqual(mapping.externalID, "1004")
        XCTAssertEqual(mapping.method, .isrc)
        XCTAssertEqual(mapping.confidence, 0.9, accuracy: 1e-9)
    }

    func testWithoutISRCsTheNameSearchDecidesAndNeverBelowTheThreshold() async throws {
        var world = World()
        world.tracks = ["t1": (nil, [("sp-l", "Lax'n'Busto")]), "t2": ("ESAAA0000001", [("sp-l", "Lax'n'Busto")])]
        world.artistSearch = ["Lax'n'Busto": [(1006, "Lax'n'Busto"), (1999, "Lax")], "Nobody Here": [(5, "Somebody Else")]]
        let (spotify, deezer) = try await serve(world)
        let resolver = DeezerArtistResolver(deezer: deezer, spotify: spotify)
        let found = try await resolver.resolve(id: "sp-l", name: "Lax'n'Busto", tracks: hints("t1", "t2"))
        XCTAssertEqual(found.externalID, "1006")
        XCTAssertEqual(found.method, .nameSearch)
        XCTAssertEqual(found.evidence.prefix(2), ["Spotify track t1: no ISRC", "ISRC ESAAA0000001: not on Deezer"])

        let refused = try await resolver.resolve(id: "sp-n", name: "Nobody Here", tracks: [])
        XCTAssertNil(refused.externalID, "Somebody Else scores far below 0.85")
        XCTAssertEqual(refused.method, .unresolved)
        XCTAssertFalse(refused.isResolved)
        XCTAssertLessThan(refused.confidence, refused.threshold)
    }

    func testKworbOnlyArtistsVoteWithTheirSongTitles() async throws {
        var world = World()
        world.trackSearch = ["Bon dia": [(70, "Els Pets")], "Pas a pas": [(70, "Els Pets"), (71, "Guest")]]
        let (_, deezer) = try await serve(world)
        let hints = [DeezerArtistResolver.TrackHint(spotifyID: nil, title: "Bon dia"), .init(spotifyID: nil, title: "Pas a pas")]
        let mapping = try await DeezerArtistResolver(deezer: deezer, spotify: nil).resolve(id: "kworb:els-pets", name: "Els Pets", tracks: hints)
        XCTAssertEqual(mapping.externalID, "70")
        XCTAssertEqual(mapping.method, .trackSearch)
        XCTAssertEqual(mapping.confidence, 1)
    }

    func testAQuotaThatNeverClearsIsThrownNotStoredAsUnresolved() async throws {
        var world = World()
        world.quotaAlways = true
        let (_, deezer) = try await serve(world)
        do {
            _ = try await DeezerArtistResolver(deezer: deezer, spotify: nil).resolve(id: "x", name: "Anyone", tracks: [])
            XCTFail("a throttled lookup must not become a mapping")
        } catch let error as SimilarArtistsError {
            guard case .rateLimited(source: "Deezer", _, attempts: 3) = error else { return XCTFail("\(error)") }
        }
    }

    func testSimilarArtistEdgesMapIdsThenUniqueNamesWithRankWeights() {
        let artists = [(id: "a", name: "Anna Lee"), (id: "b", name: "Bo"), (id: "c", name: "Twin"), (id: "d", name: "twin")]
        let edges = SimilarArtistEdges(artists: artists, deezerIDs: ["a": "11", "b": "22"])
        let related = [DeezerArtist(id: 22, name: "B.O."), DeezerArtist(id: 99, name: "Outsider"), DeezerArtist(id: 98, name: "Twin"),
                       DeezerArtist(id: 11, name: "Anna Lee"), DeezerArtist(id: 97, name: "bo")]
        // 22 is Bo by id; 99 is nobody of ours; "Twin" names two of ours; 11 is the artist itself; "bo" by name repeats b.
        XCTAssertEqual(edges.deezer("a", related: related), [RelatedArtistEdge(from: "a", to: "b", source: .deezer, weight: 1)])
        let similar = [LastFMSimilarArtist(name: "ANNA LEE", mbid: nil, match: 0.83), LastFMSimilarArtist(name: "Twin", mbid: nil, match: 0.5)]
        XCTAssertEqual(edges.lastFM("b", similar: similar), [RelatedArtistEdge(from: "b", to: "a", source: .lastfm, weight: 0.83)])
        let ranked = edges.deezer("c", related: [DeezerArtist(id: 1, name: "x"), DeezerArtist(id: 11, name: "?"), DeezerArtist(id: 2, name: "y"), DeezerArtist(id: 22, name: "?")])
        XCTAssertEqual(ranked.map(\.weight), [0.75, 0.25], "1 − (rank − 1) / 4 for ranks 2 and 4")
    }
}
