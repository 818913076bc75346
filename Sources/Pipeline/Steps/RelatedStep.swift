import AtlasStore
import Foundation
import MusicGraph
import SimilarArtistCollection
import SpotifyClient

/// `related`: who resembles whom (SEED-SPEC §2.3, issue 16).
///
/// 1. In the default mode, each artist's own Spotify profile (genres; popularity where still
///    served) — `GET /artists/{id}`, which new apps keep.
/// 2. The similar-artist sources in order of preference (`--similar-sources`, default every one
///    available): Spotify's related artists (the seed's rules in `seed2020`,
///    RelatedArtistsCollector; skipped with a note when the endpoint answers 404/403, as it does
///    for apps made after 2024-11-27), Deezer's related artists and Last.fm's similar artists
///    (SimilarArtistCollection: cross-catalogue identity, then edges between our artists). Every
///    source's edges are kept, each row with its `source` and `weight`.
/// 3. Genres from Last.fm tags or Deezer albums for artists Spotify gives none.
/// 4. The kworb co-feature fallback (MusicGraph `CoFeatureRelations`) — collaboration, not
///    similarity — only for artists no similarity source related to anyone.
/// 5. The genre vote's `rel_artist_artist` rows: Spotify's come with its answer; for every other
///    artist, one row per genre of each related artist, from the first source in preference
///    order that related the artist.
package struct RelatedStep {
    /// Runs the step.
    package static func run(_ context: StepContext) async throws -> StepOutcome {
        let writer = DatasetWriter(context.connection)
        let artists = try writer.artists()
        guard !artists.isEmpty else { throw StepError.missingInput(step: .related, reason: "master_artist is empty: run the artists step first") }
        let sources = context.configuration.effectiveSimilarSources
        var rows = 0
        var failures: [String] = []
        var notes: [String] = []
        if let spotify = context.spotify, context.configuration.mode == .standard {
            rows += try await profiles(artists.map(\.id), client: spotify, context: context, failures: &failures)
        }
        let collection = CollectionContext(connection: context.connection, batchSize: context.configuration.batchSize) { label, total in
            context.progress(label, total: total)
        }
        for source in sources {
            var report = CollectionReport()
            switch source {
            case .spotify:
                guard let spotify = context.spotify else {
                    notes.append("spotify: no Spotify credentials")
                    continue
                }
                do {
                    report.rows = try await spotifyRelated(artists.map(\.id), client: spotify, context: context, failures: &failures)
                } catch {
                    guard let spotifyError = error as? SpotifyError, case .endpointUnavailable(let endpoint) = spotifyError else { throw error }
                    notes.append("spotify: \(endpoint.rawValue) is unavailable to this app")
                }
            case .deezer:
                guard let deezer = context.deezer else {
                    notes.append("deezer: not configured")
                    continue
                }
                report = try await DeezerCollection(deezer: deezer, spotify: context.spotify).run(collection)
            case .lastfm:
                guard let lastFM = context.lastFM else {
                    notes.append("lastfm: no LASTFM_API_KEY")
                    continue
                }
                report = try await LastFMCollection(lastFM: lastFM).run(collection)
            case .kworbCofeature:
                continue
            }
            rows += report.rows
            failures += report.failures
        }
        if context.configuration.mode == .standard, sources.contains(.deezer) || sources.contains(.lastfm) {
            let report = try await CatalogGenreCollection(lastFM: sources.contains(.lastfm) ? context.lastFM : nil,
                                                          deezer: sources.contains(.deezer) ? context.deezer : nil).run(collection)
            failures += report.failures
        }
        // In `seed2020` co-features stand in only when Spotify gave nothing, as in 2020.
        let spotifyAnswered = sources.contains(.spotify) && context.spotify != nil && !notes.contains { $0.hasPrefix("spotify:") }
        if sources.contains(.kworbCofeature), context.configuration.mode == .standard || !spotifyAnswered {
            let fallback = try coFeatures(context)
            rows += fallback
            notes.append("kworb-cofeature: \(fallback) edges for artists no similarity source related")
        }
        rows += try voteRows(context, sources: sources)
        let bySource = try context.connection.execute("SELECT source, count(*) AS n FROM related_artist_edge GROUP BY source ORDER BY source",
                                                      purpose: "count edges by source").rows.map { "\($0["source"] ?? "") \($0["n"] ?? "0")" }
        let detail = "edges by source: " + (bySource.isEmpty ? "none" : bySource.joined(separator: ", ")) + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))
        context.log("related: \(detail)")
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

    /// The co-feature fallback over the stored links, for artists without similarity edges, in
    /// one transaction (idempotent).
    static func coFeatures(_ context: StepContext) throws -> Int {
        let reader = DatasetReader(context.connection)
        let related = Set(try reader.relations().filter { $0.source != .kworbCofeature }.map(\.from))
        let edges = CoFeatureRelations(maximumPerArtist: context.configuration.coFeatureLimit).edges(links: try reader.links(), tracks: try reader.tracks())
            .filter { !related.contains($0.from) }
        return try context.connection.transaction("co-feature relations") { try CatalogueStore(context.connection).insert(edges) }
    }

    /// The genre vote's rows for artists Spotify's answer did not give rows: from the first source
    /// in `sources` order with edges from the artist, one row per genre of each related artist
    /// (its own profile's genres, `DatasetReader.profiles`). Idempotent.
    static func voteRows(_ context: StepContext, sources: [SimilarSource]) throws -> Int {
        let reader = DatasetReader(context.connection)
        var covered = Set(try context.connection.execute("SELECT DISTINCT query_artist FROM rel_artist_artist", purpose: "read voting artists")
            .rows.compactMap { $0["query_artist"] })
        let edges = Dictionary(grouping: try reader.relations(), by: \.source)
        let profiles = try reader.profiles()
        var rows: [RelatedArtistRow] = []
        for source in sources.compactMap({ RelationSource(rawValue: $0.rawValue) }) where source != .spotify {
            let bySource = Dictionary(grouping: edges[source] ?? [], by: \.from)
            for (from, outgoing) in bySource.sorted(by: { $0.key < $1.key }) where !covered.contains(from) {
                covered.insert(from)
                for edge in outgoing {
                    for genre in profiles.genres[edge.to] ?? [] {
                        rows.append(RelatedArtistRow(query: from, related: edge.to, genre: genre, popularity: profiles.popularity[edge.to]))
                    }
                }
            }
        }
        return try context.connection.transaction("related rows for the genre vote") { try insert(rows: rows, edges: [], connection: context.connection) }
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
        return inserted + (try CatalogueStore(connection).insert(edges))
    }
}

extension StepProgress: CollectionProgress {}
