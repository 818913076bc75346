import Foundation
import MusicGraph
import TestSupport
import XCTest

/// The exact-reproduction checks 2–4 of `../shared/fixtures/seed-2020/README.md`, on the full files.
final class SeedReproductionTests: XCTestCase {
    /// Check 2: 3,110 voted genres (1,311 `undefined`, 624 ties) equal 2020's.
    func testGenreVoteReproduces2020() throws {
        let seed = try Seed2020.load()
        let expected = try SharedFixtures.table("seed-2020/expected/rel_GEN_ART.csv")
        let genre = try expected.column("genre"), artist = try expected.column("artist_id")
        var expectedGenres: [String: [String]] = [:]
        for row in expected.rows { expectedGenres[row[artist], default: []].append(row[genre]) }

        let result = GenreInference(mode: .seed2020).infer(artistIDs: seed.artists.map(\.id), related: seed.related)
        let voted = result.filter { $0.source != .direct }
        XCTAssertEqual(voted.count, 3110)
        XCTAssertEqual(voted.filter { $0.source == .undefined }.count, 1311)
        var mismatches: [String] = []
        for assignment in voted where expectedGenres[assignment.artistID] != [assignment.genre] {
            mismatches.append("\(assignment.artistID): ours \(assignment.genre), 2020 \(expectedGenres[assignment.artistID] ?? [])")
        }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(5).joined(separator: "\n"))

        // Direct genres: every related artist keeps exactly its 2020 genre set.
        var ours: [String: Set<String>] = [:]
        for assignment in result where assignment.source == .direct { ours[assignment.artistID, default: []].insert(assignment.genre) }
        XCTAssertEqual(ours.count, 7036)
        for (id, genres) in ours { XCTAssertEqual(genres, Set(expectedGenres[id] ?? []), id) }
    }

    /// The 624 ties are what makes the tie rule matter: count them and check that the
    /// "alphabetically smallest genre" rule would indeed get some wrong.
    func testTieRuleIsTheByteOrderOfRelatedArtistsThenGenres() throws {
        let seed = try Seed2020.load()
        let related = Set(seed.related.map(\.related))
        var votes: [String: Set<[String]>] = [:]
        for row in seed.related where !related.contains(row.query) { votes[row.query, default: []].insert([row.related, row.genre]) }
        var ties = 0, alphabeticalWouldDiffer = 0
        let result = GenreInference(mode: .seed2020).infer(artistIDs: Array(votes.keys), related: seed.related)
        let winner = Dictionary(uniqueKeysWithValues: result.map { ($0.artistID, $0.genre) })
        for (artist, pairs) in votes {
            var counts: [String: Int] = [:]
            for pair in pairs { counts[pair[1], default: 0] += 1 }
            let top = counts.values.max()!
            let tied = counts.filter { $0.value == top }.map(\.key)
            guard tied.count > 1 else { continue }
            ties += 1
            if tied.min(by: ByteOrder.less) != winner[artist] { alphabeticalWouldDiffer += 1 }
        }
        XCTAssertEqual(ties, 624)
        XCTAssertGreaterThan(alphabeticalWouldDiffer, 0)
    }

    /// Check 3: 3,110 inferred popularities (half-to-even) equal 2020's; the others keep theirs.
    func testPopularityInferenceReproduces2020() throws {
        let seed = try Seed2020.load()
        let expected = try SharedFixtures.table("seed-2020/expected/master_artist_with_popularity.csv")
        let id = try expected.column("artist_id"), popularity = try expected.column("popularity")
        var expectedPopularity: [String: String] = [:]
        for row in expected.rows { expectedPopularity[row[id]] = row[popularity] }

        let result = PopularityInference(mode: .seed2020).infer(artistIDs: seed.artists.map(\.id), related: seed.related)
        XCTAssertEqual(result.count, 10146)
        XCTAssertEqual(result.filter { $0.source != .direct }.count, 3110)
        var wrong = 0
        for value in result where expectedPopularity[value.artistID] != "\(value.popularity ?? -1).0" { wrong += 1 }
        XCTAssertEqual(wrong, 0)
        XCTAssertEqual(result.filter { $0.popularity == 0 }.count, 1317, "1,311 without related artists + 6 real zeros")
    }

    /// Check 4: the related-artists responses of Txarango (11 rows) and Ed Sheeran (19 rows).
    func testRelatedArtistsFilterKeepsTheRecordedEdges() throws {
        let seed = try Seed2020.load()
        let known = Set(seed.artists.map(\.id))
        for (fixture, query, count) in [("SimilarArtists.json", "6XYRpcgPIK9OejoVzA7PbC", 11), ("related_artists.json", "6eUKZXaKkcviH0Ku9w2n3V", 19)] {
            let response = try JSONDecoder().decode(RelatedResponse.self, from: LocalFixtures.data(fixture))
            let collected = RelatedArtistsCollector(mode: .seed2020).collect(query: query, related: response.infos, known: known)
            let recorded = seed.relations.filter { $0.from == query }.map(\.to)
            XCTAssertEqual(collected.edges.count, count, fixture)
            XCTAssertEqual(Set(collected.edges.map(\.to)), Set(recorded), fixture)
            // Their popularity and cleaned genres equal the rows 2020 stored for them.
            let stored = Set(seed.related.filter { $0.query == query })
            XCTAssertEqual(Set(collected.rows), stored, fixture)
        }
    }

    /// Stephen Puth (no genres) is dropped by the seed; the default keeps the edge.
    func testDefaultKeepsRelatedArtistsWithoutGenres() throws {
        let seed = try Seed2020.load()
        let response = try JSONDecoder().decode(RelatedResponse.self, from: LocalFixtures.data("related_artists.json"))
        let collected = RelatedArtistsCollector(mode: .standard)
            .collect(query: "6eUKZXaKkcviH0Ku9w2n3V", related: response.infos, known: Set(seed.artists.map(\.id)))
        XCTAssertEqual(collected.edges.count, 20)
    }
}

/// The part of a related-artists response the collector needs.
struct RelatedResponse: Decodable {
    struct Item: Decodable {
        let id: String
        let name: String
        let genres: [String]?
        let popularity: Int?
    }

    let artists: [Item]
    var infos: [RelatedArtistInfo] { artists.map { RelatedArtistInfo(id: $0.id, name: $0.name, genres: $0.genres ?? [], popularity: $0.popularity) } }
}
