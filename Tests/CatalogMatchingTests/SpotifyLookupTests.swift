import CatalogMatching
import FlyingFox
import Foundation
import MusicGraph
import SpotifyClient
import TestSupport
import XCTest

/// SpotifyClient + MusicGraph over real HTTP against a fake Spotify serving the 2020 responses:
/// the seed's artist matches and related-artist rows (fixtures README checks 4 and 5).
final class SpotifyLookupTests: XCTestCase {
    private func shared(_ name: String) throws -> Data { try SharedFixtures.data("seed-2020/\(name)") }

    /// A fake Spotify: tokens, search by lower-cased query, related-artists by id.
    private func fakeSpotify(search: [String: Data], related: [String: Data]) async throws -> URL {
        let server = try await startLoopbackServer { request in
            if request.path == "/api/token" {
                return HTTPResponse(statusCode: .ok, body: Data("{\"access_token\":\"t\",\"token_type\":\"bearer\",\"expires_in\":3600}".utf8))
            }
            if request.path == "/v1/search", let q = request.query.first(where: { $0.name == "q" })?.value, let body = search[q] {
                return HTTPResponse(statusCode: .ok, body: body)
            }
            for (id, body) in related where request.path == "/v1/artists/\(id)/related-artists" {
                return HTTPResponse(statusCode: .ok, body: body)
            }
            return HTTPResponse(statusCode: .notFound, body: Data("{\"error\":{\"status\":404}}".utf8))
        }
        return server.baseURL
    }

    private func client(_ base: URL) throws -> SpotifyClient {
        try SpotifyClient(
            credentials: SpotifyCredentials(clientID: "id", clientSecret: "secret"),
            configuration: SpotifyConfiguration(apiBase: base.appendingPathComponent("v1/"), accountsBase: base))
    }

    func testSeedArtistMatchesHoldOverHTTP() async throws {
        let base = try await fakeSpotify(
            search: ["mägo de oz": try shared("spotify_API_other_artists.json"), "ramin djawadi": try shared("RaminDjawadi.json")], related: [:])
        let lookup = SpotifyArtistLookup(client: try client(base), mode: .seed2020)
        let mago = try await lookup.find("Mägo de Oz")
        XCTAssertEqual(mago?.id, "5ZNxiPcbKgaNcBrERMpqeu")
        let ramin = try await lookup.find("Ramin Djawadi")
        XCTAssertEqual(ramin?.id, "1hCkSJcXREhrodeIHQdav8")
    }

    func testRelatedArtistRowsOfTxarangoAndEdSheeran() async throws {
        let txarango = "6XYRpcgPIK9OejoVzA7PbC", sheeran = "6eUKZXaKkcviH0Ku9w2n3V"
        let base = try await fakeSpotify(search: [:], related: [txarango: try shared("SimilarArtists.json"), sheeran: try shared("related_artists.json")])
        let spotify = try client(base)
        let masterCSV = String(decoding: try shared("master_artist.csv"), as: UTF8.self)
        let known = Set(masterCSV.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        XCTAssertEqual(known.count, 10146)
        for (id, expected) in [(txarango, 11), (sheeran, 19)] {
            let response = try await spotify.relatedArtists(id)
            let infos = response.map { RelatedArtistInfo(id: $0.id, name: $0.name, genres: $0.genres ?? [], popularity: $0.popularity) }
            let collected = RelatedArtistsCollector(mode: .seed2020).collect(query: id, related: infos, known: known)
            XCTAssertEqual(collected.edges.count, expected, id)
        }
    }
}
