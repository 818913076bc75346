import MusicGraph
import XCTest

/// SEED-SPEC §2.1 and the fixtures README check 5.
final class ArtistMatcherTests: XCTestCase {
    private func candidates(_ fixture: String) throws -> [ArtistCandidate] {
        try SearchCandidates.parse(LocalFixtures.data(fixture))
    }

    func testSeedMatchesOfTheRecordedSearches() throws {
        let seed = ArtistMatcher(mode: .seed2020)
        XCTAssertEqual(seed.match("mägo de oz", in: try candidates("spotify_API_other_artists.json"))?.id, "5ZNxiPcbKgaNcBrERMpqeu")
        XCTAssertEqual(seed.match("Ramin Djawadi", in: try candidates("RaminDjawadi.json"))?.id, "1hCkSJcXREhrodeIHQdav8")
    }

    func testDefaultMatchesTheSameArtistsWithConfidence() throws {
        let matcher = ArtistMatcher()
        let mago = matcher.match("Mago de Oz", in: try candidates("spotify_API_other_artists.json"))
        XCTAssertEqual(mago?.id, "5ZNxiPcbKgaNcBrERMpqeu")
        XCTAssertEqual(mago?.score, 1, "diacritics and case are folded away")
        XCTAssertEqual(matcher.match("ramin djawadi", in: try candidates("RaminDjawadi.json"))?.id, "1hCkSJcXREhrodeIHQdav8")
        let ranked = matcher.ranked("Ramin Djawadi", in: try candidates("RaminDjawadi.json"))
        XCTAssertEqual(Set(ranked.map(\.id)).count, ranked.count, "one entry per distinct artist")
        XCTAssertEqual(ranked.map(\.score), ranked.map(\.score).sorted(by: >))
    }

    /// Names of up to 10 characters need an exact match in the seed (1/10 is not < 0.1); 11–20
    /// characters tolerate one edit.
    func testSeedThresholdOnShortAndLongNames() {
        let seed = ArtistMatcher(mode: .seed2020)
        XCTAssertNil(seed.match("manel", in: [ArtistCandidate(id: "x", name: "Manels")]))
        XCTAssertEqual(seed.match("manel", in: [ArtistCandidate(id: "x", name: "MANEL")])?.id, "x")
        XCTAssertEqual(seed.match("sopa de cabra", in: [ArtistCandidate(id: "y", name: "Sopa de Cabras")])?.id, "y")
        XCTAssertNil(seed.match("sopa de cabra", in: [ArtistCandidate(id: "y", name: "Sopa de Cabrxx")]))
    }

    func testSeedTakesTheFirstHitNotTheBest() {
        let list = [ArtistCandidate(id: "a", name: "Joan Manuel Serrat!"), ArtistCandidate(id: "b", name: "Joan Manuel Serrat")]
        XCTAssertEqual(ArtistMatcher(mode: .seed2020).match("joan manuel serrat", in: list)?.id, "a")
        XCTAssertEqual(ArtistMatcher().match("joan manuel serrat", in: list)?.score, 1)
    }

    func testDefaultRefusesWeakMatches() {
        XCTAssertNil(ArtistMatcher().match("Vuit", in: [ArtistCandidate(id: "z", name: "Vuitton Band")]))
    }

    func testNormalizerFoldsWhatPeopleConsiderEqual() {
        XCTAssertEqual(NameNormalizer.fold("Mägo  de Oz"), "mago de oz")
        XCTAssertEqual(NameNormalizer.fold("M-Clan"), "m clan")
        XCTAssertEqual(NameNormalizer.fold("Lax'n'Busto"), "lax n busto")
        XCTAssertEqual(NameNormalizer.fold("Ｂｅｙｏｎｃé"), "beyonce")
    }

    func testMalformedCandidatesAreTypedErrors() {
        XCTAssertThrowsError(try SearchCandidates.parse(Data("{\"tracks\": ".utf8))) { error in
            guard case .malformedJSON = error as? SearchCandidatesError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try SearchCandidates.parse(Data("{\"error\": {\"status\": 401}}".utf8))) { error in
            guard case .unexpectedShape = error as? SearchCandidatesError else { return XCTFail("\(error)") }
        }
    }
}
