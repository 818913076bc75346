import KworbScraper
import XCTest

/// The seed's steps as functions.
final class StepsTests: XCTestCase {
    func testMainArtistsMergeFirstSourceWins() throws {
        let global = [
            KworbArtistListEntry(rank: 1, artistID: "A", name: "Lax'n'Busto", streams: 10),
            KworbArtistListEntry(rank: 2, artistID: "B", name: "Bee", streams: 5),
        ]
        let country = KworbChartPage(title: nil, headers: [], entries: [
            KworbChartEntry(position: 1, artists: [KworbArtistLink(id: "B", name: "Bee (ES)"), KworbArtistLink(id: "X", name: "Feat")], trackID: "t", title: "x", cells: [:]),
            KworbChartEntry(position: 2, artists: [KworbArtistLink(id: "C", name: "Cee")], trackID: "u", title: "y", cells: [:]),
        ])
        let seed = KworbSteps.mainArtists(global: global, country: country, mode: .seed2020)
        XCTAssertEqual(seed.map(\.id), ["A", "B", "C"], "only lead artists of the country page, global first")
        XCTAssertEqual(seed.map(\.name), ["Lax n Busto", "Bee", "Cee"])
        XCTAssertEqual(KworbSteps.mainArtists(global: global, country: country, mode: .standard).first?.name, "Lax'n'Busto")
    }

    func testTopSongsPageOrderVersusStreams() throws {
        let data = try fixture("artist_6dbdXbyAWk2qx8Qttw0knR_songs.josman.2026-07-06.html")
        let page = try KworbArtistSongsParser.parse(data, source: "josman")
        let seed = KworbSteps.topSongs(page, limit: 30, mode: .seed2020)
        XCTAssertEqual(seed.map(\.id), page.songs.prefix(30).map(\.trackID))
        XCTAssertEqual(seed[0].name, "j aime bien!")
        let fixed = KworbSteps.topSongs(page, limit: 30, mode: .standard)
        XCTAssertEqual(fixed.map(\.streams), page.songs.map(\.streams).sorted(by: >).prefix(30).map { $0 })
        XCTAssertEqual(fixed[0].name, "J'aime Bien!")
    }

    func testFeaturingLinksRestrictedToKnownArtistsAndTracks() throws {
        let rows = try KworbLegacyArtistPageParser.parse(try fixture("artist_legacy_2020_sample.html"), source: "legacy", mode: .standard)
        let links = KworbSteps.featuringLinks(
            pageArtist: "4q3ewBCX7sLwd24euuV69X", rows: rows,
            knownArtists: ["4VMYDCV2IEDYJArk749S6m", "1i8SpTcr7yvPOmcqrbnVXY"], knownTracks: ["2ksOAxtIxY8yElEWw8RhgK", "116H0KvKr2Zl4RPuVBruDO"])
        XCTAssertEqual(links.map { "\($0.artistID)>\($0.trackID)" }, [
            "4q3ewBCX7sLwd24euuV69X>116H0KvKr2Zl4RPuVBruDO",
            "4q3ewBCX7sLwd24euuV69X>2ksOAxtIxY8yElEWw8RhgK", "4VMYDCV2IEDYJArk749S6m>2ksOAxtIxY8yElEWw8RhgK",
            "1i8SpTcr7yvPOmcqrbnVXY>2ksOAxtIxY8yElEWw8RhgK",
        ])
    }

    func testSeedTrackNameTruncatesAt79() {
        XCTAssertEqual(KworbSteps.seedTrackName(String(repeating: "a", count: 100)).count, 79)
        XCTAssertEqual(KworbSteps.seedTrackName("Don't Stop"), "don t stop")
    }
}
