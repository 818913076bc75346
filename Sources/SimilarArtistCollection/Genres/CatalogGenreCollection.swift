import AtlasStore
import CatalogMatching
import SimilarArtists

/// Genres from the other catalogues for artists whose Spotify profile has none (every artist
/// when Spotify is not used): Last.fm's top tags that read as genres (`LastFMTag.isGenreLike`,
/// at most `tagsKept`), else Deezer's album genres. Each artist is asked once
/// (`related.genres`); what was found is stored per catalogue in `artist_catalog_profile`.
package struct CatalogGenreCollection {
    /// Last.fm, when configured.
    package let lastFM: LastFMClient?
    /// Deezer, when configured.
    package let deezer: DeezerClient?
    /// Genre-like tags kept per artist.
    package var tagsKept: Int

    /// A collection.
    package init(lastFM: LastFMClient?, deezer: DeezerClient?, tagsKept: Int = 5) {
        self.lastFM = lastFM
        self.deezer = deezer
        self.tagsKept = tagsKept
    }

    /// Runs the collection.
    package func run(_ context: CollectionContext) async throws -> CollectionReport {
        let store = CatalogueStore(context.connection)
        let withGenres = try store.artistsWithSpotifyGenres()
        let lastFMNames = lastFM == nil ? [:] : try store.mapped(.lastfm)
        let deezerIDs = deezer == nil ? [:] : try store.mapped(.deezer)
        let items = StepItems("related.genres", on: context.connection)
        let done = try items.finished()
        let pending = try store.artists().filter {
            !withGenres.contains($0.id) && !done.contains($0.id) && (lastFMNames[$0.id] != nil || deezerIDs[$0.id] != nil)
        }
        let progress = context.progress("related (genres from Last.fm / Deezer)", pending.count)
        var report = CollectionReport()
        var succeeded = false
        for batch in pending.chunks(of: context.batchSize) {
            let results = await concurrently(batch) { [lastFM, deezer, tagsKept] artist -> CatalogueStore.Profile? in
                if let lastFM, let name = lastFMNames[artist.id]?.id {
                    let tags = try await lastFM.topTags(name: name).filter(\.isGenreLike).prefix(tagsKept).map { $0.name.lowercased() }
                    if !tags.isEmpty { return .init(artistID: artist.id, catalogue: .lastfm, genres: tags) }
                }
                if let deezer, let id = deezerIDs[artist.id].flatMap({ Int64($0.id) }) {
                    let genres = try await deezer.albumGenres(id).map { $0.lowercased() }
                    if !genres.isEmpty { return .init(artistID: artist.id, catalogue: .deezer, genres: genres) }
                }
                return nil
            }
            succeeded = try CollectionStopped.check(results, succeededBefore: succeeded, collection: "catalogue genres")
            try context.connection.transaction("catalogue genres batch") {
                var finished: [String] = [], profiles: [CatalogueStore.Profile] = []
                for (artist, result) in zip(batch, results) {
                    switch result {
                    case .success(let profile):
                        if let profile { profiles.append(profile) }
                        finished.append(artist.id)
                    case .failure(let error): report.failures.append("genres of \(artist.id): \(error)")
                    }
                }
                try store.save(profiles)
                report.rows += profiles.count
                try items.markFinished(finished)
            }
            progress.advance(by: batch.count)
        }
        progress.finish("\(report.rows) artists got genres")
        return report
    }
}
