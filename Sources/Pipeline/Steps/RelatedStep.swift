import AtlasStore
import Foundation
import MusicGraph
import SpotifyClient

/// `related`: who resembles whom (SEED-SPEC §2.3).
///
/// 1. In the default mode, each artist's own Spotify profile (genres; popularity where still
///    served) — `GET /artists/{id}`, which new apps keep.
/// 2. Spotify's related artists per artist → `rel_artist_artist` rows and `related_artist_edge`
///    edges (the seed's rules in `seed2020`, RelatedArtistsCollector).
/// 3. When the endpoint is gone (404/403 for apps made after 2024-11-27) or no Spotify client is
///    configured: the kworb co-feature fallback (MusicGraph `CoFeatureRelations`), with one
///    `rel_artist_artist` row per genre of the related artist's own profile, so the genre vote
///    still has votes.
package struct RelatedStep {
    /// Runs the step.
    package static func run(_ context: StepContext) async throws -> StepOutcome {
        let writer = DatasetWriter(context.connection)
        let artists = try writer.artists()
        guard !artists.isEmpty else { throw StepError.missingInput(step: .related, reason: "master_artist is empty: run the artists step first") }
        var rows = 0
        var failures: [String] = []
        if let spotify = context.spotify, context.configuration.mode == .standard {
            rows += try await profiles(artists.map(\.id), client: spotify, context: context, failures: &failures)
        }
        var fallbackReason = context.spotify == nil ? "no Spotify credentials" : nil
        if let spotify = context.spotify {
            do {
                rows += try await spotifyRelated(artists.map(\.id), client: spotify, context: context, failures: &failures)
            } catch {
                guard let spotifyError = error as? SpotifyError, case .endpointUnavailable(let endpoint) = spotifyError else { throw error }
                fallbackReason = "\(endpoint.rawValue) is unavailable to this app"
            }
        }
        var detail = "\(rows) rows from Spotify"
        if let fallbackReason {
            let fallback = try coFeatures(context)
            rows += fallback
            detail = "co-feature fallback (\(fallbackReason)): \(fallback) rows"
            context.log("related: \(detail)")
        }
        if !failures.isEmpty { throw StepError.itemsFailed(step: .related, failed: failures.count, of: artists.count, first: failures[0]) }
        return StepOutcome(rows: rows, detail: detail)
    }

    /// Fetches the profiles not fetched yet, a batch at a time.
    static func profiles(_ ids: [String], client: SpotifyClient, context: StepContext, failures: inout [String]) async throws -> Int {
        let items = StepItems("related.profile", on: context.connection)
        let done = try items.finished()
        let pending = ids.filter { !done.contains($0) }
        let progress = context.progress("related (artist profiles)", total: pending.count)
        var stored = 0
        for batch in pending.chunks(of: context.configuration.batchSize) {
            let results = await concurrently(batch) { id -> SpotifyArtist? in
                do { return try await client.artist(id) } catch {
                    guard case SpotifyError.notFound = error else { throw error }
                    return nil
                }
            }
            try context.connection.transaction("profiles batch") {
                var finished: [String] = [], profiles: [SpotifyArtist] = []
                for (id, result) in zip(batch, results) {
                    switch result {
                    case .success(let artist):
                        if let artist { profiles.append(artist) }
                        finished.append(id)
                    case .failure(let error): failures.append("profile \(id): \(error)")
                    }
                }
                if !profiles.isEmpty {
                    stored += try context.connection.execute("""
                        INSERT INTO spotify_artist_profile (artist_id, popularity, genres)
                        SELECT id, pop, string_to_array(g, E'\\x1F') FROM unnest($1::text[], $2::smallint[], $3::text[]) AS t(id, pop, g)
                        ON CONFLICT (artist_id) DO UPDATE SET popularity = EXCLUDED.popularity, genres = EXCLUDED.genres
                        """, [PostgresArray.literal(profiles.map(\.id)), PostgresArray.literal(profiles.map { $0.popularity.map(String.init) }),
                              // Genres of one artist joined by the unit separator (never in a genre).
                              PostgresArray.literal(profiles.map { ($0.genres ?? []).map { $0.replacingOccurrences(of: "\u{1F}", with: " ") }.joined(separator: "\u{1F}") })],
                        purpose: "store \(profiles.count) artist profiles").affected ?? 0
                }
                try items.markFinished(finished)
            }
            progress.advance(by: batch.count)
        }
        progress.finish("\(stored) profiles stored")
        return stored
    }

    /// Related artists from Spotify; throws `endpointUnavailable` as soon as the endpoint is gone.
    static func spotifyRelated(_ ids: [String], client: SpotifyClient, context: StepContext, failures: inout [String]) async throws -> Int {
        let items = StepItems("related", on: context.connection)
        let done = try items.finished()
        let known = Set(ids)
        let pending = ids.filter { !done.contains($0) }
        let collector = RelatedArtistsCollector(mode: context.configuration.mode.graphMode)
        let progress = context.progress("related (Spotify)", total: pending.count)
        var stored = 0
        for batch in pending.chunks(of: context.configuration.batchSize) {
            let results = await concurrently(batch) { id in try await client.relatedArtists(id) }
            for case .failure(let error) in results {
                if case SpotifyError.endpointUnavailable = error { throw error }
            }
            try context.connection.transaction("related batch") {
                var finished: [String] = []
                var collectedRows: [RelatedArtistRow] = [], edges: [RelatedArtistEdge] = []
                for (id, result) in zip(batch, results) {
                    switch result {
                    case .success(let related):
                        let infos = related.map { RelatedArtistInfo(id: $0.id, name: $0.name, genres: $0.genres ?? [], popularity: $0.popularity) }
                        let collected = collector.collect(query: id, related: infos, known: known)
                        collectedRows += collected.rows
                        edges += collected.edges
                        finished.append(id)
                    case .failure(let error): failures.append("related \(id): \(error)")
                    }
                }
                stored += try insert(rows: collectedRows, edges: edges, connection: context.connection)
                try items.markFinished(finished)
            }
            progress.advance(by: batch.count)
        }
        progress.finish("\(stored) rows stored")
        return stored
    }

    /// The co-feature fallback over the stored links, in one transaction (idempotent).
    static func coFeatures(_ context: StepContext) throws -> Int {
        let reader = DatasetReader(context.connection)
        let edges = CoFeatureRelations(maximumPerArtist: context.configuration.coFeatureLimit).edges(links: try reader.links(), tracks: try reader.tracks())
        let profiles = try reader.profiles()
        var rows: [RelatedArtistRow] = []
        for edge in edges {
            for genre in profiles.genres[edge.to] ?? [] {
                rows.append(RelatedArtistRow(query: edge.from, related: edge.to, genre: genre, popularity: profiles.popularity[edge.to]))
            }
        }
        return try context.connection.transaction("co-feature relations") { try insert(rows: rows, edges: edges, connection: context.connection) }
    }

    /// Inserts related rows and edges, leaving existing ones alone; returns how many were new.
    static func insert(rows: [RelatedArtistRow], edges: [RelatedArtistEdge], connection: PostgresConnection) throws(PostgresError) -> Int {
        var inserted = 0
        if !rows.isEmpty {
            inserted += try connection.execute("""
                INSERT INTO rel_artist_artist (query_artist, related_artist, genre, popularity)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::smallint[]) ON CONFLICT DO NOTHING
                """, [PostgresArray.literal(rows.map(\.query)), PostgresArray.literal(rows.map(\.related)), PostgresArray.literal(rows.map(\.genre)),
                      PostgresArray.literal(rows.map { $0.popularity.map(String.init) })], purpose: "insert \(rows.count) related rows").affected ?? 0
        }
        if !edges.isEmpty {
            inserted += try connection.execute("""
                INSERT INTO related_artist_edge (artist_id, related_id, source, weight)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) ON CONFLICT DO NOTHING
                """, [PostgresArray.literal(edges.map(\.from)), PostgresArray.literal(edges.map(\.to)), PostgresArray.literal(edges.map(\.source.rawValue)),
                      PostgresArray.literal(edges.map { String($0.weight) })], purpose: "insert \(edges.count) related edges").affected ?? 0
        }
        return inserted
    }
}
