import Foundation
import MusicGraph
import TestSupport
import XCTest

extension SharedFixtures {
    /// A parsed shared table.
    static func table(_ relative: String) throws -> DelimitedTable { try DelimitedTable(contentsOf: try path(relative)) }
}

/// A small fixture committed with the tests (the recorded Spotify responses in TestSupport).
enum LocalFixtures {
    static func data(_ name: String) throws -> Data { try RecordedFixtures.data(name) }
}

/// The full 2020 data, loaded once per test process.
enum Seed2020 {
    struct Data {
        let artists: [Artist]
        let related: [RelatedArtistRow]
        let tracks: [Track]
        let links: [ArtistTrackLink]
        let relations: [RelatedArtistEdge]
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: Data?
    nonisolated(unsafe) private static var cachedGraph: ArtistGraph?

    /// The 2020 graph with seed-mode genres and popularity.
    static func graph() throws -> ArtistGraph {
        let seed = try load()
        return lock.withLock {
            if let cachedGraph { return cachedGraph }
            let inferred = DatasetInference(mode: .seed2020).run(artists: seed.artists, related: seed.related)
            let graph = ArtistGraph(
                artists: seed.artists, tracks: seed.tracks, links: seed.links, relations: seed.relations,
                genres: inferred.genres, popularity: inferred.popularity)
            cachedGraph = graph
            return graph
        }
    }

    static func load() throws -> Data {
        try lock.withLock {
            if let cached { return cached }
            let data = Data(
                artists: try SeedTables.artists(SharedFixtures.table("seed-2020/master_artist.csv")),
                related: try SeedTables.relatedRows(SharedFixtures.table("seed-2020/rel_artist_artist.csv")),
                tracks: try SeedTables.tracks(SharedFixtures.table("seed-2020/master_track.csv")),
                links: try SeedTables.links(SharedFixtures.table("seed-2020/rel_ART_TR.csv")),
                relations: try SeedTables.relatedEdges(SharedFixtures.table("seed-2020/rel_REL_ART.csv")))
            cached = data
            return data
        }
    }
}
