import ArgumentParser
import CatalogMatching
import Foundation
import Redaction
import MusicGraph
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
        subcommands: [SearchArtist.self, ArtistCommand.self, LookupArtists.self, Related.self, TopTracks.self, SearchTracks.self])
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
        FileHandle.standardError.write(Data(Redaction.scrub("spotify: \(error)\n").utf8))
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

struct LookupArtists: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup-artists",
        abstract: "Look up many artists by id, one request each, N at a time; prints one JSON object per line.",
        discussion: "Ids come from the arguments or --ids-file (one per line). A summary line goes to stderr.")
    @Argument(help: "Spotify artist ids.") var ids: [String] = []
    @Option(help: "File with one id per line.") var idsFile: String?
    @Option(help: "Requests in flight at once.") var concurrency: Int = 8
    @Flag(help: "Print only the summary.") var quiet = false
    @OptionGroup var connection: Connection

    func run() async throws {
        var all = ids
        if let idsFile {
            let text = try String(contentsOfFile: idsFile, encoding: .utf8)
            all += text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let client = try connection.client()
        let started = Date()
        let width = max(1, concurrency)
        var failures = 0
        var next = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await withThrowingTaskGroup(of: Result<SpotifyArtist, SpotifyError>.self) { group in
            func launch() {
                guard next < all.count else { return }
                let id = all[next]
                next += 1
                group.addTask {
                    do throws(SpotifyError) { return .success(try await client.artist(id)) } catch { return .failure(error) }
                }
            }
            for _ in 0..<width { launch() }
            while let result = try await group.next() {
                switch result {
                case .success(let artist):
                    if !quiet { FileHandle.standardOutput.write(try encoder.encode(artist.raw) + Data("\n".utf8)) }
                case .failure(let error):
                    failures += 1
                    FileHandle.standardError.write(Data(Redaction.scrub("spotify: \(error)\n").utf8))
                }
                launch()
            }
        }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data(String(format: "spotify: %d artists in %.3f s (%.0f requests/s), %d failed\n",
                                                   all.count, seconds, Double(all.count) / seconds, failures).utf8))
        if failures > 0 { throw ExitCode(1) }
    }
}
