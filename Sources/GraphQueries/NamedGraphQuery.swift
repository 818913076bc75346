import FalkorDBClient

/// The queries `atlas graph query NAME …` ships with. Artists are given by Spotify id or by exact
/// name (every artist of that name then counts). Each has an SQL twin in the tests, so the graph
/// is checked against the store it was loaded from.
package enum NamedGraphQuery: String, CaseIterable, Sendable {
    /// Nodes per label and relationships per type.
    case counts
    /// Artists whose name contains the text (case-insensitive), most popular first.
    case find
    /// The most-streamed tracks with their artists and the artists' genres.
    case topTracks = "top-tracks"
    /// Artists reachable over REL_ART within `depth` hops, nearest first.
    case related
    /// Artists sharing genres with an artist, most shared first.
    case sharedGenres = "shared-genres"
    /// The shortest REL_ART chain from one artist to another (at most `depth` hops).
    case path

    /// The positional arguments it takes.
    package var argumentNames: [String] {
        switch self {
        case .counts, .topTracks: return []
        case .find: return ["TEXT"]
        case .related, .sharedGenres: return ["ARTIST"]
        case .path: return ["FROM", "TO"]
        }
    }

    /// One line for `--help`.
    package var summary: String {
        switch self {
        case .counts: return "nodes per label, relationships per type"
        case .find: return "artists whose name contains TEXT, most popular first (--limit)"
        case .topTracks: return "most-streamed tracks with artists and genres (--limit)"
        case .related: return "artists within --depth REL_ART hops of ARTIST (--limit)"
        case .sharedGenres: return "artists sharing genres with ARTIST (--limit)"
        case .path: return "shortest REL_ART chain FROM → TO of at most --depth hops"
        }
    }

    /// Why arguments do not fit.
    package struct UsageError: Error, CustomStringConvertible {
        /// What is wrong.
        package let message: String
        package var description: String { message }
    }

    /// The largest `depth` accepted: variable-length matches grow as (related per artist)^depth.
    package static let maximumDepth = 6

    /// The statement for `arguments`; `limit` caps rows, `depth` bounds hops (default 1 for
    /// `related`, 6 for `path`).
    package func statement(arguments: [String], limit: Int = 10, depth: Int? = nil) throws(UsageError) -> CypherStatement {
        guard arguments.count == argumentNames.count else {
            let usage = ([rawValue] + argumentNames).joined(separator: " ")
            throw UsageError(message: "\(rawValue) takes \(argumentNames.count) argument\(argumentNames.count == 1 ? "" : "s"): \(usage)")
        }
        guard limit >= 1 else { throw UsageError(message: "--limit must be at least 1") }
        let hops = depth ?? (self == .path ? Self.maximumDepth : 1)
        guard (1 ... Self.maximumDepth).contains(hops) else { throw UsageError(message: "--depth must be 1–\(Self.maximumDepth)") }
        let limitValue = CypherValue.integer(Int64(limit))
        switch self {
        case .counts:
            return CypherStatement("""
                MATCH (n) UNWIND labels(n) AS kind RETURN kind, count(*) AS total
                UNION ALL MATCH ()-[e]->() RETURN type(e) AS kind, count(e) AS total
                """)
        case .find:
            return CypherStatement("""
                MATCH (a:Artist) WHERE toLower(a.artist_name) CONTAINS toLower($text)
                RETURN a.artist_id AS artist_id, a.artist_name AS artist, a.popularity AS popularity
                ORDER BY popularity DESC, artist_id LIMIT $limit
                """, parameters: ["text": .string(arguments[0]), "limit": limitValue])
        case .topTracks:
            return CypherStatement("""
                MATCH (t:Track) WHERE t.streams > 0
                WITH t ORDER BY t.streams DESC, t.track_id LIMIT $limit
                MATCH (a:Artist)-[:ART_TR]->(t)
                OPTIONAL MATCH (g:Genre)-[:GEN_ART]->(a)
                WITH t, a, g ORDER BY a.artist_name, g.genre_id
                RETURN t.track_id AS track_id, t.track_name AS track, t.streams AS streams,
                       collect(DISTINCT a.artist_name) AS artists, collect(DISTINCT g.genre_id) AS genres
                ORDER BY streams DESC, track_id
                """, parameters: ["limit": limitValue])
        case .related:
            // The hop bound must be a literal in Cypher; it is a checked integer, never user text.
            return CypherStatement("""
                MATCH (a:Artist) WHERE a.artist_id = $artist OR a.artist_name = $artist
                MATCH p = (a)-[:REL_ART*1..\(hops)]->(b:Artist) WHERE b <> a
                WITH b, min(length(p)) AS hops
                RETURN b.artist_id AS artist_id, b.artist_name AS artist, hops ORDER BY hops, artist_id LIMIT $limit
                """, parameters: ["artist": .string(arguments[0]), "limit": limitValue])
        case .sharedGenres:
            return CypherStatement("""
                MATCH (a:Artist) WHERE a.artist_id = $artist OR a.artist_name = $artist
                MATCH (a)<-[:GEN_ART]-(g:Genre)-[:GEN_ART]->(b:Artist) WHERE b <> a
                WITH b, collect(DISTINCT g.genre_id) AS genres
                RETURN b.artist_id AS artist_id, b.artist_name AS artist, size(genres) AS shared, genres
                ORDER BY shared DESC, artist_id LIMIT $limit
                """, parameters: ["artist": .string(arguments[0]), "limit": limitValue])
        case .path:
            return CypherStatement("""
                MATCH (a:Artist) WHERE a.artist_id = $from OR a.artist_name = $from
                MATCH (b:Artist) WHERE b.artist_id = $to OR b.artist_name = $to
                WITH shortestPath((a)-[:REL_ART*1..\(hops)]->(b)) AS p WHERE p IS NOT NULL
                RETURN length(p) AS hops, [n IN nodes(p) | n.artist_name] AS artists, [n IN nodes(p) | n.artist_id] AS ids
                ORDER BY hops LIMIT 1
                """, parameters: ["from": .string(arguments[0]), "to": .string(arguments[1])])
        }
    }
}
