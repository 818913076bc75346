import FlyingFox
import Foundation
import SimilarArtists
import TestSupport
import XCTest

/// What the identity and genre routes read from the catalogues: Deezer's artist, track search
/// and album genres; Last.fm's top tags and the artist it answered for; and `similar resolve`
/// for an artist known only by name.
final class CatalogueDetailsTests: XCTestCase {
    private static func json(_ text: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "application/json"], body: Data(text.utf8))
    }

    private func fake() async throws -> LoopbackHTTPServer {
        try await startLoopbackServer { request in
            let query = Dictionary(request.query.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
            if request.path.hasPrefix("/2.0") {
                if query["method"] == "artist.gettoptags" {
                    return Self.json(#"{"toptags":{"tag":[{"name":"catalan","count":100},{"name":"seen live","count":40},{"name":"rock catala","count":35}],"@attr":{"artist":"Els Pets"}}}"#)
                }
                return Self.json(#"{"similarartists":{"artist":[{"name":"Sau","match":"0.9"}],"@attr":{"artist":"Els Pets"}}}"#)
            }
            switch request.path {
            case "/artist/70": return Self.json(#"{"id":70,"name":"Els Pets","nb_album":20,"nb_fan":"41000","type":"artist"}"#)
            case "/artist/70/albums":
                return Self.json(#"{"data":[{"id":700,"title":"Bon dia","genre_id":152},{"id":701,"title":"Agost","genre_id":152},{"id":702,"title":"Gone"}],"total":3}"#)
            case "/album/700": return Self.json(#"{"id":700,"genres":{"data":[{"id":152,"name":"Rock"},{"id":85,"name":"Alternative"}]}}"#)
            case "/album/701": return Self.json(#"{"id":701,"genres":{"data":[{"id":85,"name":"Alternative"}]}}"#)
            case "/album/702": return Self.json(#"{"error":{"type":"DataException","message":"no data","code":800}}"#)
            case "/search/track":
                // Deezer's advanced search: both fields quoted.
                guard query["q"] == #"artist:"Els Pets" track:"Bon dia""# else { return Self.json(#"{"data":[],"total":0}"#) }
                return Self.json(#"{"data":[{"id":9,"title":"Bon dia","artist":{"id":70,"name":"Els Pets"},"contributors":[{"id":70,"name":"Els Pets"}]}],"total":1}"#)
            case "/search/artist":
                return Self.json(#"{"data":[{"id":70,"name":"Els Pets","nb_fan":41000}],"total":1}"#)
            default: return Self.json(#"{"error":{"type":"DataException","message":"no data","code":800}}"#)
            }
        }
    }

    private func configuration(_ base: URL) -> SourceConfiguration {
        SourceConfiguration(baseURL: base, minimumInterval: 0, maxAttempts: 2, initialBackoff: 0.01, requestTimeout: 5)
    }

    func testDeezerArtistTrackSearchAndAlbumGenres() async throws {
        let server = try await fake()
        let deezer = DeezerClient(configuration: configuration(server.baseURL))
        let artist = try await deezer.artist(70)
        XCTAssertEqual(artist, DeezerArtist(id: 70, name: "Els Pets", fans: 41_000), "nb_fan as a string is still a number")
        let tracks = try await deezer.searchTracks(artist: "Els Pets", title: "Bon dia")
        XCTAssertEqual(tracks.map(\.artist.id), [70])
        // Alternative on two albums, Rock on one; the third album has vanished (code 800) and is skipped.
        let genres = try await deezer.albumGenres(70)
        XCTAssertEqual(genres, ["Alternative", "Rock"])
    }

    func testLastFMTopTagsAndTheArtistItAnsweredFor() async throws {
        let server = try await fake()
        let lastFM = try LastFMClient(apiKey: "TAGS-KEY-0123456789", configuration: configuration(server.baseURL.appendingPathComponent("2.0/")))
        let tags = try await lastFM.topTags(name: "els pets")
        XCTAssertEqual(tags.filter(\.isGenreLike).map(\.name), ["catalan", "rock catala"])
        let similar = try await lastFM.similar(name: "els pets")
        XCTAssertEqual(similar.artist, "Els Pets")
        XCTAssertEqual(similar.artists, [LastFMSimilarArtist(name: "Sau", mbid: nil, match: 0.9)])
    }

    func testResolveByNameAndTitlesWithoutSpotify() async throws {
        let server = try await fake()
        let tool = try ProcessRunner.toolPath("similar")
        let outcome = await ProcessRunner.runOffPool(tool, ["resolve", "--name", "Els Pets", "--title", "Bon dia"],
                                                     environment: ["DEEZER_API_BASE": server.baseURL.absoluteString, "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let deezer = try XCTUnwrap(answer["deezer"] as? [String: Any])
        XCTAssertEqual(deezer["externalID"] as? String, "70")
        XCTAssertEqual(deezer["method"] as? String, "track-search")
        XCTAssertFalse((deezer["evidence"] as? [String] ?? []).isEmpty)
        XCTAssertNil(answer["lastfm"], "no LASTFM_API_KEY, no Last.fm mapping")

        let refused = await ProcessRunner.runOffPool(tool, ["resolve", "4tZwfgrHOc3mvqYlEYSvVi"], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("SPOTIFY_CLIENT_ID"), refused.stderr)
    }
}
