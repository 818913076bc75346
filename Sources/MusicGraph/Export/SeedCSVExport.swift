import Foundation

/// The seed's `data/psql_out/*.csv` export (SEED-SPEC §4.2): `;`-separated, pandas quoting,
/// `True`/`False`, popularity written as a float (`99.0`, empty when unknown).
///
/// Names: `seed2020` rewrites `;` inside names as the seed did (` & ` in artist names, removed in
/// track names and genres), so the 2020 files are reproduced byte for byte; `standard` keeps every
/// name byte for byte and quotes the fields that need it.
public enum SeedCSVExport {
    /// `master_artist.csv`: `artist_id;artist_name;is_main;popularity`.
    public static func masterArtist(_ graph: ArtistGraph, mode: GraphMode) -> String {
        var writer = DelimitedWriter(delimiter: ";", header: ["artist_id", "artist_name", "is_main", "popularity"])
        for (index, artist) in graph.artists.enumerated() {
            let popularity = graph.popularity[index]?.popularity.map { "\($0).0" } ?? ""
            writer.append([
                artist.id, mode == .seed2020 ? artist.name.replacingOccurrences(of: ";", with: " & ") : artist.name, artist.isMain ? "True" : "False",
                popularity,
            ])
        }
        return writer.text
    }

    /// `master_track.csv`: `track_id;track_name;peak_date;streams`.
    public static func masterTrack(_ graph: ArtistGraph, mode: GraphMode) -> String {
        var writer = DelimitedWriter(delimiter: ";", header: ["track_id", "track_name", "peak_date", "streams"])
        for track in graph.tracks {
            writer.append([track.id, mode == .seed2020 ? track.name.replacingOccurrences(of: ";", with: "") : track.name, track.peakDate, String(track.streams)])
        }
        return writer.text
    }

    /// `master_genre.csv`: the distinct genres.
    public static func masterGenre(_ graph: ArtistGraph, mode: GraphMode) -> String {
        var writer = DelimitedWriter(delimiter: ";", header: ["genre"])
        var seen = Set<String>()
        for genre in graph.genres.map({ cleanGenre($0, mode) }) where seen.insert(genre).inserted { writer.append([genre]) }
        return writer.text
    }

    /// `rel_GEN_ART.csv`: `genre;artist_id`.
    public static func genreArtist(_ graph: ArtistGraph, mode: GraphMode) -> String {
        var writer = DelimitedWriter(delimiter: ";", header: ["genre", "artist_id"])
        var seen = Set<[String]>()
        for assignment in graph.genreAssignments {
            let row = [cleanGenre(assignment.genre, mode), assignment.artistID]
            if seen.insert(row).inserted { writer.append(row) }
        }
        return writer.text
    }

    /// `rel_ART_TR.csv`: `artist_id;track_id`.
    public static func artistTrack(_ graph: ArtistGraph) -> String {
        var writer = DelimitedWriter(delimiter: ";", header: ["artist_id", "track_id"])
        for link in graph.links { writer.append([link.artistID, link.trackID]) }
        return writer.text
    }

    /// `rel_REL_ART.csv`: `artist_id1;artist_id2`.
    public static func relatedArtists(_ graph: ArtistGraph) -> String {
        var writer = DelimitedWriter(delimiter: ";", header: ["artist_id1", "artist_id2"])
        for edge in graph.relations { writer.append([edge.from, edge.to]) }
        return writer.text
    }

    /// Writes all six files into `directory`; returns their paths.
    public static func write(_ graph: ArtistGraph, to directory: String, mode: GraphMode) throws -> [String] {
        let files: [(String, String)] = [
            ("master_artist.csv", masterArtist(graph, mode: mode)), ("master_track.csv", masterTrack(graph, mode: mode)),
            ("master_genre.csv", masterGenre(graph, mode: mode)), ("rel_GEN_ART.csv", genreArtist(graph, mode: mode)),
            ("rel_ART_TR.csv", artistTrack(graph)), ("rel_REL_ART.csv", relatedArtists(graph)),
        ]
        return try ExportFiles.write(files, to: directory)
    }

    private static func cleanGenre(_ genre: String, _ mode: GraphMode) -> String {
        mode == .seed2020 ? genre.replacingOccurrences(of: ";", with: "") : genre
    }
}

/// Atomic writes of a set of export files.
enum ExportFiles {
    static func write(_ files: [(String, String)], to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try files.map { name, text in
            let path = (directory as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            return path
        }
    }
}
