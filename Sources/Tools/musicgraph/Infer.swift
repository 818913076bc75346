import ArgumentParser
import Foundation
import MusicGraph

/// `musicgraph infer`: genre vote and popularity inference.
struct Infer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Infer every artist's genres and popularity from its related artists.",
        discussion: """
            Writes OUT/artist_genre.csv (artist_id,genre,source: direct|voted|undefined) and \
            OUT/artist_popularity.csv (artist_id,popularity,source: direct|inferred|none).
            """)

    @OptionGroup var inputs: GraphInputs

    @Option(help: "Output directory.")
    var out: String

    func run() throws {
        let started = Date()
        let artists = try inputs.loadArtists()
        let related = try inputs.loadRelated()
        let loaded = Date()
        let result = DatasetInference(mode: inputs.mode).run(artists: artists, related: related)
        let inferred = Date()
        var genres = DelimitedWriter(delimiter: ",", header: ["artist_id", "genre", "source"])
        for g in result.genres { genres.append([g.artistID, g.genre, g.source.rawValue]) }
        var popularity = DelimitedWriter(delimiter: ",", header: ["artist_id", "popularity", "source"])
        for p in result.popularity { popularity.append([p.artistID, p.popularity.map(String.init) ?? "", p.source.rawValue]) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data(genres.text.utf8).write(to: URL(fileURLWithPath: "\(out)/artist_genre.csv"), options: .atomic)
        try Data(popularity.text.utf8).write(to: URL(fileURLWithPath: "\(out)/artist_popularity.csv"), options: .atomic)
        let voted = result.genres.filter { $0.source == .voted }.count
        let undefined = result.genres.filter { $0.source == .undefined }.count
        let inferredCount = result.popularity.filter { $0.source == .inferred }.count
        printError(String(
            format: "musicgraph: %d artists: %d voted genres, %d undefined, %d inferred popularities -> %@",
            artists.count, voted, undefined, inferredCount, out))
        printError(String(
            format: "musicgraph: load %.3f s, infer %.3f s, write %.3f s",
            loaded.timeIntervalSince(started), inferred.timeIntervalSince(loaded), Date().timeIntervalSince(inferred)))
    }
}
