import ArgumentParser
import Foundation
import MusicGraph

/// `musicgraph`: the artist–track–genre graph, its inference and exports.
@main
struct MusicGraphTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "musicgraph",
        abstract: "Infer genres and popularity, match artist names, query and export the artist graph.",
        discussion: "Inputs are the seed's table files (see ../shared/fixtures/seed-2020/README.md).",
        subcommands: [Infer.self, Export.self, Match.self, Query.self, Evaluate.self])
}

extension GraphMode: ExpressibleByArgument {}

/// Writes one line to standard error.
func printError(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

/// The input tables shared by `infer`, `export` and `query`.
struct GraphInputs: ParsableArguments {
    @Option(help: "seed2020 reproduces 2020 exactly; default fixes its bugs.")
    var mode: GraphMode = .standard

    @Option(help: "master_artist.csv (artist_id,artist_name,is_main).")
    var artists: String

    @Option(help: "rel_artist_artist.csv (query;rel_art;genre;popularity).")
    var related: String?

    @Flag(help: "Keep the first row of each repeated artist_id / track_id and report how many were dropped (default: a repeated key is an error).")
    var allowDuplicates = false

    /// The duplicate-key rule chosen.
    var duplicates: SeedTables.DuplicateKeys { allowDuplicates ? .keepFirst : .refuse }

    /// Reads the artist table.
    func loadArtists() throws -> [Artist] {
        let unique = try SeedTables.artists(DelimitedTable(contentsOf: artists), duplicates: duplicates)
        if unique.dropped > 0 { printError("musicgraph: \(artists): kept the first of each repeated artist_id, dropped \(unique.dropped) rows") }
        return unique.rows
    }

    /// Reads the related-artist rows (none when not given).
    func loadRelated() throws -> [RelatedArtistRow] {
        guard let related else { return [] }
        return try SeedTables.relatedRows(DelimitedTable(contentsOf: related))
    }
}

/// The extra tables a full graph needs.
struct TrackInputs: ParsableArguments {
    @Option(help: "master_track.csv (track_id,track_name,peak_date,streams).")
    var tracks: String

    @Option(help: "rel_ART_TR.csv (artist_id;track_id).")
    var links: String

    @Option(help: "rel_REL_ART.csv (artist_id1;artist_id2). Default: from --related, else kworb co-features.")
    var relations: String?

    @Option(help: "Related artists kept per artist by the co-feature fallback.")
    var cofeatureTop: Int = 20
}

/// Loads every table and builds the graph with inferred genres and popularity.
func buildGraph(_ inputs: GraphInputs, _ trackInputs: TrackInputs) throws -> ArtistGraph {
    let artists = try inputs.loadArtists()
    let related = try inputs.loadRelated()
    let uniqueTracks = try SeedTables.tracks(DelimitedTable(contentsOf: trackInputs.tracks), duplicates: inputs.duplicates)
    if uniqueTracks.dropped > 0 {
        printError("musicgraph: \(trackInputs.tracks): kept the first of each repeated track_id, dropped \(uniqueTracks.dropped) rows")
    }
    let tracks = uniqueTracks.rows
    let links = try SeedTables.links(DelimitedTable(contentsOf: trackInputs.links))
    let relations: [RelatedArtistEdge]
    if let path = trackInputs.relations {
        relations = try SeedTables.relatedEdges(DelimitedTable(contentsOf: path))
    } else if !related.isEmpty {
        var seen = Set<[String]>()
        relations = related.compactMap { row in
            seen.insert([row.query, row.related]).inserted ? RelatedArtistEdge(from: row.query, to: row.related) : nil
        }
    } else {
        printError("musicgraph: no related-artist data: deriving REL_ART from kworb co-features")
        relations = CoFeatureRelations(maximumPerArtist: trackInputs.cofeatureTop).edges(links: links, tracks: tracks)
    }
    let inferred = DatasetInference(mode: inputs.mode).run(artists: artists, related: related)
    let graph = ArtistGraph(
        artists: artists, tracks: tracks, links: links, relations: relations, genres: inferred.genres,
        popularity: inferred.popularity)
    if graph.dropped.links + graph.dropped.relations + graph.dropped.genres > 0 {
        printError("musicgraph: dropped edges with unknown ends: \(graph.dropped.links) ART_TR, \(graph.dropped.relations) REL_ART, \(graph.dropped.genres) GEN_ART")
    }
    return graph
}
