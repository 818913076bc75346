import AtlasStore
import CatalogMatching
import MusicGraph
import SimilarArtists
import SpotifyClient

/// Deezer's related artists for every artist of ours, in two resumable passes:
///
/// 1. **identity** — each artist without a stored Deezer mapping is resolved
///    (`DeezerArtistResolver`: ISRC vote, track-search vote, name search) and the mapping stored
///    with its evidence, accepted or not, so a rerun does not ask again;
/// 2. **related** — each mapped artist's fans (`GET /artist/{id}`) and related artists
///    (`GET /artist/{id}/related`), turned into edges between our artists once every mapping is
///    known (`SimilarArtistEdges`), committed with the artist's done mark (`related.deezer`).
///
/// A failed artist (quota through every retry, network) is reported and left for the next run.
package struct DeezerCollection {
    /// Deezer.
    package let deezer: DeezerClient
    /// Spotify for ISRCs, when configured.
    package let spotify: SpotifyClient?
    /// Related artists asked for per artist (Deezer gives up to about 40).
    package var relatedLimit: Int

    /// A collection.
    package init(deezer: DeezerClient, spotify: SpotifyClient?, relatedLimit: Int = 40) {
        self.deezer = deezer
        self.spotify = spotify
        self.relatedLimit = relatedLimit
    }

    /// Runs both passes.
    package func run(_ context: CollectionContext) async throws -> CollectionReport {
        let store = CatalogueStore(context.connection)
        let artists = try store.artists()
        var report = try await resolve(artists, store: store, context: context)
        report.add(try await related(artists, store: store, context: context))
        return report
    }

    private func resolve(_ artists: [(id: String, name: String)], store: CatalogueStore, context: CollectionContext) async throws -> CollectionReport {
        let attempted = try store.attempted(.deezer)
        let pending = artists.filter { !attempted.contains($0.id) }
        let tracks = pending.isEmpty ? [:] : try store.tracks()
        let resolver = DeezerArtistResolver(deezer: deezer, spotify: spotify)
        let progress = context.progress("related (Deezer identities)", pending.count)
        var report = CollectionReport()
        var accepted = 0
        var succeeded = false
        for batch in pending.chunks(of: context.batchSize) {
            let results = await concurrently(batch) { artist in
                try await resolver.resolve(id: artist.id, name: artist.name, tracks: tracks[artist.id] ?? [])
            }
            succeeded = try CollectionStopped.check(results, succeededBefore: succeeded, collection: "Deezer identities")
            var mappings: [CatalogueMapping] = []
            for (artist, result) in zip(batch, results) {
                switch result {
                case .success(let mapping): mappings.append(mapping)
                case .failure(let error): report.failures.append("Deezer identity of \(artist.id): \(error)")
                }
            }
            try store.save(mappings)
            accepted += mappings.filter(\.isResolved).count
            progress.advance(by: batch.count)
        }
        progress.finish("\(accepted) of \(pending.count) artists mapped")
        return report
    }

    private func related(_ artists: [(id: String, name: String)], store: CatalogueStore, context: CollectionContext) async throws -> CollectionReport {
        let mapped = try store.mapped(.deezer)
        let items = StepItems("related.deezer", on: context.connection)
        let done = try items.finished()
        let pending = artists.filter { mapped[$0.id] != nil && !done.contains($0.id) }
        let edges = SimilarArtistEdges(artists: artists, deezerIDs: mapped.mapValues(\.id))
        let progress = context.progress("related (Deezer)", pending.count)
        var report = CollectionReport()
        var succeeded = false
        for batch in pending.chunks(of: context.batchSize) {
            let results = await concurrently(batch) { [deezer, relatedLimit] artist -> (DeezerArtist, [DeezerArtist]) in
                let id = Int64(mapped[artist.id]!.id) ?? 0
                return (try await deezer.artist(id), try await deezer.relatedArtists(id, limit: relatedLimit))
            }
            succeeded = try CollectionStopped.check(results, succeededBefore: succeeded, collection: "Deezer related artists")
            try context.connection.transaction("Deezer related batch") {
                var finished: [String] = [], found: [RelatedArtistEdge] = [], profiles: [CatalogueStore.Profile] = []
                for (artist, result) in zip(batch, results) {
                    switch result {
                    case .success(let (profile, related)):
                        found += edges.deezer(artist.id, related: related)
                        profiles.append(.init(artistID: artist.id, catalogue: .deezer, fans: profile.fans))
                        finished.append(artist.id)
                    case .failure(let error): report.failures.append("Deezer related of \(artist.id): \(error)")
                    }
                }
                try store.save(profiles)
                report.rows += try store.insert(found)
                try items.markFinished(finished)
            }
            progress.advance(by: batch.count)
        }
        progress.finish("\(report.rows) edges between our artists")
        return report
    }
}
