import MusicGraph
import XCTest

/// Queries, the co-feature fallback and the standard-mode rules.
final class GraphTests: XCTestCase {
    private let artists = ["a", "b", "c", "d"].map { Artist(id: $0, name: $0.uppercased(), isMain: true) }
    private let tracks = [
        Track(id: "t1", name: "one", peakDate: "2020-01-01", streams: 100),
        Track(id: "t2", name: "two", peakDate: "2020-01-02", streams: 50),
        Track(id: "t3", name: "three", peakDate: "", streams: -1),
    ]
    private var links: [ArtistTrackLink] {
        [("a", "t1"), ("b", "t1"), ("a", "t2"), ("c", "t2"), ("c", "t3"), ("d", "t3"), ("a", "t1")]
            .map { ArtistTrackLink(artistID: $0.0, trackID: $0.1) }
    }

    func testCoFeaturesAreWeightedBySharedStreams() {
        let edges = CoFeatureRelations(maximumPerArtist: 1).edges(links: links, tracks: tracks)
        XCTAssertEqual(edges.map { "\($0.from)>\($0.to)" }, ["a>b", "b>a", "c>a", "d>c"])
        XCTAssertTrue(edges.allSatisfy { $0.source == .kworbCofeature })
        let all = CoFeatureRelations().edges(links: links, tracks: tracks)
        XCTAssertEqual(all.filter { $0.from == "a" }.map(\.weight), [100, 50])
        XCTAssertEqual(all.first { $0.from == "c" && $0.to == "d" }?.weight, 1, "API tracks weigh 1")
    }

    func testCoFeatureEdgesOnThe2020DataShareATrack() throws {
        let seed = try Seed2020.load()
        let edges = CoFeatureRelations().edges(links: seed.links, tracks: seed.tracks)
        var tracksOf: [String: Set<String>] = [:]
        for link in seed.links { tracksOf[link.artistID, default: []].insert(link.trackID) }
        XCTAssertGreaterThan(edges.count, 1000)
        for edge in edges.prefix(5000) {
            XCTAssertFalse(tracksOf[edge.from, default: []].isDisjoint(with: tracksOf[edge.to, default: []]))
        }
        XCTAssertLessThanOrEqual(Dictionary(grouping: edges, by: \.from).values.map(\.count).max() ?? 0, 20)
    }

    func testQueriesOnASmallGraph() {
        let genres = [GenreAssignment(artistID: "a", genre: "pop", source: .direct), GenreAssignment(artistID: "b", genre: "rock", source: .voted),
                      GenreAssignment(artistID: "c", genre: "pop", source: .direct), GenreAssignment(artistID: "zz", genre: "x", source: .direct)]
        let relations = [RelatedArtistEdge(from: "a", to: "b"), RelatedArtistEdge(from: "c", to: "a"), RelatedArtistEdge(from: "a", to: "nobody")]
        let graph = ArtistGraph(artists: artists, tracks: tracks, links: links, relations: relations, genres: genres)
        XCTAssertEqual(graph.dropped.relations, 1)
        XCTAssertEqual(graph.dropped.genres, 1)
        XCTAssertEqual(graph.links.count, 6, "the duplicate link is kept once")
        let top = graph.topTracks(limit: 2)
        XCTAssertEqual(top.map(\.track.id), ["t1", "t2"])
        XCTAssertEqual(top[0].artists.map(\.id), ["a", "b"])
        XCTAssertEqual(top[0].genres, ["pop", "rock"])
        let hood = graph.neighbourhood(of: "a")
        XCTAssertEqual(hood?.related.map(\.id), ["b"])
        XCTAssertEqual(hood?.relatedBy.map(\.id), ["c"])
        XCTAssertEqual(hood?.tracks.map(\.id), ["t1", "t2"])
        XCTAssertNil(graph.neighbourhood(of: "nobody"))
        XCTAssertEqual(graph.artists(inGenre: "pop").map(\.id), ["a", "c"])
        XCTAssertEqual(graph.genreDegrees().first?.genre, "pop")
    }

    /// The seed's top genres by degree (imgs/genres.tex): undefined 1311, pop 479, dance pop 393.
    func testGenreDegreesOf2020() throws {
        let seed = try Seed2020.load()
        let inferred = DatasetInference(mode: .seed2020).run(artists: seed.artists, related: seed.related)
        let graph = ArtistGraph(artists: seed.artists, tracks: seed.tracks, links: seed.links, relations: seed.relations,
                                genres: inferred.genres, popularity: inferred.popularity)
        let top = graph.genreDegrees().prefix(5).map { "\($0.genre) \($0.artists)" }
        XCTAssertEqual(top, ["undefined 1311", "pop 479", "dance pop 393", "latin 264", "rap 239"])
        let linked = Set(seed.links.map(\.trackID))
        XCTAssertEqual(graph.topTracks(limit: 1).first?.track.streams, seed.tracks.filter { linked.contains($0.id) }.map(\.streams).max())
    }

    func testStandardModeTieBreaksByVoterPopularityAndUsesOwnGenres() {
        let rows = [
            RelatedArtistRow(query: "q", related: "r1", genre: "zouk", popularity: 90),
            RelatedArtistRow(query: "q", related: "r2", genre: "afrobeat", popularity: 10),
        ]
        XCTAssertEqual(GenreInference(mode: .seed2020).infer(artistIDs: ["q"], related: rows).first?.genre, "zouk", "r1 < r2 in byte order")
        XCTAssertEqual(GenreInference(mode: .standard).infer(artistIDs: ["q"], related: rows).first?.genre, "zouk", "voter popularity 90 > 10")
        let flipped = rows.map { RelatedArtistRow(query: $0.query, related: $0.related, genre: $0.genre, popularity: 100 - ($0.popularity ?? 0)) }
        XCTAssertEqual(GenreInference(mode: .standard).infer(artistIDs: ["q"], related: flipped).first?.genre, "afrobeat")
        XCTAssertEqual(GenreInference(mode: .seed2020).infer(artistIDs: ["q"], related: flipped).first?.genre, "zouk")
        let own = GenreInference(mode: .standard).infer(artistIDs: ["q"], related: rows, ownGenres: ["q": ["k-pop"]])
        XCTAssertEqual(own, [GenreAssignment(artistID: "q", genre: "k-pop", source: .direct)])
        let unknown = PopularityInference(mode: .standard).infer(artistIDs: ["nobody"], related: rows)
        XCTAssertEqual(unknown.first?.popularity, nil)
        XCTAssertEqual(PopularityInference(mode: .seed2020).infer(artistIDs: ["nobody"], related: rows).first?.popularity, 0)
    }

    /// np.round: halves go to the even neighbour.
    func testPopularityMeanRoundsHalfToEven() {
        func mean(_ values: [Int]) -> Int? {
            let rows = values.enumerated().map { RelatedArtistRow(query: "q", related: "r\($0.offset)", genre: "g", popularity: $0.element) }
            return PopularityInference(mode: .seed2020).infer(artistIDs: ["q"], related: rows).first?.popularity
        }
        XCTAssertEqual(mean([49, 50]), 50)
        XCTAssertEqual(mean([56, 57]), 56)
        XCTAssertEqual(mean([62, 63]), 62)
        XCTAssertEqual(mean([1, 2, 3]), 2)
    }
}
