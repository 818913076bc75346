import AtlasStore
import CatalogMatching
import MusicGraph
import SimilarArtists

/// Last.fm's similar artists for every artist of ours: one `artist.getSimilar` call per artist
/// decides the mapping (`LastFMArtistResolver`) and, when accepted, gives the edges (weight
/// `match`); the mapping, the edges and the artist's done mark commit together, so a rerun
/// asks only for artists without a stored mapping.
package struct LastFMCollection {
    /// Last.fm.
    package let lastFM: LastFMClient
    /// Similar artists asked for per artist.
    package var limit: Int

    /// A collection.
    package init(lastFM: LastFMClient, limit: Int = 100) {
        self.lastFM = lastFM
        self.limit = limit
    }

    /// Runs the collection.
    package func run(_ context: CollectionContext) async throws -> CollectionReport {
        let store = CatalogueStore(context.connection)
        let artists = try store.artists()
        let attempted = try store.attempted(.lastfm)
        let pending = artists.filter { !attempted.contains($0.id) }
        let edges = SimilarArtistEdges(artists: artists, deezerIDs: [:])
        let resolver = LastFMArtistResolver(lastFM: lastFM)
        let progress = context.progress("related (Last.fm)", pending.count)
        var report = CollectionReport()
        var accepted = 0
        var succeeded = false
        for batch in pending.chunks(of: context.batchSize) {
            let results = await concurrently(batch) { [limit] artist in try await resolver.resolve(id: artist.id, name: artist.name, limit: limit) }
            succeeded = try CollectionStopped.check(results, succeededBefore: succeeded, collection: "Last.fm similar artists")
            try context.connection.transaction("Last.fm similar batch") {
                var mappings: [CatalogueMapping] = [], found: [RelatedArtistEdge] = []
                for (artist, result) in zip(batch, results) {
                    switch result {
                    case .success(let (mapping, similar)):
                        mappings.append(mapping)
                        found += edges.lastFM(artist.id, similar: similar)
                    case .failure(let error): report.failures.append("Last.fm similar of \(artist.id): \(error)")
                    }
                }
                try store.save(mappings)
                accepted += mappings.filter(\.isResolved).count
                report.rows += try store.insert(found)
            }
            progress.advance(by: batch.count)
        }
        progress.finish("\(accepted) of \(pending.count) artists mapped, \(report.rows) edges between our artists")
        return report
    }
}
