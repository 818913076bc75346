import ArgumentParser
import Foundation
import MusicGraph

/// `musicgraph query`: the named in-memory queries.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a named query on the graph: top-tracks, neighbourhood ID, genre NAME, genres.")

    enum Name: String, ExpressibleByArgument, CaseIterable {
        case topTracks = "top-tracks", neighbourhood, genre, genres
    }

    @Argument(help: "top-tracks | neighbourhood | genre | genres")
    var query: Name

    @Argument(help: "The artist id (neighbourhood) or genre name (genre).")
    var subject: String?

    @Option(help: "Rows to print.")
    var limit: Int = 20

    @OptionGroup var inputs: GraphInputs
    @OptionGroup var trackInputs: TrackInputs

    func validate() throws {
        if (query == .neighbourhood || query == .genre) && subject == nil {
            throw ValidationError("'\(query.rawValue)' needs an argument")
        }
    }

    func run() throws {
        let graph = try buildGraph(inputs, trackInputs)
        switch query {
        case .topTracks:
            for row in graph.topTracks(limit: limit) {
                print("\(row.track.streams)\t\(row.track.name)\t\(row.artists.map(\.name).joined(separator: ", "))\t\(row.genres.prefix(5).joined(separator: ", "))")
            }
        case .neighbourhood:
            guard let hood = graph.neighbourhood(of: subject!) else {
                printError("musicgraph: unknown artist id '\(subject!)'")
                throw ExitCode(1)
            }
            print("\(hood.artist.name) (\(hood.artist.id)) genres: \(hood.genres.joined(separator: ", "))")
            print("related: \(hood.related.map(\.name).joined(separator: ", "))")
            print("related by: \(hood.relatedBy.map(\.name).joined(separator: ", "))")
            for track in hood.tracks.prefix(limit) { print("  \(track.streams)\t\(track.name)") }
        case .genre:
            for artist in graph.artists(inGenre: subject!).prefix(limit) { print("\(artist.id)\t\(artist.name)") }
        case .genres:
            for (genre, count) in graph.genreDegrees().prefix(limit) { print("\(count)\t\(genre)") }
        }
    }
}
