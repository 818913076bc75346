import AtlasStore
import Foundation
import KworbScraper
import MusicGraph
import SpotifyClient

/// `tracks`: for chart artists, their kworb song page (`artist/<id>_songs.html`; the 2020
/// `artist/<id>.html` table in `seed2020` mode) → the top songs into `master_track` and every row
/// into `track_source`; for the other artists, Spotify albums and their tracks (`streams = -1`,
/// peak date = album release day, SEED-SPEC §2.2).
///
/// Pages of a batch are fetched concurrently (the fetcher's limits apply) and written in store
/// order in one transaction with the artists' "done" marks, so the first artist to list a track
/// names it, exactly as a sequential run would, and a kill loses at most one batch.
package struct TracksStep {
    /// Tracks taken from a non-chart artist's albums (the seed's top-tracks call gave ≤ 10).
    package static let tracksPerExtraArtist = 10

    /// Runs the step.
    package static func run(_ context: StepContext) async throws -> StepOutcome {
        let writer = DatasetWriter(context.connection)
        let items = StepItems("tracks", on: context.connection)
        let done = try items.finished()
        let all = try writer.artists()
        guard !all.isEmpty else { throw StepError.missingInput(step: .tracks, reason: "master_artist is empty: run the artists step first") }
        let unfinished = all.filter { !done.contains($0.id) }
        let pending = unfinished.filter { $0.isMain || context.spotify != nil }
        let skipped = unfinished.count - pending.count
        let progress = context.progress("tracks", total: pending.count)
        var newTracks = 0, missing = 0, failures: [String] = []
        for batch in pending.chunks(of: context.configuration.batchSize) {
            let results = await fetch(batch, context: context)
            try context.connection.transaction("tracks batch") {
                var finished: [String] = []
                for (artist, result) in zip(batch, results) {
                    switch result {
                    case .success(let found):
                        newTracks += try writer.insertTracks(found.tracks)
                        try writer.insertTrackSources(found.appearances, source: artist.isMain ? "kworb" : "spotify")
                        finished.append(artist.id)
                        if found.missing { missing += 1 }
                    case .failure(let error):
                        failures.append("\(artist.name) (\(artist.id)): \(error)")
                    }
                }
                try items.markFinished(finished)
            }
            progress.advance(by: batch.count)
        }
        progress.finish("\(pending.count - failures.count) artists read, \(newTracks) new tracks, \(missing) without a page, \(failures.count) failed")
        if !failures.isEmpty { throw StepError.itemsFailed(step: .tracks, failed: failures.count, of: pending.count, first: failures[0]) }
        return StepOutcome(rows: newTracks, detail: "\(newTracks) new tracks from \(pending.count) artists (\(missing) without a page)"
                           + (skipped > 0 ? "; \(skipped) non-chart artists skipped (no Spotify credentials)" : ""))
    }

    /// What one artist's source gave.
    struct Found: Sendable {
        var tracks: [DatasetWriter.TrackRow]
        var appearances: [(artistID: String, trackID: String, featured: Bool)]
        var missing = false
    }

    /// Fetches and parses the batch concurrently; results in batch order.
    static func fetch(_ batch: [(id: String, name: String, isMain: Bool)], context: StepContext) async -> [Result<Found, any Error>] {
        let configuration = context.configuration
        let fetcher = context.fetcher
        let spotify = context.spotify
        return await concurrently(batch) { artist in
            do {
                if artist.isMain { return try await kworbSongs(artist.id, configuration: configuration, fetcher: fetcher) }
                guard let spotify else { throw SpotifyError.missingCredentials }
                return try await spotifyTracks(artist.id, mode: configuration.mode, client: spotify)
            } catch FetchError.httpStatus(_, 404) {
                // kworb has no page for this artist: nothing to store, nothing to retry.
                return Found(tracks: [], appearances: [], missing: true)
            }
        }
    }

    /// A chart artist's songs from kworb.
    static func kworbSongs(_ artistID: String, configuration: PipelineConfiguration, fetcher: PageFetcher) async throws -> Found {
        let limit = configuration.songsPerArtist
        if configuration.mode == .seed2020 {
            let url = configuration.kworbURL("artist/\(artistID).html")
            let rows = try KworbLegacyArtistPageParser.parse(try await fetcher.fetch(url).data, source: url.absoluteString, mode: .seed2020)
            let chosen = KworbSteps.topSongs(rows, limit: limit, mode: .seed2020)
            return Found(tracks: chosen.map { .init(id: $0.id, name: $0.name, peakDate: $0.peakDate, streams: $0.streams) },
                         appearances: rows.map { (artistID: artistID, trackID: $0.trackID, featured: false) }
                            + rows.flatMap { row in row.with.map { (artistID: $0.id, trackID: row.trackID, featured: true) } })
        }
        let url = configuration.kworbURL("artist/\(artistID)_songs.html")
        let page = try KworbArtistSongsParser.parse(try await fetcher.fetch(url).data, source: url.absoluteString)
        let chosen = KworbSteps.topSongs(page, limit: limit, mode: .standard)
        return Found(tracks: chosen.map { .init(id: $0.id, name: $0.name, peakDate: $0.peakDate, streams: $0.streams) },
                     appearances: page.songs.map { (artistID: artistID, trackID: $0.trackID, featured: $0.featuredOnly) })
    }

    /// A non-chart artist's tracks from Spotify: top tracks in `seed2020` mode while that
    /// endpoint answers, otherwise the newest albums' tracks (top-tracks is gone for new apps).
    static func spotifyTracks(_ artistID: String, mode: PipelineMode, client: SpotifyClient) async throws -> Found {
        var tracks: [(track: SpotifyTrack, release: SpotifyReleaseDate?)] = []
        if mode == .seed2020 {
            do {
                tracks = try await client.topTracks(artistID).map { ($0, $0.album?.releaseDate) }
            } catch {
                guard case .endpointUnavailable = error else { throw error }
                tracks = []
            }
        }
        if tracks.isEmpty {
            let albums = try await client.artistAlbums(artistID, limit: 10).items
            for album in albums where tracks.count < tracksPerExtraArtist {
                let page = try await client.albumTracks(album.id, limit: 10)
                tracks += page.items.prefix(tracksPerExtraArtist - tracks.count).map { ($0, album.releaseDate) }
            }
        }
        let rows = tracks.prefix(tracksPerExtraArtist).map { item in
            DatasetWriter.TrackRow(
                id: item.track.id, name: mode == .seed2020 ? item.track.name.replacingOccurrences(of: "'", with: " ").lowercased() : item.track.name,
                peakDate: item.release?.isoDay, streams: -1, durationMS: item.track.durationMS)
        }
        let appearances = tracks.prefix(tracksPerExtraArtist).flatMap { item in
            item.track.artists.compactMap { artist in artist.id.map { (artistID: $0, trackID: item.track.id, featured: $0 != artistID) } }
        }
        return Found(tracks: rows, appearances: appearances)
    }
}
