/// A Neo4j 5 import bundle (GRAPH-QUEUE-NOTES §2): header-less data files with typed header files
/// beside them for `neo4j-admin database import full`, the same data files readable positionally
/// by `LOAD CSV` through `load.cypher`, and a README giving both commands.
///
/// Property names follow the seed's graph (`artist_id`, `artist_name`, `track_id`, `track_name`,
/// `genre_id`) so its Cypher queries keep working; the seed's 4.x `CREATE CONSTRAINT ON … ASSERT`
/// is replaced by the 4.4+/5 `FOR … REQUIRE` form.
public enum Neo4jBundle {
    /// The bundle's files, name → contents.
    public static func files(_ graph: ArtistGraph) -> [(String, String)] {
        var artists = "", tracks = "", genres = "", artTr = "", relArt = "", genArt = ""
        for (index, artist) in graph.artists.enumerated() {
            let popularity = graph.popularity[index]
            artists += row([
                quote(artist.id), quote(artist.name), artist.isMain ? "true" : "false",
                popularity?.popularity.map(String.init) ?? "", quote(popularity?.source.rawValue ?? ""),
            ])
        }
        for track in graph.tracks {
            tracks += row([quote(track.id), quote(track.name), track.peakDate, String(track.streams), quote(track.source.rawValue)])
        }
        for genre in graph.genres { genres += row([quote(genre)]) }
        for link in graph.links { artTr += row([quote(link.artistID), quote(link.trackID)]) }
        for edge in graph.relations {
            relArt += row([quote(edge.from), quote(edge.to), quote(edge.source.rawValue), String(edge.weight)])
        }
        for assignment in graph.genreAssignments {
            genArt += row([quote(assignment.genre), quote(assignment.artistID), quote(assignment.source.rawValue)])
        }
        return [
            ("artists.header.csv", "artist_id:ID(Artist),artist_name,is_main:boolean,popularity:int,popularity_source\n"),
            ("artists.csv", artists),
            ("tracks.header.csv", "track_id:ID(Track),track_name,peak_date:date,streams:long,source\n"),
            ("tracks.csv", tracks),
            ("genres.header.csv", "genre_id:ID(Genre)\n"),
            ("genres.csv", genres),
            ("art_tr.header.csv", ":START_ID(Artist),:END_ID(Track)\n"),
            ("art_tr.csv", artTr),
            ("rel_art.header.csv", ":START_ID(Artist),:END_ID(Artist),source,weight:double\n"),
            ("rel_art.csv", relArt),
            ("gen_art.header.csv", ":START_ID(Genre),:END_ID(Artist),source\n"),
            ("gen_art.csv", genArt),
            ("load.cypher", loadCypher),
            ("README.md", readme(graph)),
        ]
    }

    /// Writes the bundle into `directory`; returns the paths written.
    public static func write(_ graph: ArtistGraph, to directory: String) throws -> [String] {
        try ExportFiles.write(files(graph), to: directory)
    }

    /// Writes a string field for both readers: `neo4j-admin database import` (RFC 4180) and
    /// `LOAD CSV`, which by default (`dbms.import.csv.legacy_quote_escaping=true`) also reads `\"`
    /// inside quotes as an escaped quote. A field is therefore quoted only when it must be (a
    /// comma, a quote, a line break, surrounding spaces, or empty): a name ending in a backslash
    /// stays unquoted and both read it verbatim. A field that needs quotes *and* has a backslash
    /// before a quote (or at its end) cannot be written for legacy quoting at all (Neo4j's own
    /// documentation of the setting says so); `legacyUnsafeFields` counts those, and the bundle's
    /// README says what to set.
    static func quote(_ field: String) -> String {
        guard needsQuotes(field) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func needsQuotes(_ field: String) -> Bool {
        field.isEmpty || field.first?.isWhitespace == true || field.last?.isWhitespace == true
            || field.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    }

    /// Whether `LOAD CSV` with legacy quote escaping would misread the written field.
    static func isLegacyUnsafe(_ field: String) -> Bool {
        needsQuotes(field) && (field.hasSuffix("\\") || field.contains("\\\""))
    }

    /// String fields of `graph` that only `LOAD CSV` with `legacy_quote_escaping=false` reads verbatim.
    public static func legacyUnsafeFields(_ graph: ArtistGraph) -> Int {
        graph.artists.filter { isLegacyUnsafe($0.name) || isLegacyUnsafe($0.id) }.count
            + graph.tracks.filter { isLegacyUnsafe($0.name) || isLegacyUnsafe($0.id) }.count
            + graph.genres.filter(isLegacyUnsafe).count
    }

    private static func row(_ fields: [String]) -> String { fields.joined(separator: ",") + "\n" }

    static let loadCypher = """
        // MusicAtlas graph for Neo4j 4.4 and every 5.x (`CALL { WITH row … } IN TRANSACTIONS`, the
        // form both accept; 5.23 added a scope-clause form that older servers reject). Copy the
        // *.csv files (not *.header.csv) into
        // Neo4j's import/ directory, then: cypher-shell -f load.cypher
        // (Neo4j Browser: prefix each CALL … IN TRANSACTIONS statement with :auto.)
        CREATE CONSTRAINT artist_id IF NOT EXISTS FOR (a:Artist) REQUIRE a.artist_id IS UNIQUE;
        CREATE CONSTRAINT track_id IF NOT EXISTS FOR (t:Track) REQUIRE t.track_id IS UNIQUE;
        CREATE CONSTRAINT genre_id IF NOT EXISTS FOR (g:Genre) REQUIRE g.genre_id IS UNIQUE;
        CREATE INDEX artist_name IF NOT EXISTS FOR (a:Artist) ON (a.artist_name);
        CREATE INDEX track_name IF NOT EXISTS FOR (t:Track) ON (t.track_name);

        LOAD CSV FROM 'file:///artists.csv' AS row
        CALL {
          WITH row
          MERGE (a:Artist {artist_id: row[0]})
          SET a.artist_name = row[1], a.is_main = (row[2] = 'true'),
              a.popularity = toInteger(row[3]), a.popularity_source = row[4]
        } IN TRANSACTIONS OF 10000 ROWS;

        LOAD CSV FROM 'file:///tracks.csv' AS row
        CALL {
          WITH row
          MERGE (t:Track {track_id: row[0]})
          SET t.track_name = row[1], t.peak_date = CASE row[2] WHEN '' THEN null ELSE date(row[2]) END,
              t.streams = toInteger(row[3]), t.source = row[4]
        } IN TRANSACTIONS OF 10000 ROWS;

        LOAD CSV FROM 'file:///genres.csv' AS row
        CALL {
          WITH row
          MERGE (g:Genre {genre_id: row[0]})
        } IN TRANSACTIONS OF 10000 ROWS;

        LOAD CSV FROM 'file:///art_tr.csv' AS row
        CALL {
          WITH row
          MATCH (a:Artist {artist_id: row[0]}), (t:Track {track_id: row[1]})
          MERGE (a)-[:ART_TR]->(t)
        } IN TRANSACTIONS OF 10000 ROWS;

        LOAD CSV FROM 'file:///rel_art.csv' AS row
        CALL {
          WITH row
          MATCH (a:Artist {artist_id: row[0]}), (b:Artist {artist_id: row[1]})
          MERGE (a)-[r:REL_ART {source: row[2]}]->(b) SET r.weight = toFloat(row[3])
        } IN TRANSACTIONS OF 10000 ROWS;

        LOAD CSV FROM 'file:///gen_art.csv' AS row
        CALL {
          WITH row
          MATCH (g:Genre {genre_id: row[0]}), (a:Artist {artist_id: row[1]})
          MERGE (g)-[r:GEN_ART]->(a) SET r.source = row[2]
        } IN TRANSACTIONS OF 10000 ROWS;

        """

    private static func legacyNote(_ graph: ArtistGraph) -> String {
        let unsafe = legacyUnsafeFields(graph)
        guard unsafe > 0 else { return "Every name in this bundle loads verbatim either way." }
        return "\(unsafe) name(s) hold a backslash before a quote or at the end of a quoted field: LOAD CSV reads those verbatim only with `dbms.import.csv.legacy_quote_escaping=false` in neo4j.conf (`neo4j-admin database import` always does)."
    }

    static func readme(_ graph: ArtistGraph) -> String {
        """
        # MusicAtlas graph — Neo4j import bundle

        \(graph.artists.count) artists, \(graph.tracks.count) tracks, \(graph.genres.count) genres;
        \(graph.links.count) ART_TR, \(graph.relations.count) REL_ART, \(graph.genreAssignments.count) GEN_ART relationships.

        The `*.csv` data files have no header line; each `*.header.csv` holds the typed header.

        ## Offline bulk import (fastest; empty database, Neo4j stopped)

        ```sh
        bin/neo4j-admin database import full neo4j \\
          --nodes=Artist=import/artists.header.csv,import/artists.csv \\
          --nodes=Track=import/tracks.header.csv,import/tracks.csv \\
          --nodes=Genre=import/genres.header.csv,import/genres.csv \\
          --relationships=ART_TR=import/art_tr.header.csv,import/art_tr.csv \\
          --relationships=REL_ART=import/rel_art.header.csv,import/rel_art.csv \\
          --relationships=GEN_ART=import/gen_art.header.csv,import/gen_art.csv \\
          --skip-duplicate-nodes=true --skip-bad-relationships=true --overwrite-destination=true
        ```

        Then start Neo4j and create the constraints and indexes (the first five statements of
        `load.cypher`); a full import does not create them.

        ## Into a running database (LOAD CSV)

        Copy the `*.csv` data files into Neo4j's `import/` directory and run

        ```sh
        cypher-shell -f load.cypher
        ```

        `load.cypher` uses `CALL { WITH row … } IN TRANSACTIONS`, which Neo4j 4.4 and every 5.x
        accept. Fields are quoted only where CSV needs it, so a name ending in a backslash loads
        verbatim even with LOAD CSV's default `dbms.import.csv.legacy_quote_escaping=true`.
        \(legacyNote(graph))

        """
    }
}
