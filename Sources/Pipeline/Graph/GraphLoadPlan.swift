import FalkorDBClient
import MusicGraph

/// What `atlas graph load` sends: the schema, then one `UNWIND $rows …` statement per node label
/// and relationship type, with the rows taken from an `ArtistGraph`.
///
/// Property names are the seed's Neo4j ones (`artist_id`, `artist_name`, `track_id`,
/// `track_name`, `genre_id`), as in the Neo4j bundle, so the seed's Cypher runs unchanged. Rows are
/// positional lists (`r[0]`), which the server parses faster than maps.
///
/// Each phase has two statements. `merge` (MERGE on the unique id, then SET) is the incremental
/// load into an existing graph: a rerun creates nothing and, as FalkorDB does not count a property
/// set to its current value, changes nothing. `create` fills an empty graph: the rows are
/// duplicate-free (`ArtistGraph` keeps each id and edge once), so nothing needs looking up first,
/// and FalkorDB creates 60k track nodes in a third of the time MERGE takes (Docs/performance.md).
package enum GraphLoadPlan {
    /// One kind of rows and the statement that merges a batch of them.
    package struct Phase: Sendable {
        /// `Artist`, `ART_TR`, …
        package let name: String
        /// Whether the rows are relationships (counted as such in reports).
        package let isRelationship: Bool
        /// The incremental statement; `$rows` is the batch.
        package let merge: String
        /// The statement for an empty graph.
        package let create: String
        /// The rows of `graph`.
        package let rows: @Sendable (ArtistGraph) -> [CypherValue]
    }

    /// Unique ids (each with its index).
    package static let uniqueKeys: [FalkorGraph.NodeProperty] = [
        .init("Artist", "artist_id"), .init("Track", "track_id"), .init("Genre", "genre_id"),
    ]
    /// Plain indexes for look-ups by name.
    package static let nameIndexes: [FalkorGraph.NodeProperty] = [.init("Artist", "artist_name"), .init("Track", "track_name")]

    /// The phases in load order (nodes before the relationships that join them).
    package static let phases: [Phase] = [
        Phase(name: "Artist", isRelationship: false, merge: """
            UNWIND $rows AS r MERGE (a:Artist {artist_id: r[0]}) \
            SET a.artist_name = r[1], a.is_main = r[2], a.popularity = r[3], a.popularity_source = r[4]
            """, create: """
            UNWIND $rows AS r \
            CREATE (:Artist {artist_id: r[0], artist_name: r[1], is_main: r[2], popularity: r[3], popularity_source: r[4]})
            """, rows: artistRows),
        Phase(name: "Track", isRelationship: false, merge: """
            UNWIND $rows AS r MERGE (t:Track {track_id: r[0]}) \
            SET t.track_name = r[1], t.peak_date = date(r[2]), t.streams = r[3], t.source = r[4]
            """, create: """
            UNWIND $rows AS r \
            CREATE (:Track {track_id: r[0], track_name: r[1], peak_date: date(r[2]), streams: r[3], source: r[4]})
            """, rows: trackRows),
        Phase(name: "Genre", isRelationship: false, merge: "UNWIND $rows AS r MERGE (:Genre {genre_id: r})",
              create: "UNWIND $rows AS r CREATE (:Genre {genre_id: r})", rows: genreRows),
        Phase(name: "ART_TR", isRelationship: true, merge: """
            UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (t:Track {track_id: r[1]}) MERGE (a)-[:ART_TR]->(t)
            """, create: """
            UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (t:Track {track_id: r[1]}) CREATE (a)-[:ART_TR]->(t)
            """, rows: linkRows),
        Phase(name: "REL_ART", isRelationship: true, merge: """
            UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (b:Artist {artist_id: r[1]}) \
            MERGE (a)-[e:REL_ART {source: r[2]}]->(b) SET e.weight = r[3]
            """, create: """
            UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (b:Artist {artist_id: r[1]}) \
            CREATE (a)-[:REL_ART {source: r[2], weight: r[3]}]->(b)
            """, rows: relationRows),
        Phase(name: "GEN_ART", isRelationship: true, merge: """
            UNWIND $rows AS r MATCH (g:Genre {genre_id: r[0]}), (a:Artist {artist_id: r[1]}) \
            MERGE (g)-[e:GEN_ART]->(a) SET e.source = r[2]
            """, create: """
            UNWIND $rows AS r MATCH (g:Genre {genre_id: r[0]}), (a:Artist {artist_id: r[1]}) \
            CREATE (g)-[:GEN_ART {source: r[2]}]->(a)
            """, rows: genreAssignmentRows),
    ]

    private static func artistRows(_ graph: ArtistGraph) -> [CypherValue] { artistRows(graph.artists, popularity: graph.popularity) }
    private static func trackRows(_ graph: ArtistGraph) -> [CypherValue] { trackRows(graph.tracks) }
    private static func genreRows(_ graph: ArtistGraph) -> [CypherValue] { genreRows(graph.genres) }
    private static func linkRows(_ graph: ArtistGraph) -> [CypherValue] { linkRows(graph.links) }
    private static func relationRows(_ graph: ArtistGraph) -> [CypherValue] { relationRows(graph.relations) }
    private static func genreAssignmentRows(_ graph: ArtistGraph) -> [CypherValue] { genreAssignmentRows(graph.genreAssignments) }

    // MARK: Rows in each phase's positional layout (`r[0]`, `r[1]`, … in the statements)

    /// `Artist` rows; `popularity` is aligned with `artists`.
    static func artistRows(_ artists: [Artist], popularity: [PopularityAssignment?]) -> [CypherValue] {
        zip(artists, popularity).map { (artist: Artist, popularity: PopularityAssignment?) -> CypherValue in
            let fields: [CypherValue] = [
                .string(artist.id), .string(artist.name), .boolean(artist.isMain),
                CypherValue.optional(popularity?.popularity), CypherValue.optional(popularity?.source.rawValue),
            ]
            return .list(fields)
        }
    }

    /// `Track` rows (no `peak_date` for tracks without one).
    static func trackRows(_ tracks: [Track]) -> [CypherValue] {
        tracks.map { (track: Track) -> CypherValue in
            let date: CypherValue = track.peakDate.isEmpty ? .null : .string(track.peakDate)
            let fields: [CypherValue] = [.string(track.id), .string(track.name), date, .integer(track.streams), .string(track.source.rawValue)]
            return .list(fields)
        }
    }

    /// `Genre` rows: the names.
    static func genreRows(_ genres: [String]) -> [CypherValue] {
        genres.map { (genre: String) -> CypherValue in .string(genre) }
    }

    /// `ART_TR` rows.
    static func linkRows(_ links: [ArtistTrackLink]) -> [CypherValue] {
        links.map { (link: ArtistTrackLink) -> CypherValue in .list([.string(link.artistID), .string(link.trackID)]) }
    }

    /// `REL_ART` rows.
    static func relationRows(_ edges: [RelatedArtistEdge]) -> [CypherValue] {
        edges.map { (edge: RelatedArtistEdge) -> CypherValue in
            .list([.string(edge.from), .string(edge.to), .string(edge.source.rawValue), .double(edge.weight)])
        }
    }

    /// `GEN_ART` rows.
    static func genreAssignmentRows(_ assignments: [GenreAssignment]) -> [CypherValue] {
        assignments.map { (assignment: GenreAssignment) -> CypherValue in
            .list([.string(assignment.genre), .string(assignment.artistID), .string(assignment.source.rawValue)])
        }
    }
}
