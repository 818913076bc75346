/// Readers for the seed's table files (`../shared/fixtures/seed-2020/`): column names as the seed
/// wrote them, values checked and typed. Each takes a parsed `DelimitedTable` so callers choose
/// where the bytes come from.
public enum SeedTables {
    /// `master_artist.csv`: `artist_id,artist_name,is_main` (`t`/`f`, also `True`/`False`, `1`/`0`).
    public static func artists(_ table: DelimitedTable) throws(TableError) -> [Artist] {
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

    /// `master_track.csv`: `track_id,track_name,peak_date,streams`.
    public static func tracks(_ table: DelimitedTable) throws(TableError) -> [Track] {
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
