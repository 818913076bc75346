import ArgumentParser
import Foundation
import MusicGraph
import Pipeline
import SpotifyClient

/// `spotify`: the Spotify Web API client from the command line; prints JSON.
@main
struct SpotifyTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotify",
        abstract: "Query the Spotify Web API (Client Credentials) and print JSON.",
        discussion: """
            Credentials come from SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET. Base URLs default to \
            Spotify's (or SPOTIFY_API_BASE / SPOTIFY_ACCOUNTS_BASE) so a local fake can stand in. \
            Errors print one line naming the endpoint and the reason, and exit non-zero.
            """,
        subcommands: [SearchArtist.self, ArtistCommand.self, Related.self, TopTracks.self, SearchTracks.self])
}

extension GraphMode: ExpressibleByArgument {}

/// Options every subcommand takes.
struct Connection: ParsableArguments {
    @Option(help: "Web API base URL.")
    var apiBase: String?

    @Option(help: "Accounts service base URL.")
    var accountsBase: String?

    func client() throws -> SpotifyClient {
        var configuration = SpotifyConfiguration.fromEnvironment()
        if let apiBase { configuration.apiBase = try url(apiBase, "--api-base") }
        if let accountsBase { configuration.accountsBase = try url(accountsBase, "--accounts-base") }
        return try SpotifyClient(configuration: configuration)
    }

    private func url(_ text: String, _ option: String) throws -> URL {
        guard let url = URL(string: text.hasSuffix("/") ? text : text + "/"), url.scheme != nil else {
            throw ValidationError("\(option) is not a URL: \(text)")
        }
        return url
    }
}

/// Runs `body`, turning a `SpotifyError` into one stderr line and exit code 1.
func reporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as SpotifyError {
        FileHandle.standardError.write(Data("spotify: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Prints raw JSON values as a pretty JSON document.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    FileHandle.standardOutput.write(try encoder.encode(value))
    print("")
}

struct SearchArtist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search-artist", abstract: "Find the artist a name refers to; prints {\"id\", \"name\", \"score\"}.")
    @Argument(help: "Artist name.") var name: String
    @Option(help: "seed2020 (track search, first hit under 0.1) or default (ranked artist search).")
    var mode: GraphMode = .standard
    @OptionGroup var connection: Connection

    func run() async throws {
        try await reporting {
            guard let match = try await SpotifyArtistLookup(client: try connection.client(), mode: mode).find(name) else {
                FileHandle.standardError.write(Data("spotify: \(SpotifyEndpoint.search.rawValue): no artist matches '\(name)'\n".utf8))
                throw ExitCode(1)
            }
            struct Output: Encodable { let id: String; let name: String; let score: Double }
            try printJSON(Output(id: match.id, name: match.name, score: match.score))
        }
    }
}

struct ArtistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "artist", abstract: "GET /artists/{id}.")
    @Argument(help: "Spotify artist id.") var id: String
    @OptionGroup var connection: Connection
    func run() async throws { try await reporting { try printJSON(try await connection.client().artist(id).raw) } }
}

struct Related: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "related", abstract: "GET /artists/{id}/related-artists.")
    @Argument(help: "Spotify artist id.") var id: String
    @OptionGroup var connection: Connection
    func run() async throws { try await reporting { try printJSON(try await connection.client().relatedArtists(id).map(\.raw)) } }
}

struct TopTracks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top-tracks", abstract: "GET /artists/{id}/top-tracks.")
    @Argument(help: "Spotify artist id.") var id: String
    @Option(help: "Market (ISO 3166-1 alpha-2).") var market: String = "US"
    @OptionGroup var connection: Connection
    func run() async throws { try await reporting { try printJSON(try await connection.client().topTracks(id, market: market).map(\.raw)) } }
}

struct SearchTracks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search-tracks", abstract: "Search tracks (10 per request, up to --limit).")
    @Argument(help: "Query.") var query: String
    @Option(help: "Results wanted (≤ 1000).") var limit: Int = 10
    @OptionGroup var connection: Connection
    func run() async throws {
        try await reporting {
            var tracks: [JSONValue] = []
            for try await track in try connection.client().searchTracks(query) {
                tracks.append(track.raw)
                if tracks.count >= limit { break }
            }
            try printJSON(tracks)
        }
    }
}
