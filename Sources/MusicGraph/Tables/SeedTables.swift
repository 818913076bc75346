/// Readers for the seed's table files (`../shared/fixtures/seed-2020/`): column names as the seed
/// wrote them, values checked and typed. Each takes a parsed `DelimitedTable` so callers choose
/// where the bytes come from.
public enum SeedTables {
    /// What to do with a key that appears twice.
    public enum DuplicateKeys: Sendable {
        /// A typed error naming both lines (the default: a table is accepted whole or refused).
        case refuse
        /// Keep the first row with the key; count the others (`musicgraph --allow-duplicates`).
        case keepFirst
    }

    /// Rows with each key once, and how many later duplicates were dropped.
    public struct UniqueRows<Row: Sendable>: Sendable {
        /// The rows kept, in file order.
        public var rows: [Row]
        /// Rows dropped because their key appeared earlier.
        public var dropped: Int
    }

    /// `master_artist.csv`: `artist_id,artist_name,is_main` (`t`/`f`, also `True`/`False`, `1`/`0`).
    /// An `artist_id` that appears twice is a `TableError.duplicateKey`.
    public static func artists(_ table: DelimitedTable) throws(TableError) -> [Artist] {
        try artists(table, duplicates: .refuse).rows
    }

    /// `master_artist.csv` with an explicit rule for repeated `artist_id`s.
    public static func artists(_ table: DelimitedTable, duplicates: DuplicateKeys) throws(TableError) -> UniqueRows<Artist> {
        try unique(try parseArtists(table), key: \.id, column: "artist_id", table: table, duplicates: duplicates)
    }

    /// `master_track.csv`: `track_id,track_name,peak_date,streams`. A repeated `track_id` is a
    /// `TableError.duplicateKey`.
    public static func tracks(_ table: DelimitedTable) throws(TableError) -> [Track] {
        try tracks(table, duplicates: .refuse).rows
    }

    /// `master_track.csv` with an explicit rule for repeated `track_id`s.
    public static func tracks(_ table: DelimitedTable, duplicates: DuplicateKeys) throws(TableError) -> UniqueRows<Track> {
        try unique(try parseTracks(table), key: \.id, column: "track_id", table: table, duplicates: duplicates)
    }

    private static func unique<Row: Sendable>(
        _ rows: [Row], key: KeyPath<Row, String>, column: String, table: DelimitedTable, duplicates: DuplicateKeys
    ) throws(TableError) -> UniqueRows<Row> {
        var first: [String: Int] = [:]
        first.reserveCapacity(rows.count)
        var kept: [Row] = []
        kept.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let value = row[keyPath: key]
            if let earlier = first[value] {
                guard duplicates == .keepFirst else {
                    throw .duplicateKey(source: table.source, line: table.lineNumbers[index], column: column, value: value,
                                        firstLine: table.lineNumbers[earlier])
                }
                continue
            }
            first[value] = index
            kept.append(row)
        }
        return UniqueRows(rows: kept, dropped: rows.count - kept.count)
    }

    private static func parseArtists(_ table: DelimitedTable) throws(TableError) -> [Artist] {
        let id = try table.column("artist_id"), name = try table.column("artist_name")
        let main = try table.column("is_main")
        var artists: [Artist] = []
        artists.reserveCapacity(table.rowCount)
        for index in 0..<table.rowCount {
            guard let isMain = parseBool(table[index, main]) else {
                throw .invalidValue(source: table.source, line: table.lineNumbers[index], column: "is_main", value: table[index, main])
            }
            artists.append(Artist(id: table[index, id], name: table[index, name], isMain: isMain))
        }
        return artists
    }

    private static func parseTracks(_ table: DelimitedTable) throws(TableError) -> [Track] {
        let id = try table.column("track_id"), name = try table.column("track_name")
        let date = try table.column("peak_date"), streams = try table.column("streams")
        var tracks: [Track] = []
        tracks.reserveCapacity(table.rowCount)
        for index in 0..<table.rowCount {
            guard let count = Int64(table[index, streams]) else {
                throw .invalidValue(source: table.source, line: table.lineNumbers[index], column: "streams", value: table[index, streams])
            }
            tracks.append(Track(id: table[index, id], name: table[index, name], peakDate: table[index, date], streams: count))
        }
        return tracks
    }

    /// `rel_artist_artist.csv`: `query;rel_art;genre;popularity` (popularity may be empty).
    public static func relatedRows(_ table: DelimitedTable) throws(TableError) -> [RelatedArtistRow] {
        let query = try table.column("query"), related = try table.column("rel_art")
        let genre = try table.column("genre"), popularity = try table.column("popularity")
        var rows: [RelatedArtistRow] = []
        rows.reserveCapacity(table.rowCount)
        for index in 0..<table.rowCount {
            var value: Int?
            let text = table[index, popularity]
            if !text.isEmpty {
                guard let parsed = parsePopularity(text) else {
                    throw .invalidValue(source: table.source, line: table.lineNumbers[index], column: "popularity", value: text)
                }
                value = parsed
            }
            rows.append(RelatedArtistRow(
                query: table[index, query], related: table[index, related], genre: table[index, genre], popularity: value))
        }
        return rows
    }

    /// `rel_ART_TR.csv`: `artist_id;track_id`.
    public static func links(_ table: DelimitedTable) throws(TableError) -> [ArtistTrackLink] {
        let artist = try table.column("artist_id"), track = try table.column("track_id")
        return (0..<table.rowCount).map { ArtistTrackLink(artistID: table[$0, artist], trackID: table[$0, track]) }
    }

    /// `rel_REL_ART.csv`: `artist_id1;artist_id2` (Spotify related-artist edges).
    public static func relatedEdges(_ table: DelimitedTable) throws(TableError) -> [RelatedArtistEdge] {
        let from = try table.column("artist_id1"), to = try table.column("artist_id2")
        return (0..<table.rowCount).map { RelatedArtistEdge(from: table[$0, from], to: table[$0, to], source: .spotify) }
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "t", "true", "True", "TRUE", "1": return true
        case "f", "false", "False", "FALSE", "0": return false
        default: return nil
        }
    }

    /// Integers, and the float form pandas writes (`81.0`).
    static func parsePopularity(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        if let value = Double(text), value.rounded() == value, abs(value) < 1e9 { return Int(value) }
        return nil
    }
}
