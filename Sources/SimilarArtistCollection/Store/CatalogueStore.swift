import AtlasStore
import CatalogMatching
import Foundation
import MusicGraph

/// The store side of similar-artist collection: our artists and their top tracks, the mappings
/// to other catalogues (`artist_identity`), what those catalogues say about an artist
/// (`artist_catalog_profile`) and the edges. Values travel as array parameters, never as SQL.
package struct CatalogueStore {
    private let connection: PostgresConnection

    /// A store on `connection`.
    package init(_ connection: PostgresConnection) { self.connection = connection }

    /// `master_artist` (id, name) in store order.
    package func artists() throws(PostgresError) -> [(id: String, name: String)] {
        try connection.execute("SELECT artist_id, artist_name FROM master_artist ORDER BY ordinal", purpose: "read artists").rows.map {
            ($0["artist_id"] ?? "", $0["artist_name"] ?? "")
        }
    }

    /// Each artist's tracks, most streamed first (kworb's order; Spotify-only tracks last).
    package func tracks() throws(PostgresError) -> [String: [DeezerArtistResolver.TrackHint]] {
        var hints: [String: [DeezerArtistResolver.TrackHint]] = [:]
        for row in try connection.execute("""
            SELECT l.artist_id, t.track_id, t.track_name FROM rel_artist_track l JOIN master_track t USING (track_id)
            ORDER BY l.artist_id, t.streams DESC, t.ordinal
            """, purpose: "read artists' tracks").rows {
            guard let artist = row["artist_id"], let id = row["track_id"], let title = row["track_name"] else { continue }
            hints[artist, default: []].append(.init(spotifyID: id, title: title))
        }
        return hints
    }

    /// Our artists with a stored mapping (accepted or not) in `catalogue`.
    package func attempted(_ catalogue: Catalogue) throws(PostgresError) -> Set<String> {
        Set(try connection.execute("SELECT artist_id FROM artist_identity WHERE catalogue = $1", [catalogue.rawValue], purpose: "read attempted mappings")
            .rows.compactMap { $0["artist_id"] })
    }

    /// Accepted mappings in `catalogue`: our id → (external id, external name).
    package func mapped(_ catalogue: Catalogue) throws(PostgresError) -> [String: (id: String, name: String)] {
        var out: [String: (id: String, name: String)] = [:]
        for row in try connection.execute("""
            SELECT artist_id, external_id, external_name FROM artist_identity WHERE catalogue = $1 AND external_id IS NOT NULL
            """, [catalogue.rawValue], purpose: "read mappings").rows {
            if let ours = row["artist_id"], let id = row["external_id"] { out[ours] = (id, row["external_name"] ?? id) }
        }
        return out
    }

    /// Stores `mappings`, replacing earlier ones of the same artist and catalogue.
    package func save(_ mappings: [CatalogueMapping]) throws(PostgresError) {
        guard !mappings.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let evidence = mappings.map { String(decoding: (try? encoder.encode($0.evidence)) ?? Data("[]".utf8), as: UTF8.self) }
        try connection.execute("""
            INSERT INTO artist_identity (artist_id, catalogue, external_id, external_name, method, confidence, threshold, evidence)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::text[])
            ON CONFLICT (artist_id, catalogue) DO UPDATE SET external_id = EXCLUDED.external_id, external_name = EXCLUDED.external_name,
                method = EXCLUDED.method, confidence = EXCLUDED.confidence, threshold = EXCLUDED.threshold,
                evidence = EXCLUDED.evidence, resolved_at = now()
            """, [PostgresArray.literal(mappings.map(\.artistID)), PostgresArray.literal(mappings.map(\.catalogue.rawValue)),
                  PostgresArray.literal(mappings.map(\.externalID)), PostgresArray.literal(mappings.map(\.externalName)),
                  PostgresArray.literal(mappings.map(\.method.rawValue)), PostgresArray.literal(mappings.map { String($0.confidence) }),
                  PostgresArray.literal(mappings.map { String($0.threshold) }), PostgresArray.literal(evidence)],
            purpose: "store \(mappings.count) catalogue mappings")
    }

    /// One catalogue's word on an artist: genres and, from Deezer, fans.
    package struct Profile: Sendable {
        /// Our artist.
        package var artistID: String
        /// The catalogue.
        package var catalogue: Catalogue
        /// Genres, most applied first (empty when the catalogue has none).
        package var genres: [String]?
        /// Fans (Deezer `nb_fan`).
        package var fans: Int?

        /// A profile.
        package init(artistID: String, catalogue: Catalogue, genres: [String]? = nil, fans: Int? = nil) {
            self.artistID = artistID
            self.catalogue = catalogue
            self.genres = genres
            self.fans = fans
        }
    }

    /// Stores `profiles`; a profile without genres (or fans) keeps the stored ones.
    package func save(_ profiles: [Profile]) throws(PostgresError) {
        guard !profiles.isEmpty else { return }
        try connection.execute("""
            INSERT INTO artist_catalog_profile (artist_id, catalogue, genres, fans)
            SELECT id, c, CASE WHEN has THEN string_to_array(g, E'\\x1F') ELSE '{}' END, f
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::bigint[]) AS t(id, c, g, has, f)
            ON CONFLICT (artist_id, catalogue) DO UPDATE SET
                genres = CASE WHEN EXCLUDED.genres = '{}' THEN artist_catalog_profile.genres ELSE EXCLUDED.genres END,
                fans = coalesce(EXCLUDED.fans, artist_catalog_profile.fans)
            """, [PostgresArray.literal(profiles.map(\.artistID)), PostgresArray.literal(profiles.map(\.catalogue.rawValue)),
                  // Genres of one artist joined by the unit separator (never in a genre).
                  PostgresArray.literal(profiles.map { ($0.genres ?? []).map { $0.replacingOccurrences(of: "\u{1F}", with: " ") }.joined(separator: "\u{1F}") }),
                  PostgresArray.literal(profiles.map { ($0.genres?.isEmpty == false) ? "t" : "f" }),
                  PostgresArray.literal(profiles.map { $0.fans.map(String.init) })],
            purpose: "store \(profiles.count) catalogue profiles")
    }

    /// Our artists whose own Spotify profile has genres.
    package func artistsWithSpotifyGenres() throws(PostgresError) -> Set<String> {
        Set(try connection.execute("SELECT artist_id FROM spotify_artist_profile WHERE cardinality(genres) > 0", purpose: "read artists with Spotify genres")
            .rows.compactMap { $0["artist_id"] })
    }

    /// Inserts `edges`, leaving existing ones alone; returns how many were new.
    package func insert(_ edges: [RelatedArtistEdge]) throws(PostgresError) -> Int {
        guard !edges.isEmpty else { return 0 }
        return try connection.execute("""
            INSERT INTO related_artist_edge (artist_id, related_id, source, weight)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) ON CONFLICT DO NOTHING
            """, [PostgresArray.literal(edges.map(\.from)), PostgresArray.literal(edges.map(\.to)), PostgresArray.literal(edges.map(\.source.rawValue)),
                  PostgresArray.literal(edges.map { String($0.weight) })], purpose: "insert \(edges.count) related edges").affected ?? 0
    }
}
